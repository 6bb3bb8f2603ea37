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
