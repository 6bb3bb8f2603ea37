import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kthSmallest, selectKth } from './order-statistic.js';

function randomValues(n: number, seed: number, levels: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; out[i] = ((s >> 8) % levels) / 7 - 3; }
  return out;
}

test('kthSmallest and selectKth equal the sorted copy at every rank (float32 and float64), with ties, signed zeros and NaN, and leaves its input alone', () => {
  const cases: (Float32Array | Float64Array)[] = [randomValues(1, 1, 100), randomValues(2, 2, 100), randomValues(17, 3, 5), randomValues(1000, 4, 100000), randomValues(999, 5, 3)];
  cases.push(Float32Array.from([0, -0, 0, -0, -1, 1, Number.NaN, -0, Number.NaN, 2, 0]), Float64Array.from(randomValues(500, 6, 40), (v) => v / 3));
  for (const values of cases) {
    const before = values.slice(), sorted = values.slice().sort();
    for (let k = 0; k < values.length; k++) {
      if (values instanceof Float32Array) {
        assert.ok(Object.is(kthSmallest(values, k), sorted[k]), `rank ${k} of ${values.length}`);
        assert.deepEqual(values, before);
      }
      assert.ok(Object.is(selectKth(values.slice(), k), sorted[k]), `in place, rank ${k} of ${values.length}`);
    }
  }
});
