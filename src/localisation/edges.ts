// Colour edge map at working resolution: per pixel, the Sobel gradient of whichever RGB channel changes most, so
// that a white card on a beige desk (an edge mostly in blue) is as visible as a dark card on a white sheet.
import { boxBlur } from '../image/raster.js';
import { createPlane, type Plane, type RgbImage } from '../image/types.js';

export interface EdgeMap {
  readonly width: number;
  readonly height: number;
  readonly gx: Float32Array;
  readonly gy: Float32Array;
  readonly magnitude: Float32Array;
}

let blurScratch = { a: new Float32Array(0), b: new Float32Array(0) };

export function colourEdges(image: RgbImage): EdgeMap {
  const { width, height } = image;
  const n = width * height;
  const gx = new Float32Array(n), gy = new Float32Array(n), magnitude = new Float32Array(n);
  // Two scratch planes for all three channels (the same arithmetic as raster.ts boxBlur and sobel, without a new
  // plane per pass).
  // Reused across frames: each channel overwrites all of a before reading it, and each blur pass all of b.
  if (blurScratch.a.length < n) blurScratch = { a: new Float32Array(n), b: new Float32Array(n) };
  const a = blurScratch.a.subarray(0, n), b = blurScratch.b.subarray(0, n);
  const sums = new Float64Array(width);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) a[i] = image.data[i * 3 + c]!;
    // Light smoothing: removes JPEG ringing and paper texture, keeps the document's border step.
    for (let pass = 0; pass < 2; pass++) {
      blurRowsInto(a, b, width, height, 1);
      blurColumnsInto(b, a, width, height, 1, sums);
    }
    maxSobelInto(a, width, height, gx, gy, magnitude);
  }
  return { width, height, gx, gy, magnitude };
}

/** raster.ts blurRows into a given buffer. */
function blurRowsInto(src: Float32Array, out: Float32Array, width: number, height: number, radius: number): void {
  const window = 2 * radius + 1;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    let sum = 0;
    for (let k = -radius; k <= radius; k++) sum += src[base + (k < 0 ? 0 : k > width - 1 ? width - 1 : k)]!;
    for (let x = 0; x < width; x++) {
      out[base + x] = sum / window;
      const add = x + radius + 1 < width ? x + radius + 1 : width - 1;
      const remove = x - radius > 0 ? x - radius : 0;
      sum += src[base + add]! - src[base + remove]!;
    }
  }
}

/** raster.ts blurColumns into a given buffer (running sums of whole rows). */
function blurColumnsInto(src: Float32Array, out: Float32Array, width: number, height: number, radius: number, sums: Float64Array): void {
  const window = 2 * radius + 1;
  sums.fill(0);
  for (let k = -radius; k <= radius; k++) {
    const row = (k < 0 ? 0 : k > height - 1 ? height - 1 : k) * width;
    for (let x = 0; x < width; x++) sums[x] = sums[x]! + src[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    const base = y * width;
    const add = (y + radius + 1 < height ? y + radius + 1 : height - 1) * width;
    const remove = (y - radius > 0 ? y - radius : 0) * width;
    for (let x = 0; x < width; x++) {
      out[base + x] = sums[x]! / window;
      sums[x] = sums[x]! + src[add + x]! - src[remove + x]!;
    }
  }
}

/** raster.ts sobel (borders replicated), keeping per pixel the gradient of the largest magnitude seen so far. */
function maxSobelInto(data: Float32Array, width: number, height: number, gx: Float32Array, gy: Float32Array, magnitude: Float32Array): void {
  for (let y = 0; y < height; y++) {
    const ym = (y > 0 ? y - 1 : 0) * width, y0 = y * width, yp = (y < height - 1 ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      const xm = x > 0 ? x - 1 : 0;
      const xp = x < width - 1 ? x + 1 : x;
      const a = data[ym + xm]!, b = data[ym + x]!, c = data[ym + xp]!;
      const d = data[y0 + xm]!, f = data[y0 + xp]!;
      const g = data[yp + xm]!, h = data[yp + x]!, k = data[yp + xp]!;
      const sx = c + 2 * f + k - a - 2 * d - g;
      const sy = g + 2 * h + k - a - 2 * b - c;
      // Rounded to float32 first, as the stored magnitude of the plane-based version was.
      const m = Math.fround(Math.sqrt(sx * sx + sy * sy));
      const i = y0 + x;
      if (m > magnitude[i]!) {
        magnitude[i] = m;
        gx[i] = sx;
        gy[i] = sy;
      }
    }
  }
}

/** Fraction of strong-edge pixels in a (2r+1)^2 window around each pixel: where there is print or texture. */
export function edgeDensity(edges: EdgeMap, threshold: number, radius: number): Plane {
  const mask = createPlane(edges.width, edges.height);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = (edges.magnitude[i] as number) > threshold ? 1 : 0;
  return boxBlur(mask, radius, 1);
}
