// The backdrop sampler shared by the training negatives (backdrop-windows.ts) and the val check (backdrop-check.ts):
// its rectangles stay in the frame, keep away from the document, have the asked shape, and with aspect 1 are the
// squares the first version drew from the same seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { backdropRects, quadBox } from './backdrop-windows.js';

const W = 1920, H = 1080;
const box = quadBox([[700, 300], [1300, 320], [1290, 700], [690, 690]]);

/** The first version's loop, written out: squares drawn and rejected in the same order. */
function firstVersionSquares(rng: Rng, count: number): { x: number; y: number; s: number }[] {
  const out: { x: number; y: number; s: number }[] = [];
  const short = Math.min(W, H);
  for (let tries = 0; out.length < count && tries < 30; tries++) {
    const s = Math.round(short * (0.25 + 0.35 * rng.next()));
    const x = Math.floor(rng.next() * (W - s)), y = Math.floor(rng.next() * (H - s));
    const w = Math.max(0, Math.min(x + s, box.x1) - Math.max(x, box.x0)), h = Math.max(0, Math.min(y + s, box.y1) - Math.max(y, box.y0));
    if ((w * h) / (s * s) <= 0.1) out.push({ x, y, s });
  }
  return out;
}

test('quadBox is the bounding box of the quad', () => {
  assert.deepEqual(box, { x0: 690, y0: 300, x1: 1300, y1: 700 });
});

test('with aspect 1 the rectangles are the first version\'s squares from the same seed', () => {
  const got = backdropRects(new Rng('same'), W, H, box, 4);
  const want = firstVersionSquares(new Rng('same'), 4);
  assert.equal(got.length, want.length);
  got.forEach((r, i) => assert.deepEqual(r, { x: want[i]!.x, y: want[i]!.y, width: want[i]!.s, height: want[i]!.s }));
});

test('card-shaped rectangles stay in the frame and overlap the document by at most 10 %', () => {
  const rects = backdropRects(new Rng('cards'), W, H, box, 200, 1.585);
  assert.ok(rects.length > 0);
  for (const r of rects) {
    assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.width <= W && r.y + r.height <= H, JSON.stringify(r));
    assert.equal(r.width, Math.min(W, Math.round(r.height * 1.585)), JSON.stringify(r));
    const w = Math.max(0, Math.min(r.x + r.width, box.x1) - Math.max(r.x, box.x0)), h = Math.max(0, Math.min(r.y + r.height, box.y1) - Math.max(r.y, box.y0));
    assert.ok((w * h) / (r.width * r.height) <= 0.1, JSON.stringify(r));
  }
});

test('at most 30 draws: a frame filled by the document gives no rectangle', () => {
  assert.deepEqual(backdropRects(new Rng('full'), W, H, { x0: 0, y0: 0, x1: W, y1: H }, 4), []);
});
