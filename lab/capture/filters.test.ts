import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussianBlur, gaussianKernel } from './filters.js';

/** Direct separable convolution with mirrored borders: the definition the fast paths must reproduce. */
function referenceBlur(src: Float32Array, W: number, H: number, C: number, sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 2.5));
  const k = gaussianKernel(sigma, r);
  const mirror = (i: number, n: number): number => Math.min(n - 1, Math.max(0, i < 0 ? -i : i >= n ? 2 * n - 2 - i : i));
  const tmp = new Float64Array(src.length);
  const out = new Float32Array(src.length);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) {
    let a = 0;
    for (let j = -r; j <= r; j++) a += src[(y * W + mirror(x + j, W)) * C + c]! * k[j + r]!;
    tmp[(y * W + x) * C + c] = a;
  }
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) {
    let a = 0;
    for (let j = -r; j <= r; j++) a += tmp[(mirror(y + j, H) * W + x) * C + c]! * k[j + r]!;
    out[(y * W + x) * C + c] = a;
  }
  return out;
}

test('the unrolled Gaussian paths (radius 1-4, one and three channels) equal a direct convolution', () => {
  const W = 37;
  const H = 23;
  for (const C of [1, 3]) {
    const src = new Float32Array(W * H * C);
    for (let i = 0; i < src.length; i++) src[i] = ((i * 7919) % 101) / 100;
    for (const sigma of [0.35, 0.7, 1.0, 1.4]) {
      const got = src.slice();
      gaussianBlur(got, W, H, C, sigma);
      const want = referenceBlur(src, W, H, C, sigma);
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
      assert.ok(worst < 1e-5, `sigma ${sigma}, ${C} channel(s): largest difference ${worst}`);
    }
  }
});

/** Direct clamp-to-edge box average along one axis: the definition of one box pass. */
function referenceBox(src: Float64Array, W: number, H: number, C: number, r: number, horizontal: boolean): Float64Array {
  const out = new Float64Array(src.length);
  const clamp = (i: number, n: number): number => Math.min(n - 1, Math.max(0, i));
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) {
    let a = 0;
    for (let j = -r; j <= r; j++) a += horizontal ? src[(y * W + clamp(x + j, W)) * C + c]! : src[(clamp(y + j, H) * W + x) * C + c]!;
    out[(y * W + x) * C + c] = a / (2 * r + 1);
  }
  return out;
}

test('the large-sigma Gaussian (row passes fused, ring-buffered column passes) equals alternating direct box passes', () => {
  // Sizes include frames shorter and narrower than the box (clamping at both ends at once).
  for (const [W, H, C, sigma, passes] of [[41, 29, 3, 4, 3], [13, 7, 1, 6, 3], [30, 50, 3, 2.5, 1], [9, 64, 1, 9, 3]] as const) {
    const src = new Float32Array(W * H * C);
    for (let i = 0; i < src.length; i++) src[i] = ((i * 7919) % 101) / 100;
    const w = Math.max(1, Math.round(Math.sqrt((12 * sigma * sigma) / passes + 1)));
    const r = (w - 1) >> 1;
    let want: Float64Array = Float64Array.from(src);
    for (let p = 0; p < passes; p++) want = referenceBox(referenceBox(want, W, H, C, r, true), W, H, C, r, false);
    const got = src.slice();
    gaussianBlur(got, W, H, C, sigma, passes);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    assert.ok(worst < 1e-5, `${W}x${H}x${C} sigma ${sigma}: max difference ${worst}`);
  }
});
