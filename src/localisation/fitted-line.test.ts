import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point } from '../domain/types.js';
import { consensusLine, fitLine } from './fitted-line.js';

test('the consensus line follows the larger of two parallel groups, where least squares falls between them', () => {
  // 18 samples on a border at y = 20 (slightly tilted), 14 on print further in at y = 40.
  const points: Point[] = [];
  for (let k = 0; k < 32; k++) points.push(k % 7 < 4 ? [10 * k, 20 + 0.02 * k * 10] : [10 * k, 40 + 0.02 * k * 10]);
  const border = points.filter(([, y]) => y < 30);
  const ls = fitLine(points)!;
  const mid = (ls.rho - 150 * ls.nx) / ls.ny;
  assert.ok(mid > 25 && mid < 35, `least squares between the groups: ${mid.toFixed(1)}`);
  const consensus = consensusLine(points, 2)!;
  assert.equal(consensus.inliers.length, border.length);
  const y = (consensus.line.rho - 150 * consensus.line.nx) / consensus.line.ny;
  assert.ok(Math.abs(y - 23) < 0.01, `consensus at x 150: ${y.toFixed(3)}`);
});

test('the consensus line is null for fewer than two points', () => {
  assert.equal(consensusLine([[1, 2]], 2), null);
  assert.equal(consensusLine([], 2), null);
});
