import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Quad } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { measureDocument } from '../analysis/frontend.js';
import { rectify } from '../localisation/rectify.js';
import { background, card, placeInQuad } from '../../test/support/synthetic.js';
import { quadInFrame } from '../localisation/geometry.js';
import { inFrameMask } from './in-frame.js';

// A card whose right third is past the frame's right edge.
const QUAD: Quad = [[700, 200], [1500, 220], [1490, 720], [690, 700]];

async function blurred(img: RgbImage, sigma: number): Promise<RgbImage> {
  const { data, info } = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } }).blur(sigma).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

test('the in-frame mask covers the part of the rectified document inside the photo', () => {
  assert.equal(quadInFrame(QUAD, 1200, 900), false);
  assert.equal(quadInFrame(QUAD, 1600, 900), true);
  const mask = inFrameMask(QUAD, 1200, 900, 640, 403, 0);
  // About (1200 - 695) / 805 of the width is inside.
  const inside = mask.reduce((s, v) => s + v, 0) / mask.length;
  assert.ok(Math.abs(inside - 505 / 805) < 0.03, `inside share ${inside}`);
  assert.equal(mask[200 * 640 + 10], 1);
  assert.equal(mask[200 * 640 + 630], 0);
});

test('blur and exposure of a document partly outside the frame ignore the black beyond the frame', async () => {
  const scene = placeInQuad(background(1200, 900, 3), card(856, 540, 2), QUAD);
  // Blur of 1.5 x the 0.25 mm threshold: the card's long side is about 800 px for 85.6 mm.
  const soft = await blurred(scene, (1.5 * 0.25 * 800) / 85.6);
  const canonical = await rectify(soft, QUAD, 640, 403);
  const m = await measureDocument(soft, QUAD, 'ID_CARD', canonical);
  assert.ok(m.blurSigmaMm > 0.25, `blurred document reads ${m.blurSigmaMm} mm (the frame's black edge would read sharp)`);
  const sharpScene = await measureDocument(scene, QUAD, 'ID_CARD', await rectify(scene, QUAD, 640, 403));
  assert.ok(sharpScene.blurSigmaMm < 0.25, `sharp document reads ${sharpScene.blurSigmaMm} mm`);
  // A third of the raster is black beyond the frame; the document's own 10th percentile is not.
  assert.ok(m.exposure.p10 > 40, `p10 ${m.exposure.p10}`);
});
