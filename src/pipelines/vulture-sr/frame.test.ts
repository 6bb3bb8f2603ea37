import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from '../../image/types.js';
import { ALL_FRAME_FEATURES, blockMean, frameFeatures, frameMeasures } from './frame.js';

/** A frame painted pixel by pixel (grey levels from `at`), with a little deterministic texture so nothing is flat. */
function paint(width: number, height: number, at: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = ((seed >> 16) % 9) - 4;
      const [r, g, b] = at(x, y);
      const p = (y * width + x) * 3;
      data[p] = Math.max(0, Math.min(255, r + n));
      data[p + 1] = Math.max(0, Math.min(255, g + n));
      data[p + 2] = Math.max(0, Math.min(255, b + n));
    }
  }
  return { width, height, data };
}

const W = 960;
const H = 720;
const room = (): [number, number, number] => [150, 140, 120];

test('a screen photographed close (dark bezel, bright centre, straight edges) reads as such; a plain room scene does not', async () => {
  const scene = await frameMeasures(paint(W, H, room));
  const band = 0.1;
  const screen = await frameMeasures(
    paint(W, H, (x, y) => {
      const inside = x > band * W && x < (1 - band) * W && y > band * H && y < (1 - band) * H;
      if (!inside) return [12, 12, 14];
      // Backlight falling off towards the panel's edges.
      const r = Math.hypot(x / W - 0.5, y / H - 0.5) / 0.7;
      const v = 230 * (1 - 0.6 * r * r);
      return [v, v, v + 10];
    }),
  );
  assert.ok(screen.darkBorder > 0.9 && scene.darkBorder === 0, `dark border ${screen.darkBorder} vs ${scene.darkBorder}`);
  assert.ok(screen.centreToCorner > 3 * scene.centreToCorner, `centre/corner ${screen.centreToCorner} vs ${scene.centreToCorner}`);
  assert.ok(screen.straightEdge > 5 * scene.straightEdge, `straight edge ${screen.straightEdge} vs ${scene.straightEdge}`);
  assert.ok(screen.lumaP1 < scene.lumaP1, 'the bezel is the darkest part');
});

test('the measures survive a messenger-size frame and stay finite on a black frame', async () => {
  const big = await frameMeasures(paint(1600, 1200, (x) => (x < 800 ? [40, 40, 40] : [200, 200, 200])));
  const small = await frameMeasures(paint(400, 300, (x) => (x < 200 ? [40, 40, 40] : [200, 200, 200])));
  assert.ok(Math.abs(big.straightEdge - small.straightEdge) / big.straightEdge < 0.1, `straight edge ${big.straightEdge} vs ${small.straightEdge}`);
  const black = await frameMeasures({ width: 64, height: 48, data: new Uint8Array(64 * 48 * 3) });
  const values = frameFeatures(black, ALL_FRAME_FEATURES);
  assert.equal(values.length, ALL_FRAME_FEATURES.length);
  assert.ok(values.every(Number.isFinite), `finite: ${values.join(', ')}`);
});

test('the block mean keeps a flat colour exact and shrinks to the frame side; unrequested measures are NaN', async () => {
  const flat = { width: 2000, height: 1000, data: new Uint8Array(2000 * 1000 * 3).fill(77) };
  const small = blockMean(flat, 384);
  assert.equal(small.width, 384);
  assert.equal(small.height, 192);
  assert.ok(small.data.every((v) => v === 77));
  const m = await frameMeasures(flat, ['frame.dark_border']);
  assert.equal(m.darkBorder, 0);
  assert.ok(Number.isNaN(m.greyX) && Number.isNaN(m.lumaDetail), 'colour and detail were not asked for');
});
