import { sharedDataDir } from '../shared-data.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import sharp from 'sharp';
import { Rng } from '../rng.js';
import type { ModelSpec } from './layers.js';
import { Model } from './model.js';
import { exportOnnx, nhwcToNchw } from './onnx-export.js';
import { arrayData } from './test-fixtures.js';
import { initTf, tf } from './tf.js';
import { train } from './train.js';

// Every op of the vocabulary: conv 'same' (odd and even kernel) and 'valid', batch norm folded into conv and dense,
// both poolings, flatten (NHWC order), global average pooling, depthwise conv, dense, sigmoid / softmax.
const patchSpec: ModelSpec = {
  name: 'patch',
  inputShape: [64, 64, 3],
  layers: [
    { op: 'standardize', name: 'norm' },
    { op: 'conv2d', name: 'c1', filters: 8, kernel: 3, padding: 'same' },
    { op: 'batchnorm', name: 'bn1' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'conv2d', name: 'c2', filters: 8, kernel: 4, padding: 'same' },
    { op: 'relu' },
    { op: 'avgpool', size: 2 },
    { op: 'conv2d', name: 'c3', filters: 6, kernel: 3, padding: 'valid' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'flatten' },
    { op: 'dense', name: 'd1', units: 8 },
    { op: 'batchnorm', name: 'bn2' },
    { op: 'relu' },
    { op: 'dense', name: 'out', units: 1 },
    { op: 'sigmoid' },
  ],
};

const gapSpec: ModelSpec = {
  name: 'gap',
  inputShape: [16, 12, 3],
  layers: [
    { op: 'conv2d', name: 'c1', filters: 5, kernel: 5, padding: 'same' },
    { op: 'relu' },
    { op: 'depthwise2d', name: 'dw', kernel: 3, padding: 'same' },
    { op: 'batchnorm', name: 'bn' },
    { op: 'relu' },
    { op: 'depthwise2d', name: 'dw2', kernel: 2, padding: 'valid' },
    { op: 'globalavgpool' },
    { op: 'dense', name: 'out', units: 3 },
    { op: 'softmax' },
  ],
};

// A per-pixel map at a finer stride than its features: sub-pixel upsampling (DepthToSpace) before the sigmoid.
const shuffleSpec: ModelSpec = {
  name: 'shuffle',
  inputShape: [16, 20, 3],
  layers: [
    { op: 'conv2d', name: 'c1', filters: 6, kernel: 3, padding: 'same' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'conv2d', name: 'c2', filters: 8, kernel: 3, padding: 'same' },
    { op: 'batchnorm', name: 'bn' },
    { op: 'relu' },
    { op: 'conv2d', name: 'out', filters: 4, kernel: 1, padding: 'same' },
    { op: 'depthtospace', size: 2 },
    { op: 'sigmoid' },
  ],
};

const mlpSpec: ModelSpec = {
  name: 'mlp',
  inputShape: [7],
  layers: [
    { op: 'standardize', name: 'norm' },
    { op: 'dense', name: 'h', units: 5 },
    { op: 'relu' },
    { op: 'dense', name: 'out', units: 1 },
    { op: 'sigmoid' },
  ],
};

function randomValues(rng: Rng, length: number, scale = 1, offset = 0): Float32Array {
  return Float32Array.from({ length }, () => offset + scale * rng.normal());
}

/** Non-trivial batch-norm statistics and standardisation so folding and Sub/Div are really exercised. */
function perturbStatistics(model: Model, rng: Rng): void {
  for (const w of model.weightSpecs) {
    const v = model.variable(w.name);
    const n = v.size;
    if (w.name.endsWith('/moving_variance') || w.name.endsWith('/std')) v.assign(tf.tensor(Float32Array.from({ length: n }, () => rng.uniform(0.5, 2)), v.shape));
    else if (w.name.endsWith('/moving_mean') || w.name.endsWith('/mean') || w.name.endsWith('/beta') || w.name.endsWith('/bias')) v.assign(tf.tensor(randomValues(rng, n, 0.2), v.shape));
    else if (w.name.endsWith('/gamma')) v.assign(tf.tensor(Float32Array.from({ length: n }, () => rng.uniform(0.5, 1.5)), v.shape));
  }
}

async function runOnnx(bytes: Uint8Array, input: Float32Array, dims: number[]): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const result = await session.run({ input: new ort.Tensor('float32', input, dims) });
    return Object.fromEntries(Object.entries(result).map(([name, t]) => [name, t.data as Float32Array]));
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

/** Runs tfjs and onnxruntime on the same NHWC batch and compares logits and probabilities, absolute 1e-5. */
async function assertSameOutputs(model: Model, nhwc: Float32Array, batch: number): Promise<void> {
  const shape = [batch, ...model.spec.inputShape];
  const x = tf.tensor(nhwc, shape);
  const logits = model.logits(x);
  const probabilities = model.predict(x);
  const image = model.spec.inputShape.length === 3;
  const onnxInput = image ? nhwcToNchw(nhwc, shape as [number, number, number, number]) : nhwc;
  const onnxDims = image ? [batch, shape[3]!, shape[1]!, shape[2]!] : shape;
  const out = await runOnnx(exportOnnx(model), onnxInput, onnxDims);
  assert.deepEqual(Object.keys(out).sort(), ['logits', 'probabilities']);
  const logitDiff = maxAbsDiff(out.logits!, await logits.data());
  const probDiff = maxAbsDiff(out.probabilities!, await probabilities.data());
  assert.ok(logitDiff < 1e-5, `${model.spec.name}: logits differ by ${logitDiff}`);
  assert.ok(probDiff < 1e-5, `${model.spec.name}: probabilities differ by ${probDiff}`);
  // The check must be able to fail: outputs vary across the batch.
  const values = await logits.data();
  assert.ok(Math.max(...values) - Math.min(...values) > 1e-3, `${model.spec.name}: outputs are constant`);
  tf.dispose([x, logits, probabilities]);
}

for (const spec of [patchSpec, gapSpec, shuffleSpec, mlpSpec]) {
  test(`randomly initialised '${spec.name}' model: onnxruntime matches tfjs to 1e-5 on random inputs`, async () => {
    await initTf('wasm');
    const rng = new Rng(`onnx-random-${spec.name}`);
    const model = Model.create(spec, spec.name);
    perturbStatistics(model, rng);
    const batch = 5;
    const size = spec.inputShape.reduce((a, b) => a * b, 1);
    await assertSameOutputs(model, randomValues(rng, batch * size, 1, 0.5), batch);
    model.dispose();
  });
}

test('briefly trained patch model: onnxruntime matches tfjs to 1e-5', async () => {
  await initTf('wasm');
  const rng = new Rng('onnx-trained');
  const model = Model.create(patchSpec, 'trained');
  const n = 24;
  const x = randomValues(rng, n * 64 * 64 * 3, 0.3, 0.5);
  const y = Float32Array.from({ length: n }, (_, i) => i % 2);
  // Brightness shifts by class so there is something to learn.
  for (let i = 0; i < n; i++) if (y[i] === 1) for (let k = i * 12288; k < (i + 1) * 12288; k++) x[k] = (x[k] as number) + 0.2;
  const before = model.snapshot().get('c1/kernel')!;
  await train(model, arrayData(x, y, 64 * 64 * 3), { seed: 5, epochs: 2, batchSize: 8, learningRate: 0.01, log: () => {} });
  assert.notDeepEqual(model.snapshot().get('c1/kernel'), before);
  await assertSameOutputs(model, x.subarray(0, 6 * 12288), 6);
  model.dispose();
});

test('briefly trained softmax model with depthwise convs (wasm gradients) matches onnxruntime to 1e-5', async () => {
  await initTf('wasm');
  const rng = new Rng('onnx-trained-gap');
  const model = Model.create(gapSpec, 'trained-gap');
  const n = 30;
  const size = 16 * 12 * 3;
  const x = randomValues(rng, n * size, 0.5);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  const before = model.snapshot();
  await train(model, arrayData(x, y, size), { seed: 6, epochs: 3, batchSize: 10, learningRate: 0.01, log: () => {} });
  const after = model.snapshot();
  for (const name of ['dw/kernel', 'dw2/kernel', 'bn/moving_mean']) assert.notDeepEqual(after.get(name), before.get(name), name);
  await assertSameOutputs(model, x.subarray(0, 7 * size), 7);
  model.dispose();
});

test('depthtospace puts channel (i * size + j) * C + c at row offset i, column offset j, in tfjs as in onnxruntime', async () => {
  await initTf('wasm');
  const spec: ModelSpec = { name: 'd2s', inputShape: [1, 1, 8], layers: [{ op: 'depthtospace', size: 2 }] };
  const model = Model.create(spec, 'd2s');
  // One pixel, channels 0..7: output [2, 2, 2]; channel (i * 2 + j) * 2 + c lands at (i, j, c).
  const x = Float32Array.from({ length: 8 }, (_, k) => k);
  const got = await model.predict(tf.tensor(x, [1, 1, 1, 8])).data();
  assert.deepEqual(Array.from(got), [0, 1, 2, 3, 4, 5, 6, 7]); // NHWC order (i, j, c) is the channel order itself
  const out = await runOnnx(exportOnnx(model), x, [1, 8, 1, 1]);
  // NCHW [1, 2, 2, 2]: (c, i, j) = channel (i * 2 + j) * 2 + c.
  assert.deepEqual(Array.from(out.output!), [0, 2, 4, 6, 1, 3, 5, 7]);
  model.dispose();
});

test('briefly trained sub-pixel map (depthtospace gradients on wasm) matches onnxruntime to 1e-5', async () => {
  await initTf('wasm');
  const rng = new Rng('onnx-trained-shuffle');
  const model = Model.create(shuffleSpec, 'trained-shuffle');
  const n = 12, size = 16 * 20 * 3;
  const x = randomValues(rng, n * size, 0.5, 0.5);
  // Target: the brighter half of each pixel's red channel, per output pixel (16 x 20 map).
  const y = Float32Array.from({ length: n * 16 * 20 }, (_, k) => ((x[k * 3] as number) > 0.5 ? 1 : 0));
  const before = model.snapshot().get('out/kernel')!;
  await train(model, arrayData(x, y, size), { seed: 7, epochs: 2, batchSize: 4, learningRate: 0.01, log: () => {} });
  assert.notDeepEqual(model.snapshot().get('out/kernel'), before);
  await assertSameOutputs(model, x.subarray(0, 4 * size), 4);
  model.dispose();
});

test('a real image patch (read from shared/data, not committed) gives the same outputs in both runtimes', async () => {
  // CI has ../shared beside the clone: a missing folder is a failure, not a skip.
  const dir = sharedDataDir();
  await initTf('wasm');
  const { data, info } = await sharp(resolve(dir, 'card-photos-dev/midv500-frame-1.png'))
    .removeAlpha()
    .extract({ left: 100, top: 100, width: 128, height: 128 })
    .resize(64, 64)
    .raw()
    .toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  const patches = new Float32Array(2 * 64 * 64 * 3);
  for (let i = 0; i < data.length; i++) {
    patches[i] = (data[i] as number) / 255;
    patches[data.length + i] = 1 - (data[i] as number) / 255;
  }
  const model = Model.create(patchSpec, 'real');
  perturbStatistics(model, new Rng('real'));
  await assertSameOutputs(model, patches, 2);
  model.dispose();
});

test('the graph declares opset 13, an NCHW input with a free batch axis and OIHW conv weights', async () => {
  await initTf('wasm');
  const model = Model.create(gapSpec, 'meta');
  const bytes = exportOnnx(model);
  const decoded = onnxProto.onnx.ModelProto.decode(bytes);
  assert.equal(Number(decoded.opsetImport[0]?.version), 13);
  const graph = decoded.graph as onnxProto.onnx.GraphProto;
  assert.deepEqual(graph.input[0]?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue)), ['batch', 3, 16, 12]);
  assert.deepEqual(graph.initializer.find((t) => t.name === 'c1/W')?.dims?.map(Number), [5, 3, 5, 5]);
  // OIHW: element (o=1, i=2, h=3, w=4) is tfjs HWIO element (3, 4, 2, 1).
  const raw = graph.initializer.find((t) => t.name === 'c1/W')!.rawData!;
  const oihw = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const hwio = await model.variable('c1/kernel').data();
  assert.equal(oihw[((1 * 3 + 2) * 5 + 3) * 5 + 4], hwio[((3 * 5 + 4) * 3 + 2) * 5 + 1]);
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  assert.deepEqual(session.inputNames, ['input']);
  assert.deepEqual(session.outputNames, ['logits', 'probabilities']);
  // Batch 1 and 3 both run: the batch axis is symbolic.
  for (const batch of [1, 3]) {
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(batch * 3 * 16 * 12), [batch, 3, 16, 12]) });
    assert.deepEqual(out.probabilities!.dims, [batch, 3]);
  }
  await session.release();
  model.dispose();
});
