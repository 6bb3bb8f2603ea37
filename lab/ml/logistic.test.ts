import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Rng } from '../rng.js';
import { fitLogistic, fitMlp, standardisation } from './logistic.js';
import { exportOnnx } from './onnx-export.js';
import { initTf, tf } from './tf.js';

/** Labels drawn from a known logistic model on features with very different scales and offsets. */
function logisticData(n: number, seed: string) {
  const rng = new Rng(seed);
  const f = 3;
  const x = new Float64Array(n * f);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const c = rng.normal();
    x[i * f] = 100 + 50 * a;
    x[i * f + 1] = 0.01 * b;
    x[i * f + 2] = c;
    const s = 2 * a - 1 * b + 0 * c + 0.5;
    y[i] = rng.next() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  return { x, y, featureCount: f, featureNames: ['a', 'b', 'c'] };
}

test('logistic regression recovers the generating coefficients on standardised features', async () => {
  await initTf('wasm');
  const data = logisticData(20000, 'recover');
  const fit = fitLogistic(data, { l2: 1e-3 });
  assert.equal(fit.converged, true);
  assert.ok(fit.iterations < 20, `${fit.iterations} iterations`);
  // Standardised a and b have unit variance, so the coefficients are the generating ones up to sampling error.
  assert.ok(Math.abs(fit.coefficients[0]! - 2) < 0.15, `a: ${fit.coefficients[0]}`);
  assert.ok(Math.abs(fit.coefficients[1]! + 1) < 0.1, `b: ${fit.coefficients[1]}`);
  assert.ok(Math.abs(fit.coefficients[2]!) < 0.08, `c: ${fit.coefficients[2]}`);
  assert.ok(Math.abs(fit.intercept - 0.5) < 0.1, `intercept: ${fit.intercept}`);
  // The standardisation is stored beside the weights.
  const stats = standardisation(data.x, 3);
  assert.deepEqual(await fit.model.variable('standardize/mean').data(), Float32Array.from(stats.mean));
  assert.equal(fit.model.spec.metadata?.features, 'a,b,c');
  fit.model.dispose();
});

test('a stronger L2 penalty shrinks the coefficients', () => {
  const data = logisticData(2000, 'shrink');
  const loose = fitLogistic(data, { l2: 0.01 });
  const tight = fitLogistic(data, { l2: 500 });
  assert.ok(Math.abs(tight.coefficients[0]!) < 0.6 * Math.abs(loose.coefficients[0]!));
  loose.model.dispose();
  tight.model.dispose();
});

test('class weights move the intercept toward the weighted class', () => {
  const data = logisticData(2000, 'weights');
  const plain = fitLogistic(data);
  const favourOnes = fitLogistic(data, { classWeights: [1, 4] });
  assert.ok(favourOnes.intercept > plain.intercept + 0.5);
  plain.model.dispose();
  favourOnes.model.dispose();
});

test('the exported logistic model takes raw features and matches the float64 fit and tfjs to 1e-5', async () => {
  await initTf('wasm');
  const data = logisticData(500, 'export');
  const fit = fitLogistic(data);
  const rows = 20;
  const raw = Float32Array.from(data.x.subarray(0, rows * 3));
  const session = await ort.InferenceSession.create(exportOnnx(fit.model), { intraOpNumThreads: 1 });
  const out = await session.run({ input: new ort.Tensor('float32', raw, [rows, 3]) });
  const onnxP = out.probabilities!.data as Float32Array;
  const tfP = await fit.model.predict(tf.tensor(raw, [rows, 3])).data();
  const stats = standardisation(data.x, 3);
  for (let i = 0; i < rows; i++) {
    let s = fit.intercept;
    for (let j = 0; j < 3; j++) s += fit.coefficients[j]! * ((raw[i * 3 + j]! - stats.mean[j]!) / stats.std[j]!);
    assert.ok(Math.abs(onnxP[i]! - 1 / (1 + Math.exp(-s))) < 1e-5, `row ${i}`);
    assert.ok(Math.abs(onnxP[i]! - tfP[i]!) < 1e-5, `row ${i}`);
  }
  await session.release();
  fit.model.dispose();
});

test('an MLP learns XOR of two features, which logistic regression cannot', async () => {
  await initTf('wasm');
  const rng = new Rng('xor');
  const n = 400;
  const x = new Float32Array(n * 2);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x[i * 2] = rng.uniform(-1, 1);
    x[i * 2 + 1] = rng.uniform(-1, 1);
    y[i] = (x[i * 2]! > 0) !== (x[i * 2 + 1]! > 0) ? 1 : 0;
  }
  const data = { x, y, featureCount: 2 };
  const accuracy = async (predict: (t: tf.Tensor) => tf.Tensor) => {
    const p = await predict(tf.tensor(x, [n, 2])).data();
    return y.filter((label, i) => (p[i]! > 0.5 ? 1 : 0) === label).length / n;
  };
  const linear = fitLogistic(data);
  const { model } = await fitMlp(data, { seed: 1, epochs: 60, batchSize: 32, learningRate: 0.02, hidden: [16], log: () => {} });
  const linearAccuracy = await accuracy((t) => linear.model.predict(t));
  const mlpAccuracy = await accuracy((t) => model.predict(t));
  assert.ok(linearAccuracy < 0.7, `logistic ${linearAccuracy}`);
  assert.ok(mlpAccuracy > 0.93, `mlp ${mlpAccuracy}`);
  linear.model.dispose();
  model.dispose();
});

test('bad feature data is refused with what was wrong', () => {
  assert.throws(() => fitLogistic({ x: new Float64Array(5), featureCount: 2, y: [0, 1] }), /not a multiple of featureCount 2/);
  assert.throws(() => fitLogistic({ x: new Float64Array(4), featureCount: 2, y: [0, 2] }), /labels must be 0 or 1; row 1 has 2/);
  assert.throws(() => fitLogistic({ x: Float64Array.of(1, NaN), featureCount: 2, y: [1] }), /row 0 feature 1 is NaN/);
});
