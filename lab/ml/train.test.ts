import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Model } from './model.js';
import { arrayData, toyConvSpec, toyImages } from './test-fixtures.js';
import { initTf, tf } from './tf.js';
import { predictAll, train } from './train.js';

const quiet = () => {};

test('loss falls and the toy task is learnt on the wasm backend', async () => {
  await initTf('wasm');
  const { x, y } = toyImages(256, 'toy-train');
  const model = Model.create(toyConvSpec, 'learn');
  const result = await train(model, arrayData(x, y, 64), { seed: 1, epochs: 6, batchSize: 32, learningRate: 0.01, log: quiet });
  const first = result.epochs[0]!.loss;
  const last = result.epochs[result.epochs.length - 1]!.loss;
  assert.ok(last < first * 0.5, `loss ${first} -> ${last}`);
  const test = toyImages(64, 'toy-test');
  const p = model.predict(tf.tensor(test.x, [64, 8, 8, 1]));
  const probs = await p.data();
  const correct = test.y.filter((label, i) => (probs[i]! > 0.5 ? 1 : 0) === label).length;
  assert.ok(correct >= 58, `held-out accuracy ${correct}/64`);
  // Batch norm moving statistics moved away from their initial 0 / 1.
  const movingMean = await model.variable('bn1/moving_mean').data();
  assert.ok(movingMean.some((v) => Math.abs(v) > 1e-3));
  p.dispose();
  model.dispose();
});

test('the number of live tensors does not grow across steps', async () => {
  await initTf('wasm');
  const { x, y } = toyImages(160, 'memory');
  const model = Model.create(toyConvSpec, 'memory');
  const counts: number[] = [];
  const data = arrayData(x, y, 64, () => counts.push(tf.memory().numTensors));
  await train(model, data, { seed: 2, epochs: 2, batchSize: 16, weightDecay: 1e-4, classWeights: [1, 2], log: quiet });
  // Adam creates its moment variables during step 1; from step 2 on every step must leave the count unchanged.
  assert.equal(counts.length, 20);
  const steady = counts.slice(2);
  assert.ok(steady.every((c) => c === steady[0]), `tensor counts ${counts.join(',')}`);
  model.dispose();
});

test('training is deterministic for a seed', async () => {
  await initTf('wasm');
  const { x, y } = toyImages(96, 'determinism');
  const run = async (seed: number) => {
    const model = Model.create(toyConvSpec, seed);
    await train(model, arrayData(x, y, 64), { seed, epochs: 2, batchSize: 16, log: quiet });
    const weights = model.snapshot();
    model.dispose();
    return weights;
  };
  const a = await run(7);
  const b = await run(7);
  const c = await run(8);
  for (const [name, values] of a) assert.deepEqual(values, b.get(name), name);
  assert.notDeepEqual(a.get('d1/kernel'), c.get('d1/kernel'));
});

test('early stopping halts after `patience` worse epochs and restores the best weights', async () => {
  await initTf('wasm');
  const { x, y } = toyImages(64, 'early');
  const model = Model.create(toyConvSpec, 'early');
  const scores = [0.5, 0.9, 0.8, 0.7, 0.95, 0.99];
  const atEpoch = new Map<number, Float32Array>();
  const lines: string[] = [];
  const result = await train(model, arrayData(x, y, 64), {
    seed: 3, epochs: 6, batchSize: 16, patience: 2, log: (l) => lines.push(l),
    validate: (m, epoch) => {
      atEpoch.set(epoch, m.snapshot().get('d1/kernel')!);
      return scores[epoch - 1]!;
    },
  });
  assert.equal(result.stoppedEarly, true);
  assert.equal(result.epochs.length, 4);
  assert.equal(result.bestEpoch, 2);
  assert.deepEqual(model.snapshot().get('d1/kernel'), atEpoch.get(2));
  assert.ok(lines.some((l) => /^epoch 1\/6 step 4\/4 loss \d+\.\d+ acc \d\.\d+ \d+ ms\/step ETA /.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('early stop after epoch 4')));
  model.dispose();
});

test('bad options are refused with a clear message', async () => {
  await initTf('wasm');
  const { x, y } = toyImages(8, 'bad');
  const model = Model.create(toyConvSpec, 'bad');
  await assert.rejects(train(model, arrayData(x, y, 64), { seed: 1, epochs: 0, batchSize: 4, log: quiet }), /epochs must be a positive integer/);
  await assert.rejects(train(model, arrayData(x, y, 32), { seed: 1, epochs: 1, batchSize: 4, log: quiet }), /batch x has 128 values, expected 4 x \[8,8,1\] = 256/);
  model.dispose();
});

test('predictAll gives the same outputs as one predict call, batch by batch without leaking tensors', async () => {
  await initTf('wasm');
  const { x } = toyImages(37, 'predict-all');
  const model = Model.create(toyConvSpec, 'predict-all');
  const whole = model.predict(tf.tensor(x, [37, 8, 8, 1]));
  const expected = await whole.data();
  tf.dispose(whole);
  const before = tf.memory().numTensors;
  const batched = predictAll(model, x, 8);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(batched.length, 37);
  for (let i = 0; i < 37; i++) assert.ok(Math.abs(batched[i]! - expected[i]!) < 1e-6);
  assert.throws(() => predictAll(model, x.subarray(0, 70)), /70 values are not whole inputs of \[8,8,1\]/);
  model.dispose();
});
