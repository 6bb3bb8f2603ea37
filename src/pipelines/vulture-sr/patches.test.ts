import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quad } from '../../domain/types.js';
import { PATCH_SIZE, RAW_PATCH_SIZE, patchOrigins, rawWindow, residualPatch } from './patches.js';

const QUAD: Quad = [[100, 50], [500, 80], [480, 330], [90, 300]];

function insideQuad(x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = QUAD[i]!;
    const b = QUAD[(i + 1) % 4]!;
    const s = Math.sign((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]));
    if (sign === 0) sign = s;
    else if (s !== 0 && s !== sign) return false;
  }
  return true;
}

test('patch windows lie inside the document quad and the frame, spread over the document', () => {
  const origins = patchOrigins(640, 400, QUAD, 16);
  assert.equal(origins.length, 16);
  for (const [x, y] of origins) {
    for (const [cx, cy] of [[x, y], [x + RAW_PATCH_SIZE, y], [x, y + RAW_PATCH_SIZE], [x + RAW_PATCH_SIZE, y + RAW_PATCH_SIZE]] as const) {
      assert.ok(insideQuad(cx, cy), `corner (${cx}, ${cy}) of window (${x}, ${y}) is inside the quad`);
    }
  }
  const xs = origins.map((o) => o[0]);
  assert.ok(Math.max(...xs) - Math.min(...xs) > 200, 'windows cover the document, not one corner of it');
  // Reversed winding gives the same windows; a document smaller than a window gives none.
  assert.deepEqual(patchOrigins(640, 400, [...QUAD].reverse() as unknown as Quad, 16), origins);
  assert.deepEqual(patchOrigins(640, 400, [[10, 10], [30, 10], [30, 30], [10, 30]], 16), []);
});

test('random windows (training) also stay inside the quad and are reproducible', () => {
  let seed = 1;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const origins = patchOrigins(640, 400, QUAD, 12, random);
  assert.equal(origins.length, 12);
  for (const [x, y] of origins) assert.ok(insideQuad(x, y) && insideQuad(x + RAW_PATCH_SIZE, y + RAW_PATCH_SIZE));
});

test('the residual is zero on flat colour and carries a sub-pixel stripe pattern in its channels', () => {
  const width = 64;
  const height = 64;
  const flat = { width, height, data: new Uint8Array(width * height * 3).fill(128) };
  const stripes = { width, height, data: new Uint8Array(width * height * 3) };
  // RGB stripes: column x lights channel x mod 3 only, like a display's sub-pixels one camera pixel wide.
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) stripes.data[(y * width + x) * 3 + (x % 3)] = 200;
  const size = PATCH_SIZE * PATCH_SIZE * 3;
  const energy = (image: typeof flat, layout: 'nhwc' | 'nchw'): Float32Array => {
    const out = new Float32Array(size);
    residualPatch(rawWindow(image, [5, 7]), 0, out, 0, layout);
    return out;
  };
  assert.ok(energy(flat, 'nhwc').every((v) => v === 0));
  const nhwc = energy(stripes, 'nhwc');
  const nchw = energy(stripes, 'nchw');
  const rms = Math.sqrt(nhwc.reduce((a, v) => a + v * v, 0) / size);
  assert.ok(rms > 5, `stripe residual rms ${rms}`);
  // Same values, different order: (y, x, c) in NHWC is (c, y, x) in NCHW.
  for (const [y, x, c] of [[0, 0, 0], [3, 17, 1], [31, 31, 2]] as const) {
    assert.equal(nchw[c * PATCH_SIZE * PATCH_SIZE + y * PATCH_SIZE + x], nhwc[(y * PATCH_SIZE + x) * 3 + c]);
  }
});
