import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../src/inference/session.js';
import { PATCH_CHANNELS, PATCH_SIDE, PATCH_VALUES, writePatchCHW } from './hawk-sd-patch-input.js';
import { scorePatches } from './hawk-sd-patch-scores.js';
import { Model } from '../ml/model.js';
import { exportOnnx } from '../ml/onnx-export.js';
import { initTf, tf } from '../ml/tf.js';
import { Rng } from '../rng.js';
import { PATCH_CNN_SPEC } from './hawk-sd-patch-spec.js';

test('hawk-sd patch CNN: the exported ONNX graph scores patches as tfjs does (CHW input through the product scorer)', async () => {
  await initTf();
  const model = Model.create(PATCH_CNN_SPEC, 3);
  const rng = new Rng('patch-spec-test');
  // A noisy document-like raster with a few text-like edges.
  const w = 200;
  const h = 150;
  const data = Float32Array.from({ length: w * h }, (_, i) => 120 + 20 * rng.next() + ((i % w) % 37 < 3 ? 80 : 0));
  const plane = { width: w, height: h, data };
  const region = { x: 0, y: 0, width: w, height: h };
  const dir = await mkdtemp(join(tmpdir(), 'hawk-sd-patch-'));
  try {
    await writeFile(join(dir, 'patch-cnn.onnx'), exportOnnx(model));
    const session = await loadModel(join(dir, 'patch-cnn.onnx'));
    const { scores, origins } = await scorePatches(session, plane, region, 3, 5, 6);
    await session.dispose();
    assert.ok(origins.length >= 2, `${origins.length} patches`);
    // tfjs on the same patches, NHWC.
    const chw = new Float32Array(PATCH_VALUES);
    const nhwc = new Float32Array(origins.length * PATCH_VALUES);
    const n = PATCH_SIDE * PATCH_SIDE;
    origins.forEach(([x, y], k) => {
      writePatchCHW(plane, x, y, chw);
      for (let p = 0; p < n; p++) for (let c = 0; c < PATCH_CHANNELS; c++) nhwc[k * PATCH_VALUES + p * PATCH_CHANNELS + c] = chw[c * n + p]!;
    });
    const expected = tf.tidy(() => model.predict(tf.tensor(nhwc, [origins.length, PATCH_SIDE, PATCH_SIDE, PATCH_CHANNELS])).dataSync());
    for (let i = 0; i < origins.length; i++) assert.ok(Math.abs(scores[i]! - expected[i]!) < 1e-4, `patch ${i}: onnx ${scores[i]} tfjs ${expected[i]}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
