import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { conv2dFilterGradient, conv2dInputGradient, depthwiseFilterGradient, depthwiseInputGradient, initTf, tf } from './tf.js';

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.normal()), shape);
}

function maxAbsDiff(a: Float32Array | Int32Array | Uint8Array, b: Float32Array | Int32Array | Uint8Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

interface Case {
  readonly x: number[];
  readonly filter: number[];
  readonly strides: number;
  readonly pad: 'same' | 'valid';
}

const cases: Case[] = [
  { x: [2, 9, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 9, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [3, 7, 10, 2], filter: [5, 5, 2, 3], strides: 1, pad: 'same' },
  { x: [1, 8, 8, 4], filter: [2, 2, 4, 5], strides: 1, pad: 'same' },
  { x: [2, 6, 7, 3], filter: [4, 4, 3, 2], strides: 1, pad: 'valid' },
  { x: [2, 5, 5, 6], filter: [1, 1, 6, 3], strides: 1, pad: 'same' },
  { x: [2, 11, 9, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'same' },
  { x: [2, 11, 9, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'valid' },
];

/** The cpu backend's own backprop kernels are the reference: they exist there and are exact. */
async function referenceGradients(x: tf.Tensor, filter: tf.Tensor, dy: tf.Tensor, c: Case) {
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
  const xData = await x.data();
  const fData = await filter.data();
  const dyData = await dy.data();
  await initTf('cpu');
  try {
    const xc = tf.tensor(xData, x.shape);
    const fc = tf.tensor(fData, filter.shape);
    const dyc = tf.tensor(dyData, dy.shape);
    const dFilter = tf.engine().runKernel('Conv2DBackpropFilter', { x: xc, dy: dyc }, { ...attrs, filterShape: c.filter }) as tf.Tensor;
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy: dyc, filter: fc }, { ...attrs, inputShape: c.x }) as tf.Tensor;
    const out = { dFilter: await dFilter.data(), dx: await dx.data() };
    tf.dispose([xc, fc, dyc, dFilter, dx]);
    return out;
  } finally {
    await initTf('wasm');
  }
}

test('wasm backend is set up from node_modules with SIMD', async () => {
  const info = await initTf('wasm');
  assert.equal(info.backend, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(info.simd, true);
  assert.ok(info.threads >= 1);
});

for (const c of cases) {
  test(`conv2d gradients on wasm match the cpu backprop kernels: x ${c.x} filter ${c.filter} stride ${c.strides} ${c.pad}`, async () => {
    await initTf('wasm');
    const rng = new Rng(`grad-${c.x}-${c.filter}-${c.strides}-${c.pad}`);
    const x = randomTensor(rng, c.x) as tf.Tensor4D;
    const filter = randomTensor(rng, c.filter) as tf.Tensor4D;
    const y = tf.conv2d(x, filter, c.strides, c.pad);
    const dy = randomTensor(rng, y.shape) as tf.Tensor4D;
    const dFilter = conv2dFilterGradient(x, dy, c.filter, { strides: c.strides, pad: c.pad });
    const dx = conv2dInputGradient(c.x, dy, filter, { strides: c.strides, pad: c.pad });
    assert.deepEqual(dFilter.shape, c.filter);
    assert.deepEqual(dx.shape, c.x);
    const ref = await referenceGradients(x, filter, dy, c);
    // Sums of up to ~200 products of N(0,1) values in float32: 1e-4 absolute is tight.
    assert.ok(maxAbsDiff(await dFilter.data(), ref.dFilter) < 1e-4, 'filter gradient');
    assert.ok(maxAbsDiff(await dx.data(), ref.dx) < 1e-4, 'input gradient');
    tf.dispose([x, filter, y, dy, dFilter, dx]);
  });
}

test('tf.variableGrads through conv/relu/maxpool on wasm matches central finite differences', async () => {
  await initTf('wasm');
  const rng = new Rng('finite-differences');
  const x = randomTensor(rng, [2, 8, 8, 2]) as tf.Tensor4D;
  const w1 = tf.variable(randomTensor(rng, [3, 3, 2, 3]).mul(0.5), true, 'w1') as tf.Variable<tf.Rank.R4>;
  const w2 = tf.variable(randomTensor(rng, [3, 3, 3, 2]).mul(0.5), true, 'w2') as tf.Variable<tf.Rank.R4>;
  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      const h = tf.maxPool(tf.relu(tf.conv2d(x, w1, 1, 'same')), 2, 2, 'valid');
      return tf.conv2d(h, w2, 1, 'valid').square().mean() as tf.Scalar;
    });
  const { value, grads } = tf.variableGrads(loss, [w1, w2]);
  value.dispose();
  // Float64 central differences over a handful of weights, evaluated with float32 forward passes.
  const eps = 1e-2;
  for (const v of [w1, w2]) {
    const base = await v.data();
    const g = await grads[v.name]!.data();
    for (const index of [0, 5, 13, base.length - 1]) {
      const probe = (delta: number): number => {
        const moved = Float32Array.from(base);
        moved[index] = (moved[index] as number) + delta;
        v.assign(tf.tensor(moved, v.shape));
        const l = loss();
        const out = l.dataSync()[0] as number;
        l.dispose();
        return out;
      };
      const numeric = (probe(eps) - probe(-eps)) / (2 * eps);
      v.assign(tf.tensor(base, v.shape));
      const analytic = g[index] as number;
      assert.ok(Math.abs(numeric - analytic) < 2e-3 + 2e-2 * Math.abs(analytic), `${v.name}[${index}]: numeric ${numeric} analytic ${analytic}`);
    }
  }
  tf.dispose([x, w1, w2, ...Object.values(grads)]);
});

for (const c of [
  { x: [2, 9, 8, 3], filter: [3, 3, 3, 1], pad: 'same' as const },
  { x: [2, 7, 9, 4], filter: [4, 4, 4, 1], pad: 'same' as const },
  { x: [3, 8, 8, 2], filter: [3, 3, 2, 1], pad: 'valid' as const },
]) {
  test(`depthwise conv gradients on wasm match the cpu backprop kernels: x ${c.x} filter ${c.filter} ${c.pad}`, async () => {
    await initTf('wasm');
    const rng = new Rng(`depthwise-${c.x}-${c.filter}-${c.pad}`);
    const x = randomTensor(rng, c.x) as tf.Tensor4D;
    const filter = randomTensor(rng, c.filter) as tf.Tensor4D;
    const y = tf.depthwiseConv2d(x, filter, 1, c.pad);
    const dy = randomTensor(rng, y.shape) as tf.Tensor4D;
    // Through tf.grads, so the registered gradient is what runs.
    const [dx, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, c.pad).mul(dy).sum())([x, filter]);
    const direct = depthwiseFilterGradient(x, dy, c.filter, { strides: 1, pad: c.pad });
    const directX = depthwiseInputGradient(c.x, dy, filter, { strides: 1, pad: c.pad });
    const xData = await x.data();
    const fData = await filter.data();
    const dyData = await dy.data();
    await initTf('cpu');
    const attrs = { strides: 1, pad: c.pad, dilations: 1 };
    const xc = tf.tensor(xData, c.x);
    const fc = tf.tensor(fData, c.filter);
    const dyc = tf.tensor(dyData, dy.shape);
    const refFilter = await (tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: xc, dy: dyc }, { ...attrs, filterShape: c.filter }) as tf.Tensor).data();
    const refX = await (tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: dyc, filter: fc }, { ...attrs, inputShape: c.x }) as tf.Tensor).data();
    await initTf('wasm');
    assert.ok(maxAbsDiff(await dFilter!.data(), refFilter) < 1e-4, 'filter gradient');
    assert.ok(maxAbsDiff(await dx!.data(), refX) < 1e-4, 'input gradient');
    assert.ok(maxAbsDiff(await direct.data(), refFilter) < 1e-4);
    assert.ok(maxAbsDiff(await directX.data(), refX) < 1e-4);
  });
}
