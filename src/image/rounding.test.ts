import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundHalfUp } from './rounding.js';

test('roundHalfUp gives the integer of Math.round, at halves, just below them, negative values and large ones', () => {
  const values = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370495.5 % 2 ** 31, 2 ** 31 - 1.5, -(2 ** 31) + 0.5, 1e-300, -1e-300];
  let s = 17;
  for (let i = 0; i < 20000; i++) { s = (s * 1103515245 + 12345) % 2147483648; values.push((s / 2147483648 - 0.5) * 2000, Math.round((s % 4000) - 2000) + 0.5); }
  for (const v of values) assert.equal(roundHalfUp(v), Math.round(v) + 0, `at ${v}`);
});
