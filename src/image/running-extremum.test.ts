import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnExtremum7, rowExtremum7 } from './running-extremum.js';

// The plain window: every sample of the clamped 7-sample window compared, one output at a time.
function bruteRows(src: Float32Array, width: number, height: number, max: boolean): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    let m = max ? -Infinity : Infinity;
    for (let d = -3; d <= 3; d++) m = (max ? Math.max : Math.min)(m, src[y * width + Math.min(width - 1, Math.max(0, x + d))]!);
    out[y * width + x] = m;
  }
  return out;
}

function bruteColumns(src: Float32Array, width: number, height: number, max: boolean): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    let m = max ? -Infinity : Infinity;
    for (let d = -3; d <= 3; d++) m = (max ? Math.max : Math.min)(m, src[Math.min(height - 1, Math.max(0, y + d)) * width + x]!);
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

// Sizes around the window (1..8), a strip like the MRZ's, and a canonical-document-like plane; few levels make ties.
const SIZES: [number, number][] = [[1, 1], [1, 9], [9, 1], [2, 3], [3, 2], [4, 4], [6, 7], [7, 6], [8, 8], [13, 5], [5, 13], [640, 12], [97, 61]];

test('rowExtremum7 and columnExtremum7 equal the brute-force clamped window, max and min, at every size', () => {
  let seed = 3;
  for (const [width, height] of SIZES) {
    for (const levels of [3, 256]) {
      const src = randomPlane(width, height, seed++, levels);
      for (const max of [true, false]) {
        const rows = new Float32Array(src.length), cols = new Float32Array(src.length);
        rowExtremum7(src, width, height, max, rows);
        columnExtremum7(src, width, height, max, cols);
        assert.deepEqual(rows, bruteRows(src, width, height, max), `rows ${width}x${height} ${max ? 'max' : 'min'}`);
        assert.deepEqual(cols, bruteColumns(src, width, height, max), `columns ${width}x${height} ${max ? 'max' : 'min'}`);
      }
    }
  }
});

test('columnExtremum7 gives the same answer whatever width ran before it (its rings are reused)', () => {
  const wide = randomPlane(300, 20, 11, 256), narrow = randomPlane(17, 30, 12, 256);
  const out = new Float32Array(narrow.length);
  columnExtremum7(wide, 300, 20, true, new Float32Array(wide.length));
  columnExtremum7(narrow, 17, 30, false, out);
  assert.deepEqual(out, bruteColumns(narrow, 17, 30, false));
});
