// Exactly flat blocks (texture.ts's `flatness` at tolerance 0) counted with an early exit: a camera block stops
// being flat at its first differing pixel, usually the second one, so most blocks cost two reads instead of 16.
// The results are flatness()'s to the bit: the same blocks, the same float32 luma, the same clipping rule.
import type { RgbImage } from '../image/types.js';
import type { Plane, Rect } from './planes.js';
import { flatnessBlockGrid, type Flatness } from './texture.js';

/** flatness(plane, blockSize, 0): share of blockSize x blockSize blocks whose values are all equal. */
export function exactFlatness(plane: Plane, blockSize = 4): Flatness {
  const { width: w, height: h, data } = plane;
  const { cols, rows } = flatnessBlockGrid(w, h, blockSize, 'plane');
  let flat = 0;
  let flatUnclipped = 0;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      const first = by * blockSize * w + bx * blockSize;
      const v = data[first]!;
      let same = true;
      for (let y = 0; y < blockSize && same; y++) {
        const row = first + y * w;
        for (let x = 0; x < blockSize; x++) {
          if (data[row + x] !== v) {
            same = false;
            break;
          }
        }
      }
      if (same) {
        flat++;
        if (v > 0.5 && v < 254.5) flatUnclipped++;
      }
    }
  }
  const total = cols * rows;
  return { flatFraction: flat / total, flatUnclippedFraction: flatUnclipped / total };
}

/** Luma as lumaOfRect stores it (planes.ts: Rec. 601 weights, rounded to float32). */
const luma32 = (r: number, g: number, b: number): number => Math.fround(0.299 * r + 0.587 * g + 0.114 * b);

/**
 * exactFlatness(lumaOfRect(image, rect), blockSize) without building the luma plane: pixels with the first
 * pixel's RGB have its luma; others are compared by their float32 luma (different RGB can round to the same).
 */
export function exactFlatLuma(image: RgbImage, rect: Rect, blockSize = 4): Flatness {
  if (rect.x < 0 || rect.y < 0 || rect.x + rect.width > image.width || rect.y + rect.height > image.height) {
    throw new RangeError(`rect ${rect.width}x${rect.height} at (${rect.x}, ${rect.y}) must lie inside the ${image.width}x${image.height} image`);
  }
  const { cols, rows } = flatnessBlockGrid(rect.width, rect.height, blockSize, 'rect');
  const { width: iw, data } = image;
  let flat = 0;
  let flatUnclipped = 0;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      const first = ((rect.y + by * blockSize) * iw + rect.x + bx * blockSize) * 3;
      const r = data[first]!;
      const g = data[first + 1]!;
      const b = data[first + 2]!;
      const v = luma32(r, g, b);
      let same = true;
      for (let y = 0; y < blockSize && same; y++) {
        let i = first + y * iw * 3;
        for (let x = 0; x < blockSize; x++, i += 3) {
          const ri = data[i]!;
          const gi = data[i + 1]!;
          const bi = data[i + 2]!;
          if ((ri !== r || gi !== g || bi !== b) && luma32(ri, gi, bi) !== v) {
            same = false;
            break;
          }
        }
      }
      if (same) {
        flat++;
        if (v > 0.5 && v < 254.5) flatUnclipped++;
      }
    }
  }
  const total = cols * rows;
  return { flatFraction: flat / total, flatUnclippedFraction: flatUnclipped / total };
}
