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
  const best = result.best!;
  assert.deepEqual([best.dx, best.dy], [121, 133]);
  assert.ok(best.votes >= 50, `votes ${best.votes}`);
  assert.ok(best.correlation > 0.99, 'an exact copy repeats its noise');
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
  assert.equal(result.best, null);
  assert.equal(result.duplicatedFraction, 0);
});

test('a noisy smooth ramp matches in its coarse signature but is rejected by the texture check', () => {
  // Every column of a horizontal ramp looks alike: many coarse votes for vertical offsets, but independent noise.
  const ramp = quantise8(addGaussianNoise({ width: 200, height: 200, data: Float32Array.from({ length: 40000 }, (_, i) => 40 + (i % 200)) }, 1.5, 31));
  const permissive = detectCopyMove(ramp, { maxMatchesPerQuery: Infinity });
  assert.ok((permissive.offsets[0]?.votes ?? 0) >= 8, 'the ramp does produce coarse matches');
  assert.ok(permissive.offsets.every((o) => !(o.correlation >= 0.5)));
  assert.equal(permissive.best, null);
  // By default such non-distinctive signatures do not even vote.
  const result = detectCopyMove(ramp);
  assert.equal(result.best, null);
  assert.ok((result.offsets[0]?.votes ?? 0) < 8);
});

test('the copy is still found after JPEG recompression at quality 90', async () => {
  const forged = await jpegRoundTrip(copyRegion(scene, 100, 20, 64, 20, 150), 90);
  const best = detectCopyMove(forged).best!;
  assert.deepEqual([best.dx, best.dy], [-80, 130]);
  assert.ok(best.votes >= 15 && best.correlation > 0.5, `votes ${best.votes}, correlation ${best.correlation}`);
});

test('bad options are refused', () => {
  assert.throws(() => detectCopyMove(scene, { blockSize: 10 }), /multiple of 4 and at least 8/);
});
