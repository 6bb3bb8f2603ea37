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
  assert.equal(fits(280, 130, 85, 95), false, 'face in the middle of the page');
  assert.equal(fits(120, -100, 480, 520), false, 'detector artefact taller than the document');
});

test('orientation: a clearly better score wins; close scores go to the higher face', () => {
  const at = (score: number, cy: number) => ({ found: true, best: { face: { x: 60, y: cy * H - 50, width: 90, height: 100, score }, photo: { x: 0, y: 0, width: 1, height: 1 } } });
  assert.equal(turnedIsUpright(at(0.9, 0.42), at(0.3, 0.58), H), false);
  assert.equal(turnedIsUpright(at(0.3, 0.58), at(0.9, 0.42), H), true);
  // Equal scores: the face in the upper half is the upright one.
  assert.equal(turnedIsUpright(at(0.66, 0.39), at(0.66, 0.65), H), false);
  assert.equal(turnedIsUpright(at(0.66, 0.65), at(0.66, 0.39), H), true);
  // No face on one turn: the other decides.
  assert.equal(turnedIsUpright({ found: false, best: null }, at(0.2, 0.5), H), true);
  assert.equal(turnedIsUpright(at(0.2, 0.5), { found: false, best: null }, H), false);
});
