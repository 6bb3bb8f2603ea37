import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closing7 } from './closing7.js';

// The plain definition: every sample of the clamped 7 x 7 window, max then min, one output at a time.
function bruteExtremum(src: Float32Array, width: number, height: number, max: boolean): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    let m = max ? -Infinity : Infinity;
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) {
      const v = src[Math.min(height - 1, Math.max(0, y + dy)) * width + Math.min(width - 1, Math.max(0, x + dx))]!;
      m = max ? Math.max(m, v) : Math.min(m, v);
    }
    out[y * width + x] = m;
  }
  return out;
}

function randomPlane(width: number, height: number, seed: number, levels: number): Float32Array {
  const data = new Float32Array(width * height);
  let s = seed;
  for (let i = 0; i < data.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; data[i] = ((s >> 8) % levels) * 0.73 - 20; }
  return data;
}

// Sizes around the window and the 4-wide step (1..9), a strip like the MRZ's, and a canonical-like plane; few
// levels make ties; negative values included.
const SIZES: [number, number][] = [[1, 1], [1, 9], [9, 1], [2, 3], [3, 2], [4, 4], [5, 5], [6, 7], [7, 6], [8, 8], [13, 5], [5, 13], [640, 12], [97, 61], [641, 403]];

test('closing7 equals the brute-force clamped 7 x 7 closing at every size', () => {
  let seed = 3;
  for (const [width, height] of SIZES) {
    for (const levels of [3, 256]) {
      const src = randomPlane(width, height, seed++, levels);
      const expected = bruteExtremum(bruteExtremum(src, width, height, true), width, height, false);
      const out = new Float32Array(src.length);
      closing7(src, width, height, out);
      assert.deepEqual(out, expected, `${width}x${height}, ${levels} levels`);
    }
  }
});

test('closing7 gives the same answer after a larger plane ran (its memory is reused) and in place', () => {
  const wide = randomPlane(300, 200, 11, 256), narrow = randomPlane(17, 30, 12, 256);
  closing7(wide, 300, 200, new Float32Array(wide.length));
  const expected = bruteExtremum(bruteExtremum(narrow, 17, 30, true), 17, 30, false);
  closing7(narrow, 17, 30, narrow);
  assert.deepEqual(narrow, expected);
});

test('closing7 rejects planes shorter than width x height', () => {
  assert.throws(() => closing7(new Float32Array(5), 3, 2, new Float32Array(6)), /closing7 needs source and output planes of at least 3 x 2 = 6 samples, got 5 and 6/);
});
