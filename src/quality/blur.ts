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

/** `radius`: half-size of the window the local contrast is read in; must exceed 3 sigma of the blur to detect. */
export function estimateBlur(luma: Plane, radius = 8, minContrast = 40): BlurEstimate {
  const { width, height, data } = luma;
  const g = sobel(luma);
  // Candidate pixels: local maxima of the gradient along its direction, above a magnitude floor.
  const mags = g.magnitude.data;
  const candidates: number[] = [];
  for (let y = radius; y < height - radius; y++) {
    for (let x = radius; x < width - radius; x++) {
      const i = y * width + x;
      const m = mags[i] as number;
      if (m < minContrast) continue;
      const gx = g.gx.data[i] as number, gy = g.gy.data[i] as number;
      const dx = Math.round(gx / m), dy = Math.round(gy / m);
      if (m < (mags[i + dy * width + dx] as number) || m < (mags[i - dy * width - dx] as number)) continue;
      candidates.push(i);
    }
  }
  if (candidates.length === 0) return { sigma: Number.NaN, edgesUsed: 0 };
  candidates.sort((a, b) => (mags[b] as number) - (mags[a] as number));
  const strongest = candidates.slice(0, Math.max(50, Math.round(candidates.length * 0.1)));
  const sigmas: number[] = [];
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
    sigmas.push(contrast / (slope * SQRT_2PI));
  }
  if (sigmas.length === 0) return { sigma: Number.NaN, edgesUsed: 0 };
  sigmas.sort((a, b) => a - b);
  return { sigma: sigmas[Math.floor(sigmas.length / 2)] as number, edgesUsed: sigmas.length };
}
