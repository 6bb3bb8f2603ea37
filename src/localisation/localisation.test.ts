import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, Quad } from '../domain/types.js';
import { background, card, placeInQuad } from '../../test/support/synthetic.js';
import { makeDocumentCropper } from './crop.js';
import { refineQuad } from './refine.js';
import { textEvidence } from './text-evidence.js';
import { localise } from './localise.js';
import { quadIou } from './geometry.js';

const TRUE_QUAD: Quad = [[200, 150], [760, 170], [750, 520], [210, 500]];
const scene = placeInQuad(background(960, 680, 41), card(856, 540, 42), TRUE_QUAD);

test('refinement brings corners displaced by 3 px back to the true border (within 1 px)', () => {
  const off: Quad = TRUE_QUAD.map(([x, y], i) => [x + (i % 2 ? 3 : -3), y + (i < 2 ? -3 : 3)] as Point) as unknown as Quad;
  const refined = refineQuad(scene, off, 6);
  refined.forEach(([x, y], i) => {
    const [tx, ty] = TRUE_QUAD[i]!;
    assert.ok(Math.hypot(x - tx, y - ty) < 1, `corner ${i}: ${x.toFixed(2)},${y.toFixed(2)} vs ${tx},${ty}`);
  });
});

test('the localiser finds the card among its hypotheses, first', () => {
  const small = placeInQuad(background(480, 340, 43), card(856, 540, 44), TRUE_QUAD.map(([x, y]) => [x / 2, y / 2] as Point) as unknown as Quad);
  const { hypotheses } = localise(small);
  assert.ok(hypotheses.length >= 1);
  assert.ok(quadIou(hypotheses[0]!.quad, TRUE_QUAD.map(([x, y]) => [x / 2, y / 2] as Point)) > 0.9);
});

test('print reads as text lines; an even texture does not', () => {
  assert.ok(textEvidence(card(640, 403, 45)).textBandFraction >= 0.3);
  assert.ok(textEvidence(background(640, 403, 46)).textBandFraction < 0.1);
});

test('a full-resolution crop of the whole canonical area is the document at native resolution', async () => {
  const crop = makeDocumentCropper(scene, TRUE_QUAD, 640, 403, 560);
  const whole = await crop({ x: 0, y: 0, width: 640, height: 403 });
  assert.equal(whole.width, 560);
  // Its centre is the card's own centre: the text area, darker than the blank card colour in places, not the desk.
  const half = await crop({ x: 320, y: 0, width: 320, height: 403 }, { scale: 0.5 });
  assert.equal(half.width, 140);
  await assert.rejects(crop({ x: 0, y: 0, width: 0, height: 10 }), /positive size/);
});
