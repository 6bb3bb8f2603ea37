// Blur as an equivalent Gaussian sigma, in pixels of the image measured. For a step edge of contrast C blurred by
// a Gaussian of sigma s, the steepest slope is C / (s * sqrt(2 pi)); reading C (local range) and the slope at the
// strongest edges gives s directly. A perfectly sharp sampled step reads about 0.8 px (central differences).
import { roundHalfUp } from '../image/rounding.js';
import type { Plane } from '../image/types.js';
import { selectKth } from './order-statistic.js';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

export interface BlurEstimate {
  /** Median equivalent Gaussian sigma at the strongest edges, pixels. NaN when the image has no usable edge. */
  readonly sigma: number;
  readonly edgesUsed: number;
}

/**
 * `radius`: half-size of the window the local contrast is read in; must exceed 3 sigma of the blur to detect.
 * `mask` (1 = use): edges whose window reaches a masked-out pixel are left out (see quality/in-frame.ts).
 */
export function estimateBlur(luma: Plane, radius = 8, minContrast = 40, mask?: Uint8Array): BlurEstimate {
  const { width, height, data } = luma;
  // Only the Sobel magnitude is kept as a plane; gx / gy are recomputed for the few pixels that need them (the
  // same float32 values raster.sobel() stores, so the result is the same as with its three planes).
  const mags = sobelMagnitude(luma);
  // Candidate pixels: local maxima of the gradient along its direction, above a magnitude floor.
  let candidates = new Int32Array(1024);
  let count = 0;
  for (let y = radius; y < height - radius; y++) {
    for (let x = radius; x < width - radius; x++) {
      const i = y * width + x;
      const m = mags[i] as number;
      if (m < minContrast) continue;
      if (mask !== undefined && !windowInMask(mask, width, x, y, radius)) continue;
      const dx = roundHalfUp(sobelX(data, width, i) / m), dy = roundHalfUp(sobelY(data, width, i) / m);
      if (m < (mags[i + dy * width + dx] as number) || m < (mags[i - dy * width - dx] as number)) continue;
      if (count === candidates.length) { const grown = new Int32Array(2 * count); grown.set(candidates); candidates = grown; }
      candidates[count++] = i;
    }
  }
  if (count === 0) return { sigma: Number.NaN, edgesUsed: 0 };
  const strongest = strongestEdges(candidates.subarray(0, count), mags, Math.max(50, Math.round(count * 0.1)));
  const sigmas = new Float64Array(strongest.length);
  let used = 0;
  for (const i of strongest) {
    const x = i % width, y = (i - x) / width;
    const m = mags[i] as number;
    const nx = sobelX(data, width, i) / m, ny = sobelY(data, width, i) / m;
    // Contrast across the edge: range along the gradient direction within the window.
    let lo = Infinity, hi = -Infinity;
    for (let t = -radius; t <= radius; t++) {
      const sx = roundHalfUp(x + t * nx), sy = roundHalfUp(y + t * ny);
      const v = data[sy * width + sx] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const contrast = hi - lo;
    if (contrast < minContrast) continue;
    const slope = m / 8; // Sobel = 8 x the central-difference slope
    sigmas[used++] = contrast / (slope * SQRT_2PI);
  }
  if (used === 0) return { sigma: Number.NaN, edgesUsed: 0 };
  // The median by selection: the value the sorted sigmas hold at used / 2.
  return { sigma: selectKth(sigmas.subarray(0, used), Math.floor(used / 2)), edgesUsed: used };
}

/** Sobel x at an interior pixel, rounded to float32 as raster.sobel() stores it. */
function sobelX(d: Float32Array, w: number, i: number): number {
  return Math.fround(d[i - w + 1]! + 2 * d[i + 1]! + d[i + w + 1]! - d[i - w - 1]! - 2 * d[i - 1]! - d[i + w - 1]!);
}

/** Sobel y at an interior pixel, rounded to float32 as raster.sobel() stores it. */
function sobelY(d: Float32Array, w: number, i: number): number {
  return Math.fround(d[i + w - 1]! + 2 * d[i + w]! + d[i + w + 1]! - d[i - w - 1]! - 2 * d[i - w]! - d[i - w + 1]!);
}

/**
 * raster.sobel()'s magnitude plane alone (borders replicated), without its gx and gy planes: the interior
 * without clamping, the border rows and columns with it.
 */
export function sobelMagnitude(plane: Plane): Float32Array {
  const { width, height, data } = plane;
  const out = new Float32Array(width * height);
  const border = (x: number, y: number): void => {
    const ym = y > 0 ? y - 1 : 0, yp = y < height - 1 ? y + 1 : y;
    const xm = x > 0 ? x - 1 : 0, xp = x < width - 1 ? x + 1 : x;
    const a = data[ym * width + xm]!, b = data[ym * width + x]!, c = data[ym * width + xp]!;
    const d = data[y * width + xm]!, f = data[y * width + xp]!;
    const g = data[yp * width + xm]!, h = data[yp * width + x]!, k = data[yp * width + xp]!;
    const sx = c + 2 * f + k - a - 2 * d - g, sy = g + 2 * h + k - a - 2 * b - c;
    out[y * width + x] = Math.sqrt(sx * sx + sy * sy);
  };
  for (let y = 0; y < height; y++) {
    if (y === 0 || y === height - 1 || width < 3) {
      for (let x = 0; x < width; x++) border(x, y);
      continue;
    }
    border(0, y);
    let i = y * width + 1;
    for (let x = 1; x < width - 1; x++, i++) {
      const a = data[i - width - 1]!, b = data[i - width]!, c = data[i - width + 1]!;
      const d = data[i - 1]!, f = data[i + 1]!;
      const g = data[i + width - 1]!, h = data[i + width]!, k = data[i + width + 1]!;
      const sx = c + 2 * f + k - a - 2 * d - g, sy = g + 2 * h + k - a - 2 * b - c;
      out[i] = Math.sqrt(sx * sx + sy * sy);
    }
    border(width - 1, y);
  }
  return out;
}

/**
 * The `keep` candidates of largest magnitude, ties going to the earlier pixel (what a stable sort by magnitude kept),
 * in pixel order: the magnitude of rank `keep` by selection (the value a sort puts there), then one pass.
 */
export function strongestEdges(candidates: Int32Array, mags: Float32Array, keep: number): Int32Array {
  if (keep >= candidates.length) return candidates;
  const values = new Float32Array(candidates.length);
  for (let k = 0; k < candidates.length; k++) values[k] = mags[candidates[k]!]!;
  const floor = selectKth(values, values.length - keep);
  // Everything above the floor lies in the top `keep` of the order; the rest of those are ties with it.
  let above = 0;
  for (let k = 0; k < values.length; k++) if (values[k]! > floor) above++;
  let ties = keep - above;
  const out = new Int32Array(keep);
  let n = 0;
  for (let k = 0; k < candidates.length; k++) {
    const m = mags[candidates[k]!]!;
    if (m > floor || (m === floor && ties-- > 0)) out[n++] = candidates[k]!;
  }
  return out;
}

/** Whether the four corners and the centre of the (2 radius + 1)-square window around (x, y) are all in the mask. */
function windowInMask(mask: Uint8Array, width: number, x: number, y: number, radius: number): boolean {
  return mask[y * width + x] === 1 && mask[(y - radius) * width + x - radius] === 1 && mask[(y - radius) * width + x + radius] === 1
    && mask[(y + radius) * width + x - radius] === 1 && mask[(y + radius) * width + x + radius] === 1;
}
