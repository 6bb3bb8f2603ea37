import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addGaussianNoise, fractalTexture } from '../../test/features/synthetic.js';
import { jpegRoundTrip, quantise8 } from '../../test/features/jpeg-codec.js';
import { detectCopyMove } from './copy-move.js';
import type { Plane } from './planes.js';

function copyRegion(p: Plane, sx: number, sy: number, size: number, tx: number, ty: number): Plane {
  const out = p.data.slice();
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out[(ty + y) * p.width + tx + x] = p.data[(sy + y) * p.width + sx + x]!;
  return { width: p.width, height: p.height, data: out };
}

const scene = quantise8(addGaussianNoise(fractalTexture(256, 256, 12), 3, 13));

test('a copied 48x48 region is found at its offset and localised', () => {
  const forged = copyRegion(scene, 30, 40, 48, 151, 173);
  const result = detectCopyMove(forged);
  const best = result.offsets[0]!;
  assert.deepEqual([best.dx, best.dy], [121, 133]);
  assert.ok(best.votes >= 50, `votes ${best.votes}`);
  // Marked blocks lie mostly (at least half their area) in the source or the copy.
  const overlap = (x: number, y: number, rx: number, ry: number) =>
    Math.max(0, Math.min(x + 16, rx + 48) - Math.max(x, rx)) * Math.max(0, Math.min(y + 16, ry + 48) - Math.max(y, ry));
  for (let r = 0; r < result.rows; r++) {
    for (let c = 0; c < result.cols; c++) {
      if (!result.mask[r * result.cols + c]) continue;
      const x = c * 4;
      const y = r * 4;
      const inSource = overlap(x, y, 30, 40) >= 128;
      const inCopy = overlap(x, y, 151, 173) >= 128;
      assert.ok(inSource || inCopy, `block at (${x}, ${y}) marked outside both regions`);
    }
  }
  assert.ok(result.duplicatedFraction > 0.02);
});

test('an untouched image has no offset with more than a handful of votes', () => {
  const result = detectCopyMove(scene);
  assert.ok((result.offsets[0]?.votes ?? 0) < 5, `best votes ${result.offsets[0]?.votes}`);
  assert.ok(result.duplicatedFraction < 0.005);
});

test('the copy is still found after JPEG recompression at quality 90', async () => {
  const forged = await jpegRoundTrip(copyRegion(scene, 100, 20, 64, 20, 150), 90);
  const best = detectCopyMove(forged).offsets[0]!;
  assert.deepEqual([best.dx, best.dy], [80, 130].map((v, i) => (i === 0 ? -v : v)));
  assert.ok(best.votes >= 15, `votes ${best.votes}`);
});

test('bad options are refused', () => {
  assert.throws(() => detectCopyMove(scene, { blockSize: 10 }), /multiple of 4 and at least 8/);
});
