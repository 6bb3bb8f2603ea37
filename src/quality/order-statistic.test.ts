import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kthSmallest, selectKth, selectKthPlain, typedSortOrder as typedSortOrderOf } from './order-statistic.js';

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

test('selectKth leaves every value before rank k <= it and every value after >= it (callers read the largest below)', () => {
  for (const values of [randomValues(256, 8, 50), Float32Array.from([0, -0, Number.NaN, 3, -2, 0, 1, -0])]) {
    for (let k = 0; k < values.length; k++) {
      const a = values.slice();
      const v = selectKth(a, k);
      for (let i = 0; i < k; i++) assert.ok(typedSortOrderOf(a[i]!, v) <= 0, `before rank ${k}`);
      for (let i = k + 1; i < a.length; i++) assert.ok(typedSortOrderOf(a[i]!, v) >= 0, `after rank ${k}`);
    }
  }
});

test('selectKthPlain equals the sorted copy at every rank on values without NaN or -0, and partitions around it', () => {
  const cases: (Float32Array | Float64Array)[] = [randomValues(1, 9, 10), randomValues(256, 10, 40).map(Math.abs), randomValues(1000, 11, 7), randomValues(333, 12, 100000)];
  cases.push(Float64Array.from(randomValues(64, 13, 3), (v) => v * 2), Float32Array.from([0, 0, 3, 1, 0]));
  for (const values of cases) {
    const sorted = values.slice().sort();
    for (let k = 0; k < values.length; k++) {
      const a = values.slice();
      const v = selectKthPlain(a, k);
      assert.ok(Object.is(v, sorted[k]), `rank ${k} of ${values.length}`);
      for (let i = 0; i < k; i++) assert.ok(a[i]! <= v, `before rank ${k}`);
      for (let i = k + 1; i < a.length; i++) assert.ok(a[i]! >= v, `after rank ${k}`);
    }
  }
});
