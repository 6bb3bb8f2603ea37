// The committed patch CNN: its ONNX graph computes what the trained tfjs model computes (the checkpoint is committed
// beside it), and it reads a sub-pixel grid as a screen: an RGB-stripe display showing an object scores lower ("less
// not-a-screen") than a photo of the object itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fractalTexture, seededGaussian } from '../../../test/features/synthetic.js';
import { Model } from '../../../lab/ml/model.js';
import { initTf } from '../../../lab/ml/tf.js';
import { predictAll } from '../../../lab/ml/train.js';
import { assertOnnxMatchesTfjs } from '../../../test/support/onnx-equivalence.js';
import type { Quad } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';
import { defaultModelDir } from '../../inference/model-files.js';
import { loadModel } from '../../inference/session.js';
import { patchCnn, PATCH_CNN_FILE } from './patch-cnn.js';
import { PATCH_SIZE, RAW_PATCH_SIZE, patchOrigins, rawWindow, residualPatch } from './patches.js';

const W = 256;
const H = 256;
const WHOLE: Quad = [[0, 0], [W, 0], [W, H], [0, H]];

/** A textured object in 8-bit RGB: the same content in every channel plus a little sensor noise per channel. */
function object(seed: number): RgbImage {
  const content = fractalTexture(W, H, seed, 150);
  const noise = seededGaussian(seed + 100);
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.max(0, Math.min(255, Math.round(128 + [0.9, 1, 0.8][c]! * (content.data[i]! - 128) + noise() * 1.5)));
  }
  return { width: W, height: H, data };
}

/** The same object on an RGB-stripe display whose sub-pixels land a third of a camera pixel apart. */
function onScreen(image: RgbImage, cyclesPerPixel: number): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < W * H; i++) {
    const x = i % W;
    for (let c = 0; c < 3; c++) {
      const stripe = 0.5 + 0.5 * Math.cos(2 * Math.PI * (cyclesPerPixel * x - c / 3));
      data[i * 3 + c] = Math.round(image.data[i * 3 + c]! * (0.55 + 0.45 * stripe));
    }
  }
  return { width: W, height: H, data };
}

test('the patch CNN ONNX graph equals the committed tfjs checkpoint on fixed inputs', async () => {
  await initTf('wasm');
  const model = await Model.load(join(defaultModelDir(), 'vulture-sr', 'patch-cnn-tfjs'));
  const session = await loadModel(join(defaultModelDir(), PATCH_CNN_FILE));
  try {
    const images = [object(1), onScreen(object(2), 0.3), onScreen(object(3), 1.21)];
    const size = PATCH_SIZE * PATCH_SIZE * 3;
    const nhwc = new Float32Array(images.length * 4 * size);
    const nchw = new Float32Array(images.length * 4 * size);
    let n = 0;
    for (const image of images) {
      for (const origin of patchOrigins(W, H, WHOLE, 4)) {
        const raw = rawWindow(image, origin);
        residualPatch(raw, 0, nhwc, n * size, 'nhwc');
        residualPatch(raw, 0, nchw, n * size, 'nchw');
        n++;
      }
    }
    assert.equal(n, 12);
    const tfjs = predictAll(model, nhwc);
    const onnx = (await session.run({ input: { dims: [n, 3, PATCH_SIZE, PATCH_SIZE], data: nchw } })).probabilities!.data;
    assertOnnxMatchesTfjs(tfjs, onnx, n, 'inputs');
  } finally {
    model.dispose();
    await session.dispose();
  }
});

test('a sub-pixel stripe grid scores as more screen-like than the object photographed directly', async () => {
  const cnn = patchCnn();
  try {
    for (const seed of [4, 5]) {
      const direct = await cnn.score(object(seed), WHOLE);
      const screen = await cnn.score(onScreen(object(seed), 0.3), WHOLE);
      assert.equal(direct.patches, 16);
      assert.ok(screen.mean < direct.mean, `seed ${seed}: screen mean logit ${screen.mean} should be below the object's ${direct.mean}`);
      assert.ok(screen.lowest <= screen.mean && Number.isFinite(screen.lowest));
    }
    const tiny = await cnn.score({ width: RAW_PATCH_SIZE - 1, height: 64, data: new Uint8Array((RAW_PATCH_SIZE - 1) * 64 * 3) }, [[0, 0], [RAW_PATCH_SIZE - 1, 0], [RAW_PATCH_SIZE - 1, 64], [0, 64]]);
    assert.equal(tiny.patches, 0);
    assert.ok(Number.isNaN(tiny.mean), 'no whole patch: NaN (the detector substitutes the training mean)');
  } finally {
    await cnn.dispose();
  }
});

test('load() opens the patch CNN at start-up and names the training script when the file is missing', async () => {
  const cnn = patchCnn();
  await cnn.load();
  await cnn.dispose();
  await assert.rejects(patchCnn(join(defaultModelDir(), 'no-such-folder')).load(), /patch CNN .*could not be loaded; train it with lab\/detectors\/sr-cnn\.ts/);
});
