import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neighbourContrast } from './neighbour-contrast.js';

test('neighbour contrast finds the window that differs from its neighbours, not the globally highest region', () => {
  const cols = 12;
  const rows = 6;
  // A strong but uniform right half (content that scores high everywhere) and one modest outlier on the left.
  const map = Float32Array.from({ length: cols * rows }, (_, i) => (i % cols >= 6 ? 5 : 1));
  map[2 * cols + 2] = 3;
  const result = neighbourContrast(map, cols, rows, 2, 2);
  assert.deepEqual(result.at, [2, 2]);
  assert.ok(Math.abs(result.contrast - 2) < 1e-9, `contrast ${result.contrast}`);
});

test('a uniform map has no contrast; NaN windows and windows with fewer than two neighbours are skipped', () => {
  assert.equal(neighbourContrast(new Float32Array(20).fill(4), 5, 4, 1, 1).contrast, 0);
  const sparse = new Float32Array(9).fill(Number.NaN);
  sparse[4] = 7;
  sparse[3] = 1;
  assert.deepEqual(neighbourContrast(sparse, 3, 3, 1, 1), { contrast: 0, at: null });
  sparse[5] = 2;
  const r = neighbourContrast(sparse, 3, 3, 1, 1);
  assert.deepEqual([r.contrast, r.at], [5.5, [1, 1]]);
});

test('bad steps or a map of the wrong size are refused', () => {
  assert.throws(() => neighbourContrast(new Float32Array(4), 2, 2, 0, 1), /positive integers/);
  assert.throws(() => neighbourContrast(new Float32Array(5), 2, 2, 1, 1), /not 2 x 2/);
});
