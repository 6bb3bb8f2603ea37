// Blur as an equivalent Gaussian sigma, in pixels of the image measured. For a step edge of contrast C blurred by
// a Gaussian of sigma s, the steepest slope is C / (s * sqrt(2 pi)); reading C (local range) and the slope at the
// strongest edges gives s directly. A perfectly sharp sampled step reads about 0.8 px (central differences).
import { sobel } from '../image/raster.js';
import type { Plane } from '../image/types.js';

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
  const g = sobel(luma);
  // Candidate pixels: local maxima of the gradient along its direction, above a magnitude floor.
  const mags = g.magnitude.data;
  let candidates = new Int32Array(1024);
  let count = 0;
  for (let y = radius; y < height - radius; y++) {
    for (let x = radius; x < width - radius; x++) {
      const i = y * width + x;
      const m = mags[i] as number;
      if (m < minContrast) continue;
      if (mask !== undefined && !windowInMask(mask, width, x, y, radius)) continue;
      const gx = g.gx.data[i] as number, gy = g.gy.data[i] as number;
      const dx = Math.round(gx / m), dy = Math.round(gy / m);
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
    const nx = (g.gx.data[i] as number) / m, ny = (g.gy.data[i] as number) / m;
    // Contrast across the edge: range along the gradient direction within the window.
    let lo = Infinity, hi = -Infinity;
    for (let t = -radius; t <= radius; t++) {
      const sx = Math.round(x + t * nx), sy = Math.round(y + t * ny);
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
  const measured = sigmas.subarray(0, used).sort();
  return { sigma: measured[Math.floor(used / 2)] as number, edgesUsed: used };
}

/**
 * The `keep` candidates of largest magnitude, ties going to the earlier pixel (what a stable sort by magnitude kept),
 * in pixel order: the magnitude of rank `keep` from a native typed-array sort, then one pass.
 */
export function strongestEdges(candidates: Int32Array, mags: Float32Array, keep: number): Int32Array {
  if (keep >= candidates.length) return candidates;
  const values = new Float32Array(candidates.length);
  for (let k = 0; k < candidates.length; k++) values[k] = mags[candidates[k]!]!;
  values.sort();
  const floor = values[values.length - keep]!;
  let above = 0;
  for (let k = values.length - keep; k < values.length; k++) if (values[k]! > floor) above++;
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
