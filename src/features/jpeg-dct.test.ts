import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addGaussianNoise, fractalTexture } from '../../test/features/synthetic.js';
import { ANALYSED_FREQUENCIES, DCT8_BASIS, gridCoefficients } from './jpeg-dct.js';

// The plain separable low-frequency DCT the unrolled code replaced: rows for u < uCount, then columns, every sum
// started at 0 and taken in pixel order.
function referenceCoefficients(data: Float32Array, w: number, x0: number, y0: number, count: number): number[] {
  const uCount = 1 + Math.max(...ANALYSED_FREQUENCIES.slice(0, count).map((index) => index & 7));
  const tmp = new Float64Array(32);
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < uCount; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += DCT8_BASIS[u * 8 + x]! * data[(y0 + y) * w + x0 + x]!;
      tmp[y * 4 + u] = s;
    }
  }
  return ANALYSED_FREQUENCIES.slice(0, count).map((index) => {
    let s = 0;
    for (let y = 0; y < 8; y++) s += DCT8_BASIS[(index >> 3) * 8 + y]! * tmp[y * 4 + (index & 7)]!;
    return Math.fround(s);
  });
}

test('gridCoefficients equals the plain separable DCT bit for bit, for every frequency count and a shifted grid', () => {
  const plane = addGaussianNoise(fractalTexture(96, 80, 7), 3, 8);
  for (const count of [1, 3, 9, 10]) {
    const { coefficients, cols, rows, x0, y0 } = gridCoefficients(plane, 3, 5, undefined, count);
    assert.equal(coefficients.length, count);
    for (let by = 0; by < rows; by++) {
      for (let bx = 0; bx < cols; bx++) {
        const expected = referenceCoefficients(plane.data, plane.width, x0 + bx * 8, y0 + by * 8, count);
        const got = coefficients.map((c) => c[by * cols + bx]!);
        assert.deepEqual(got, expected, `block (${bx}, ${by}), ${count} frequencies`);
      }
    }
  }
});
