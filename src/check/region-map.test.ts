import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { probabilityColour, regionMapPng, REGION_CELL_PX } from './region-map.js';

test('the colour scale runs red (attack) - yellow (0.5) - green (live), clamped, grey for no number', () => {
  assert.deepEqual(probabilityColour(0), [215, 48, 39]);
  assert.deepEqual(probabilityColour(0.5), [255, 255, 191]);
  assert.deepEqual(probabilityColour(1), [26, 152, 80]);
  assert.deepEqual(probabilityColour(-3), probabilityColour(0));
  assert.deepEqual(probabilityColour(7), probabilityColour(1));
  assert.deepEqual(probabilityColour(Number.NaN), [128, 128, 128]);
  // Monotone towards green past the middle, towards red before it.
  assert.ok(probabilityColour(0.9)[1] < probabilityColour(0.6)[1] && probabilityColour(0.9)[0] < probabilityColour(0.6)[0]);
  assert.ok(probabilityColour(0.1)[1] < probabilityColour(0.4)[1]);
});

test('the PNG has one flat block per cell, row-major, in the colours of the scale', async () => {
  const probabilities = [0, 0.5, 1, 0.25, 0.75, 1];
  const png = Buffer.from(await regionMapPng(2, 3, probabilities), 'base64');
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height, info.channels], [3 * REGION_CELL_PX, 2 * REGION_CELL_PX, 3]);
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 3; c++) {
      for (const [dx, dy] of [[1, 1], [REGION_CELL_PX - 2, REGION_CELL_PX - 2]]) {
        const o = ((r * REGION_CELL_PX + dy!) * info.width + c * REGION_CELL_PX + dx!) * 3;
        assert.deepEqual([data[o], data[o + 1], data[o + 2]], probabilityColour(probabilities[r * 3 + c]!), `cell ${r},${c}`);
      }
    }
  }
  assert.ok(png.length < 1000, `${png.length} bytes`);
});

test('a map whose numbers do not fill its grid is refused', async () => {
  await assert.rejects(regionMapPng(2, 3, [0.5]), /2 x 3 cells needs 6 values, got 1/);
  await assert.rejects(regionMapPng(0, 3, []), /needs/);
});
