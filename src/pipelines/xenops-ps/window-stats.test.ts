// quantilePair selects (within one grey-level bucket) instead of sorting: it must return exactly the values a full sort reads (the shipped model
// was fitted on those).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quantilePair } from './window-stats.js';

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
