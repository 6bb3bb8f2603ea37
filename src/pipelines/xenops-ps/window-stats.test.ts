// quantilePair selects (within one grey-level bucket) instead of sorting, windowPlanes builds every plane in one pass
// and laplacianVariance sums only the Laplacian: each must return exactly the values of the plain computation from
// src/features (the shipped model was fitted on those).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lumaFromRgb, opponentPlanes, toRgbPlanes } from '../../features/planes.js';
import { laplacianVariance, sharpness } from '../../features/texture.js';
import { quantilePair, windowPlanes } from './window-stats.js';

function sortedQuantile(data: Float32Array, q: number): number {
  const sorted = Float32Array.from(data).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

describe('xenops-ps window quantiles', () => {
  it('equal the sorted array at the same ranks, with ties, runs and odd sizes', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const cases: Float32Array[] = [Float32Array.of(5), Float32Array.of(3, 3, 3), Float32Array.of(9, 1)];
    for (const n of [17, 100, 1023, 4096]) {
      cases.push(Float32Array.from({ length: n }, () => 255 * next()));
      cases.push(Float32Array.from({ length: n }, () => Math.round(8 * next())));
      cases.push(Float32Array.from({ length: n }, (_, i) => i));
      cases.push(Float32Array.from({ length: n }, (_, i) => n - i));
      // Outside the grey scale (the bucket search clamps): negatives and values past 256.
      cases.push(Float32Array.from({ length: n }, () => 600 * next() - 300));
    }
    for (const data of cases) {
      const before = Float32Array.from(data);
      for (const [low, high] of [[0.02, 0.98], [0, 1], [0.5, 0.5], [0.25, 0.75]] as const) {
        const got = quantilePair({ width: data.length, height: 1, data }, low, high);
        assert.equal(got.low, sortedQuantile(data, low), `low ${low} of ${data.length}`);
        assert.equal(got.high, sortedQuantile(data, high), `high ${high} of ${data.length}`);
      }
      assert.deepEqual(data, before, 'the plane itself is left untouched');
    }
  });
});

describe('xenops-ps window planes', () => {
  it('are bit-equal to toRgbPlanes, lumaFromRgb and opponentPlanes, and the Laplacian variance to sharpness()', () => {
    let seed = 11;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const [width, height] of [[3, 3], [17, 5], [64, 64], [255, 131]] as const) {
      // Noise, and a saturated ramp (clipped channels, equal channels) in the lower half.
      const data = Uint8Array.from({ length: width * height * 3 }, (_, k) => (k < width * height * 1.5 ? Math.floor(256 * next()) : (k * 7) % 256));
      const image = { width, height, data };
      const got = windowPlanes(image);
      const rgb = toRgbPlanes(image);
      const { o1, o2 } = opponentPlanes(rgb);
      assert.deepEqual([got.rgb.r, got.rgb.g, got.rgb.b], [rgb.r, rgb.g, rgb.b], `${width}x${height} colour planes`);
      assert.deepEqual(got.luma.data, lumaFromRgb(rgb).data, `${width}x${height} luma`);
      assert.deepEqual([got.o1.data, got.o2.data], [o1.data, o2.data], `${width}x${height} opponent planes`);
      const expected = sharpness(got.luma, 1).laplacianVariance;
      assert.ok(Object.is(laplacianVariance(got.luma), expected), `${width}x${height} Laplacian variance ${laplacianVariance(got.luma)} vs ${expected}`);
      if (width > 3) assert.ok(expected > 0, 'a noisy window has some Laplacian variance');
    }
    assert.throws(() => windowPlanes({ width: 4, height: 4, data: new Uint8Array(4 * 4 * 4) }), /expected 48/);
  });
});
