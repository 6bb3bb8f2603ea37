// The fine-tuning graph (lab/face/tiny-face-tf.ts) must compute what the exported ONNX model computes, with a changed
// head too: otherwise what is trained is not what ships.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTf, tf } from '../ml/tf.js';
import { Rng } from '../rng.js';
import { TinyFaceDetector, prepareInput } from '../../src/portrait/tiny-face-detector.js';
import { buildTinyFaceOnnx } from './export-tiny-face-onnx.js';
import { readTinyFaceWeights } from './tiny-face-weights.js';
import { TinyFaceTf } from './tiny-face-tf.js';

let dir: string;
before(async () => { await initTf('wasm'); dir = mkdtempSync(join(tmpdir(), 'doclive-face-tf-')); });
after(() => { rmSync(dir, { recursive: true, force: true }); });

test('the tfjs fine-tuning graph with a changed head equals the ONNX model built from that head', async () => {
  const model = new TinyFaceTf(readTinyFaceWeights());
  const rng = new Rng('tiny-face-tf');
  for (const v of model.head.values()) {
    const noise = Float32Array.from({ length: v.size }, () => (rng.next() - 0.5) * 0.05);
    v.assign(tf.add(v, tf.tensor(noise, v.shape)) as tf.Tensor);
  }
  const size = 224;
  const data = Uint8Array.from({ length: size * size * 3 }, (_, i) => Math.round(128 + 100 * Math.sin(i / 97) * rng.next()));
  const image = { width: size, height: size, data };
  const x = tf.tensor4d(Float32Array.from(data), [1, size, size, 3]);
  const grid = model.grid(model.features(x));
  const nhwc = (await grid.data()) as Float32Array;
  const path = join(dir, 'tuned.onnx');
  writeFileSync(path, buildTinyFaceOnnx(model.headWeights(), 'test'));
  const detector = await TinyFaceDetector.load(path, size);
  try {
    const nchw = await detector.forward(prepareInput(image, size), size);
    const cells = size / 32;
    assert.equal(nchw.length, nhwc.length);
    let maxDiff = 0, maxValue = 0;
    for (let p = 0; p < cells * cells; p++) for (let c = 0; c < 25; c++) {
      const a = nhwc[p * 25 + c]!, b = nchw[c * cells * cells + p]!;
      maxDiff = Math.max(maxDiff, Math.abs(a - b)); maxValue = Math.max(maxValue, Math.abs(a));
    }
    assert.ok(maxValue > 0.1, 'the grid is not trivially zero');
    assert.ok(maxDiff < 1e-3, `max abs difference ${maxDiff}`);
    // face-api's own head gives another grid: the head really changed.
    const original = await TinyFaceDetector.load('models/tiny-face-detector.onnx', size);
    try {
      const plain = await original.forward(prepareInput(image, size), size);
      assert.ok(plain.some((v, i) => Math.abs(v - nchw[i]!) > 1e-2), 'the changed head changes the output');
    } finally { await original.dispose(); }
  } finally { await detector.dispose(); }
});

test('the shipped portrait model is face-api\'s detector with only its head changed', async () => {
  const { onnx } = (await import('onnx-proto')).default;
  const { readFileSync } = await import('node:fs');
  const { PORTRAIT_FACE_MODEL } = await import('../../src/portrait/tiny-face-detector.js');
  const initialisers = (bytes: Uint8Array): Map<string, Buffer> =>
    new Map(onnx.ModelProto.decode(bytes).graph!.initializer!.map((t) => [t.name!, Buffer.from(t.rawData!)]));
  const shipped = initialisers(readFileSync(`models/${PORTRAIT_FACE_MODEL}`));
  const original = initialisers(buildTinyFaceOnnx());
  assert.deepEqual([...shipped.keys()].sort(), [...original.keys()].sort());
  const head = new Set(['conv5_dw', 'conv5_pw', 'conv5_b', 'conv8_w', 'conv8_b']);
  for (const [name, values] of original) {
    if (head.has(name)) assert.ok(!values.equals(shipped.get(name)!), `${name} should be fine-tuned`);
    else assert.ok(values.equals(shipped.get(name)!), `${name} should be face-api's`);
  }
});
