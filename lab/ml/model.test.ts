import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeModel, type ModelSpec } from './layers.js';
import { Model } from './model.js';
import { toyConvSpec, toyImages } from './test-fixtures.js';
import { initTf, tf } from './tf.js';

test('shapes and weights are inferred layer by layer', () => {
  const d = describeModel(toyConvSpec);
  assert.deepEqual(d.shapes.map((s) => [...s]), [[8, 8, 4], [8, 8, 4], [8, 8, 4], [4, 4, 4], [2, 2, 4], [2, 2, 4], [16], [1], [1]]);
  assert.equal(d.finalActivation, 'sigmoid');
  assert.deepEqual(d.weights.find((w) => w.name === 'c2/kernel')?.shape, [3, 3, 4, 4]);
  assert.deepEqual(d.weights.find((w) => w.name === 'd1/kernel')?.shape, [16, 1]);
});

test('bad specs are refused with a message naming the layer and what is accepted', () => {
  const bad = (layers: ModelSpec['layers'], inputShape = [8, 8, 1]) => () => describeModel({ name: 'bad', inputShape, layers });
  assert.throws(bad([{ op: 'dense', name: 'd', units: 2 }]), /layer 0: dense needs a vector input: add flatten/);
  assert.throws(bad([{ op: 'relu' }, { op: 'batchnorm', name: 'b' }]), /batchnorm must directly follow a conv2d, depthwise2d or dense/);
  assert.throws(bad([{ op: 'flatten' }, { op: 'sigmoid' }, { op: 'relu' }]), /'sigmoid' must be the last layer/);
  assert.throws(bad([{ op: 'conv2d', name: 'c', filters: 2, kernel: 3, padding: 'full' as 'same' }]), /padding must be 'same' or 'valid'/);
  assert.throws(bad([{ op: 'gelu' } as unknown as ModelSpec['layers'][number]]), /unknown op "gelu"; accepted: standardize, conv2d/);
  assert.throws(bad([], [8, 8]), /inputShape must be \[height, width, channels\] or \[features\]/);
});

test('the same seed gives the same initial weights, another seed others', async () => {
  await initTf('wasm');
  const a = Model.create(toyConvSpec, 1);
  const b = Model.create(toyConvSpec, 1);
  const c = Model.create(toyConvSpec, 2);
  assert.deepEqual(a.snapshot().get('c1/kernel'), b.snapshot().get('c1/kernel'));
  assert.notDeepEqual(a.snapshot().get('c1/kernel'), c.snapshot().get('c1/kernel'));
  assert.equal(a.parameterCount, 4 * 9 + 4 + 4 + 4 + 4 * 4 * 9 + 4 + 16 + 1);
  for (const m of [a, b, c]) m.dispose();
});

test('a checkpoint saved and loaded predicts exactly the same', async () => {
  await initTf('wasm');
  const dir = await mkdtemp(join(tmpdir(), 'doclive-ckpt-'));
  try {
    const model = Model.create(toyConvSpec, 'save');
    model.variable('bn1/moving_mean').assign(tf.tensor1d([0.1, -0.2, 0.3, 0.05]));
    await model.save(dir);
    const loaded = await Model.load(dir);
    const { x } = toyImages(4, 'save-input');
    const input = tf.tensor(x, [4, 8, 8, 1]);
    const p1 = model.predict(input);
    const p2 = loaded.predict(input);
    assert.deepEqual(await p1.data(), await p2.data());
    assert.deepEqual(loaded.spec, model.spec);
    tf.dispose([input, p1, p2]);
    model.dispose();
    loaded.dispose();
    await writeFile(join(dir, 'model.json'), JSON.stringify({ format: 'other' }));
    await assert.rejects(Model.load(dir), /not a doclive-lab-model\/1 checkpoint/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a wrongly shaped input is refused with the expected shape', async () => {
  await initTf('wasm');
  const model = Model.create(toyConvSpec, 3);
  const input = tf.zeros([2, 8, 8, 3]);
  assert.throws(() => model.predict(input), /expects input \[batch, 8, 8, 1\], got \[2, 8, 8, 3\]/);
  input.dispose();
  model.dispose();
});
