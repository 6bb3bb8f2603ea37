import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxBlur } from './raster.js';
import { createPlane, type Plane } from './types.js';

// An independent reference: each output pixel is the plain mean of its clamped window, rows first, then columns.
function naiveBoxBlurOnce(plane: Plane, radius: number): Plane {
  const { width, height } = plane;
  const clampTo = (v: number, hi: number): number => Math.min(hi, Math.max(0, v));
  const mean = (read: (k: number) => number): number => {
    let sum = 0;
    for (let k = -radius; k <= radius; k++) sum += read(k);
    return sum / (2 * radius + 1);
  };
  const rows = createPlane(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows.data[y * width + x] = mean((k) => plane.data[y * width + clampTo(x + k, width - 1)]!);
  const out = createPlane(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.data[y * width + x] = mean((k) => rows.data[clampTo(y + k, height - 1) * width + x]!);
  return out;
}

function randomPlane(width: number, height: number, seed: number): Plane {
  const plane = createPlane(width, height);
  let state = seed;
  for (let i = 0; i < plane.data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    plane.data[i] = (state >>> 8) / 65536;
  }
  return plane;
}

test('one pass of boxBlur is the mean of the clamped window; more passes equal repeated single passes bit for bit', () => {
  for (const [width, height] of [[37, 23], [5, 64], [1, 1], [120, 90]] as const) {
    for (const radius of [1, 3, 12, 70]) {
      const input = randomPlane(width, height, width * 1000 + radius);
      const before = Float32Array.from(input.data);
      const once = boxBlur(input, radius, 1);
      const expected = naiveBoxBlurOnce(input, radius);
      for (let i = 0; i < once.data.length; i++) {
        assert.ok(Math.abs(once.data[i]! - expected.data[i]!) < 1e-5, `${width}x${height} r${radius} pixel ${i}`);
      }
      // The two planes reused across passes must not leak one pass's values into the next.
      for (const passes of [2, 3]) {
        let repeated = input;
        for (let p = 0; p < passes; p++) repeated = boxBlur(repeated, radius, 1);
        assert.deepEqual(boxBlur(input, radius, passes).data, repeated.data, `${width}x${height} r${radius} x${passes}`);
      }
      assert.deepEqual(input.data, before, 'the input plane is left as it was');
      assert.notEqual(once, input);
    }
  }
});

test('boxBlur with no pass returns its input', () => {
  const input = randomPlane(4, 4, 1);
  assert.equal(boxBlur(input, 2, 0), input);
});

test('boxBlur results do not share the reused row buffer: later calls leave them alone and give the same values', () => {
  const small = randomPlane(30, 20, 7);
  const first = boxBlur(small, 2, 2);
  const kept = Float32Array.from(first.data);
  const big = boxBlur(randomPlane(200, 150, 8), 5, 1);
  assert.notEqual(big.data.buffer, first.data.buffer);
  assert.deepEqual(first.data, kept);
  assert.deepEqual(boxBlur(small, 2, 2).data, kept);
});
