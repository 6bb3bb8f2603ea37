// A strongly defocused background rendered on a coarser raster: a Gaussian of sigma >= 4 px leaves no detail a
// raster k = 2 or 4 times coarser could not carry (at its Nyquist frequency the blur's gain is below e^-19), so the
// table (or room photo) behind a hand-held document is drawn, rendered and blurred at 1/k of the frame's size and
// then upsampled. The reduction and the upsampling blur a little themselves; the blur on the coarse raster is made
// narrower by that amount so the background ends with the same sigma as a full-size blur.
import type { Camera } from './geometry.js';

/** How much coarser the background may be rendered for a blur of `sigma` frame pixels: 1, 2 or 4. */
export function backgroundReduction(sigma: number): 1 | 2 | 4 {
  if (sigma >= 8) return 4;
  if (sigma >= 4) return 2;
  return 1;
}

/**
 * Sigma, in coarse pixels, of the blur to apply on a raster reduced k times so that the whole chain has `sigma` frame
 * pixels: the pixel footprint of the coarse render (a k-pixel box, variance k^2/12) and the bilinear upsampling (a
 * triangle of half-width k, variance k^2/6) already add k^2/4.
 */
export function reducedSigma(sigma: number, k: number): number {
  return Math.sqrt(Math.max(0, sigma * sigma - (k * k) / 4)) / k;
}

/** The same camera with a sensor k times coarser (same field of view and pose). */
export function coarseCamera(cam: Camera, k: number): Camera {
  return { ...cam, width: Math.ceil(cam.width / k), height: Math.ceil(cam.height / k), focalPx: cam.focalPx / k, cx: cam.cx / k, cy: cam.cy / k };
}

/**
 * Bilinear upsampling of an RGB raster `k` times coarser than the destination, pixel centres aligned (frame pixel x
 * sits at coarse x' = (x + 0.5) / k - 0.5), edges clamped. Overwrites `dst`.
 */
export function upsampleRgb(src: Float32Array, sw: number, sh: number, k: number, dst: Float32Array, width: number, height: number): void {
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const fxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    let fx = (x + 0.5) / k - 0.5;
    if (fx < 0) fx = 0;
    if (fx > sw - 1) fx = sw - 1;
    const i0 = fx | 0;
    x0s[x] = i0 * 3;
    x1s[x] = Math.min(sw - 1, i0 + 1) * 3;
    fxs[x] = fx - i0;
  }
  for (let y = 0; y < height; y++) {
    let fy = (y + 0.5) / k - 0.5;
    if (fy < 0) fy = 0;
    if (fy > sh - 1) fy = sh - 1;
    const j0 = fy | 0;
    const ty = fy - j0;
    const r0 = j0 * sw * 3;
    const r1 = Math.min(sh - 1, j0 + 1) * sw * 3;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      const a = x0s[x]!;
      const b = x1s[x]!;
      const tx = fxs[x]!;
      const w00 = (1 - tx) * (1 - ty);
      const w10 = tx * (1 - ty);
      const w01 = (1 - tx) * ty;
      const w11 = tx * ty;
      dst[o] = src[r0 + a]! * w00 + src[r0 + b]! * w10 + src[r1 + a]! * w01 + src[r1 + b]! * w11;
      dst[o + 1] = src[r0 + a + 1]! * w00 + src[r0 + b + 1]! * w10 + src[r1 + a + 1]! * w01 + src[r1 + b + 1]! * w11;
      dst[o + 2] = src[r0 + a + 2]! * w00 + src[r0 + b + 2]! * w10 + src[r1 + a + 2]! * w01 + src[r1 + b + 2]! * w11;
    }
  }
}
