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

/** The block mean as first written (one output pixel at a time): the reference the faster loop must match. */
function blockMeanReference(image: RgbImage, maxSide: number): RgbImage {
  const scale = maxSide / Math.max(image.width, image.height);
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  const out = new Uint8Array(w * h * 3);
  for (let oy = 0; oy < h; oy++) {
    const y0 = Math.floor((oy * image.height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * image.height) / h));
    const sy = Math.max(1, Math.floor((y1 - y0) / 4));
    for (let ox = 0; ox < w; ox++) {
      const x0 = Math.floor((ox * image.width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * image.width) / w));
      const sx = Math.max(1, Math.floor((x1 - x0) / 4));
      const sum = [0, 0, 0];
      let n = 0;
      for (let y = y0; y < y1; y += sy) {
        for (let x = x0; x < x1; x += sx, n++) for (let c = 0; c < 3; c++) sum[c]! += image.data[(y * image.width + x) * 3 + c]!;
      }
      for (let c = 0; c < 3; c++) out[(oy * w + ox) * 3 + c] = Math.round(sum[c]! / n);
    }
  }
  return { width: w, height: h, data: out };
}

test('the block mean equals the one-pixel-at-a-time definition byte for byte (the trained head stays valid)', () => {
  // Sizes with blocks of 2-11 pixels, uneven block edges, portrait and landscape.
  for (const [width, height] of [[1000, 563], [1280, 720], [1080, 1921], [2700, 1500], [400, 390]] as const) {
    const image = paint(width, height, (x, y) => [(x * 7 + y) % 256, (x + y * 3) % 256, (x * y) % 256]);
    const fast = blockMean(image, 384);
    const reference = blockMeanReference(image, 384);
    assert.deepEqual([fast.width, fast.height], [reference.width, reference.height]);
    assert.deepEqual(fast.data, reference.data, `${width}x${height}`);
  }
});
