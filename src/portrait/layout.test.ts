import { test } from 'node:test';
import assert from 'node:assert/strict';
import { turnedIsUpright } from './orientation.js';
import { DEFAULT_PORTRAIT_THRESHOLDS } from './portrait.js';
import { fitsPortraitLayout } from './layout.js';

const W = 640, H = 403;
const fits = (x: number, y: number, w: number, h: number): boolean => fitsPortraitLayout({ x, y, width: w, height: h }, W, H, DEFAULT_PORTRAIT_THRESHOLDS);

test('the layout prior keeps a main portrait face on either side and rejects ghosts, emblems, mid-page faces and oversized boxes', () => {
  assert.equal(fits(70, 110, 85, 95), true, 'left portrait, face 24 % high');
  assert.equal(fits(490, 110, 85, 95), true, 'right portrait (mirrored layout)');
  assert.equal(fits(500, 250, 40, 45), false, 'ghost image, 11 % high');
  assert.equal(fits(40, 20, 80, 80), false, 'coat of arms in the top band (centre at 15 % of the height)');
  assert.equal(fits(480, 250, 100, 130), true, 'portrait low on the card (Spanish ID layout, centre at 78 %)');
  assert.equal(fits(280, 130, 85, 95), false, 'face in the middle of the page');
  assert.equal(fits(120, -100, 480, 520), false, 'detector artefact taller than the document');
});

test('orientation: the turn with the higher face score is upright; a missing face on one turn leaves the other', () => {
  const at = (score: number) => ({ found: true, best: { face: { x: 60, y: 150, width: 90, height: 100, score }, photo: { x: 0, y: 0, width: 1, height: 1 } } });
  assert.equal(turnedIsUpright(at(0.9), at(0.3)), false);
  assert.equal(turnedIsUpright(at(0.3), at(0.9)), true);
  assert.equal(turnedIsUpright({ found: false, best: null }, at(0.2)), true);
  assert.equal(turnedIsUpright(at(0.2), { found: false, best: null }), false);
});
