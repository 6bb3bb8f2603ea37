// xenops-ps's sheet-edge strips (xenops-ps-edge-strips.ts): where they are cut and how they are
// turned; and that the lab's CNN of branch ps6 (xenops-ps-edge-cnn.ts, measured, not shipped) reads a synthetic
// stuck-on sheet's edge (step, cast shadow, bright cut face) as more sheet-like than a printed portrait's edge (the
// same step, no shadow, no cut face) and than plain card; its ONNX graph equals the tfjs checkpoint.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Box } from '../../src/domain/types.js';
import type { RgbImage } from '../../src/image/types.js';
import { loadModel } from '../../src/inference/session.js';
import { boxCorners, cutStrips, STRIP_ACROSS, STRIP_ALONG, STRIP_SIZE, stripPlaces, writeStrip, type StripPlace } from './xenops-ps-edge-strips.js';
import { Model } from '../ml/model.js';
import { initTf } from '../ml/tf.js';
import { predictAll } from '../ml/train.js';
import { assertOnnxMatchesTfjs } from '../../test/support/onnx-equivalence.js';
import { EDGE_CNN_ONNX, EDGE_CNN_TFJS, edgeCnn } from './xenops-ps-edge-cnn.js';

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const W = 640;
const H = 403;
const PHOTO: Box = { x: 60, y: 90, width: 160, height: 200 };

/**
 * A canonical card: light grainy paper with a faint guilloche, a portrait region 20 levels darker. 'sheet' adds what
 * a stuck-on print adds: its own whiter paper inside, a 1-px bright cut face on the edge and a 2-px cast shadow
 * outside on the right and bottom sides.
 */
function card(kind: 'printed' | 'sheet' | 'plain', seed: number): RgbImage {
  const next = random(seed);
  const data = new Uint8Array(W * H * 3);
  const inRect = (x: number, y: number, grow: number) => x >= PHOTO.x - grow && x < PHOTO.x + PHOTO.width + grow && y >= PHOTO.y - grow && y < PHOTO.y + PHOTO.height + grow;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 205 + 8 * Math.sin(x / 5 + 3 * Math.sin(y / 17));
      let tint = [0, 0, 0];
      if (kind !== 'plain' && inRect(x, y, 0)) {
        v = kind === 'sheet' ? 190 : 185;
        if (kind === 'sheet') tint = [4, 4, 6];
        const edge = Math.min(x - PHOTO.x, PHOTO.x + PHOTO.width - 1 - x, y - PHOTO.y, PHOTO.y + PHOTO.height - 1 - y);
        if (kind === 'sheet' && edge === 0) v = 240;
      } else if (kind === 'sheet' && inRect(x - 2, y - 2, 0)) {
        v -= 70; // the cast shadow right of and below the sheet
      }
      for (let c = 0; c < 3; c++) data[(y * W + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v + tint[c]! + 3 * (next() + next() - 1))));
    }
  }
  return { width: W, height: H, data };
}

/** crop() of a document whose native resolution is the canonical one: bilinear upsampling by `scale`. */
function cropperOf(image: RgbImage) {
  return async (region: Box, options: { scale: number; maxSide: number }): Promise<RgbImage> => {
    const scale = Math.min(options.scale, options.maxSide / Math.max(region.width, region.height));
    const w = Math.max(1, Math.round(region.width * scale));
    const h = Math.max(1, Math.round(region.height * scale));
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = Math.min(image.width - 1.001, Math.max(0, region.x + (x + 0.5) / scale - 0.5));
        const sy = Math.min(image.height - 1.001, Math.max(0, region.y + (y + 0.5) / scale - 0.5));
        const ix = Math.floor(sx), iy = Math.floor(sy), fx = sx - ix, fy = sy - iy;
        for (let c = 0; c < 3; c++) {
          const at = (xx: number, yy: number) => image.data[(yy * image.width + xx) * 3 + c]!;
          data[(y * w + x) * 3 + c] = Math.round((at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx) * (1 - fy) + (at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx) * fy);
        }
      }
    }
    return { width: w, height: h, data };
  };
}

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

describe('xenops-ps sheet-edge strips', () => {
  it('puts three strips on every side of a rectangle, centred on the side', () => {
    const places = stripPlaces(boxCorners(PHOTO), 'fit');
    assert.equal(places.length, 12);
    const left = places.filter((p) => p.side === 'left');
    assert.deepEqual(left.map((p) => p.x), [60, 60, 60]);
    assert.deepEqual(left.map((p) => p.y), [140, 190, 240]);
    const bottom = places.filter((p) => p.side === 'bottom');
    assert.deepEqual(bottom.map((p) => p.y), [290, 290, 290]);
    assert.deepEqual(stripPlaces([], 'fit'), [], 'no rectangle, no strips');
  });

  it('turns every strip so that the side runs down it and outward is +x', async () => {
    // Dark inside the photo, light outside: on every side the strip's left half (inside) must be the darker.
    const image = card('printed', 1);
    const places = stripPlaces(boxCorners(PHOTO), 'fit');
    const strips = await cutStrips(cropperOf(image), 1, places, 'nhwc');
    places.forEach((p, i) => {
      const half = (from: number, to: number): number => {
        const v: number[] = [];
        for (let r = 0; r < STRIP_ALONG; r++) for (let a = from; a < to; a++) v.push(strips[i * STRIP_SIZE + (r * STRIP_ACROSS + a) * 3]!);
        return mean(v);
      };
      const inside = half(0, STRIP_ACROSS / 2 - 4);
      const outside = half(STRIP_ACROSS / 2 + 4, STRIP_ACROSS);
      assert.ok(outside - inside > 0.4, `${p.side}: inside ${inside.toFixed(2)} vs outside ${outside.toFixed(2)} (in units of 32 levels)`);
    });
    // NHWC and NCHW hold the same values.
    const crop = await cropperOf(image)({ x: 48, y: 186, width: 24, height: 8 }, { scale: 2, maxSide: 48 });
    const nhwc = new Float32Array(STRIP_SIZE);
    const nchw = new Float32Array(STRIP_SIZE);
    writeStrip(crop, 'left', nhwc, 0, 'nhwc');
    writeStrip(crop, 'left', nchw, 0, 'nchw');
    assert.equal(nchw[(1 * STRIP_ALONG + 5) * STRIP_ACROSS + 7], nhwc[(5 * STRIP_ACROSS + 7) * 3 + 1]);
  });

  it('the ps6 CNN scores a stuck-on sheet edge above a printed portrait edge and plain card', async () => {
    const cnn = edgeCnn();
    try {
      const shadowed: StripPlace[] = stripPlaces(boxCorners(PHOTO), 'fit').filter((p) => p.side === 'right' || p.side === 'bottom');
      const scores = async (kind: 'printed' | 'sheet' | 'plain', seed: number): Promise<number> => {
        const strips = await cutStrips(cropperOf(card(kind, seed)), 1, shadowed, 'nchw');
        return mean(await cnn.logits(strips, shadowed.length));
      };
      for (const seed of [2, 3]) {
        const sheet = await scores('sheet', seed);
        const printed = await scores('printed', seed);
        const plain = await scores('plain', seed);
        assert.ok(sheet > printed, `seed ${seed}: sheet edge ${sheet.toFixed(2)} vs printed edge ${printed.toFixed(2)}`);
        assert.ok(sheet > plain, `seed ${seed}: sheet edge ${sheet.toFixed(2)} vs plain card ${plain.toFixed(2)}`);
      }
    } finally {
      await cnn.dispose();
    }
  });

  it('the ONNX graph equals the committed tfjs checkpoint on fixed strips', async () => {
    await initTf('wasm');
    const model = await Model.load(EDGE_CNN_TFJS);
    const session = await loadModel(EDGE_CNN_ONNX);
    try {
      const places = stripPlaces(boxCorners(PHOTO), 'fit');
      const images = [card('sheet', 4), card('printed', 5)];
      const nhwc = new Float32Array(images.length * places.length * STRIP_SIZE);
      const nchw = new Float32Array(nhwc.length);
      for (const [k, image] of images.entries()) {
        nhwc.set(await cutStrips(cropperOf(image), 1, places, 'nhwc'), k * places.length * STRIP_SIZE);
        nchw.set(await cutStrips(cropperOf(image), 1, places, 'nchw'), k * places.length * STRIP_SIZE);
      }
      const n = images.length * places.length;
      const tfjs = predictAll(model, nhwc);
      const onnx = (await session.run({ input: { dims: [n, 3, STRIP_ALONG, STRIP_ACROSS], data: nchw } })).probabilities!.data;
      assertOnnxMatchesTfjs(tfjs, onnx, n, 'strips');
    } finally {
      model.dispose();
      await session.dispose();
    }
  });
});
