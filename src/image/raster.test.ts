import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxBlur } from './raster.js';
import { createPlane, type Plane } from './types.js';

// The blur as it was before it reused its planes (one fresh plane per axis and pass): the reference, bit for bit.
function referenceBoxBlur(plane: Plane, radius: number, passes: number): Plane {
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  const rows = (src: Plane): Plane => {
    const { width, height, data } = src;
    const out = createPlane(width, height);
    const window = 2 * radius + 1;
    for (let y = 0; y < height; y++) {
      const base = y * width;
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += data[base + clamp(k, 0, width - 1)]!;
      for (let x = 0; x < width; x++) {
        out.data[base + x] = sum / window;
        const add = x + radius + 1 < width ? x + radius + 1 : width - 1;
        const remove = x - radius > 0 ? x - radius : 0;
        sum += data[base + add]! - data[base + remove]!;
      }
    }
    return out;
  };
  const columns = (src: Plane): Plane => {
    const { width, height, data } = src;
    const out = createPlane(width, height);
    const window = 2 * radius + 1;
    const sums = new Float64Array(width);
    for (let k = -radius; k <= radius; k++) {
      const row = clamp(k, 0, height - 1) * width;
      for (let x = 0; x < width; x++) sums[x] = sums[x]! + data[row + x]!;
    }
    for (let y = 0; y < height; y++) {
      const base = y * width;
      const add = (y + radius + 1 < height ? y + radius + 1 : height - 1) * width;
      const remove = (y - radius > 0 ? y - radius : 0) * width;
      for (let x = 0; x < width; x++) {
        out.data[base + x] = sums[x]! / window;
        sums[x] = sums[x]! + data[add + x]! - data[remove + x]!;
      }
    }
    return out;
  };
  let current = plane;
  for (let p = 0; p < passes; p++) current = columns(rows(current));
  return current;
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

test('boxBlur with two reused planes gives the same values as a fresh plane per axis and pass', () => {
  for (const [width, height] of [[37, 23], [5, 64], [1, 1], [120, 90]] as const) {
    for (const radius of [1, 3, 12, 70]) {
      for (const passes of [1, 2, 3]) {
        const input = randomPlane(width, height, width * 1000 + radius * 10 + passes);
        const before = Float32Array.from(input.data);
        const blurred = boxBlur(input, radius, passes);
        assert.deepEqual(blurred.data, referenceBoxBlur(input, radius, passes).data, `${width}x${height} r${radius} x${passes}`);
        assert.deepEqual(input.data, before, 'the input plane is left as it was');
        assert.notEqual(blurred, input);
      }
    }
  }
});

test('boxBlur with no pass returns its input', () => {
  const input = randomPlane(4, 4, 1);
  assert.equal(boxBlur(input, 2, 0), input);
});
