// Learners on hand-made feature vectors: L2-regularised logistic regression (Newton / IRLS in float64, exact and
// deterministic) and a small MLP (tfjs, train.ts). Both return a lab Model whose first layer standardises the raw
// features with statistics from the training set, so the exported ONNX takes raw features.
import type { ModelSpec } from './layers.js';
import { Model } from './model.js';
import { train, type TrainOptions, type TrainResult } from './train.js';

export interface FeatureData {
  /** Row-major [count, featureCount]. */
  readonly x: Float32Array | Float64Array;
  readonly featureCount: number;
  /** 0 / 1 per row. */
  readonly y: ArrayLike<number>;
  /** Names of the features, stored as model metadata. */
  readonly featureNames?: readonly string[];
}

function checkData(data: FeatureData): number {
  const { x, featureCount: f, y } = data;
  if (!Number.isInteger(f) || f <= 0) throw new Error(`featureCount must be a positive integer, got ${f}`);
  if (x.length % f !== 0) throw new Error(`x has ${x.length} values, not a multiple of featureCount ${f}`);
  const n = x.length / f;
  if (n === 0) throw new Error('no rows to fit');
  if (y.length !== n) throw new Error(`y has ${y.length} labels for ${n} rows`);
  for (let i = 0; i < n; i++) if (y[i] !== 0 && y[i] !== 1) throw new Error(`labels must be 0 or 1; row ${i} has ${y[i]}`);
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) throw new Error(`feature values must be finite; row ${Math.floor(i / f)} feature ${i % f} is ${x[i]}`);
  if (data.featureNames && data.featureNames.length !== f) throw new Error(`featureNames has ${data.featureNames.length} names for ${f} features`);
  return n;
}

export interface Standardisation {
  readonly mean: Float64Array;
  /** Population standard deviation; 1 for a constant feature so it maps to 0 instead of dividing by zero. */
  readonly std: Float64Array;
}

export function standardisation(x: ArrayLike<number>, featureCount: number): Standardisation {
  const n = x.length / featureCount;
  const mean = new Float64Array(featureCount);
  const std = new Float64Array(featureCount);
  for (let i = 0; i < n; i++) for (let j = 0; j < featureCount; j++) mean[j]! += (x[i * featureCount + j] as number) / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < featureCount; j++) std[j]! += ((x[i * featureCount + j] as number) - mean[j]!) ** 2 / n;
  for (let j = 0; j < featureCount; j++) std[j] = std[j]! > 1e-24 ? Math.sqrt(std[j]!) : 1;
  return { mean, std };
}

function metadata(data: FeatureData, learner: string): Record<string, string> {
  return { learner, ...(data.featureNames ? { features: data.featureNames.join(',') } : {}) };
}

export interface LogisticOptions {
  readonly name?: string;
  /** L2 penalty on the (standardised) coefficients, not on the intercept. Default 1. */
  readonly l2?: number;
  /** Loss weight of class 0 and class 1. Default [1, 1]. */
  readonly classWeights?: readonly [number, number];
  readonly maxIterations?: number;
}

export interface LogisticFit {
  readonly model: Model;
  readonly iterations: number;
  readonly converged: boolean;
  /** Coefficients on standardised features and the intercept (float64, before the float32 model). */
  readonly coefficients: Float64Array;
  readonly intercept: number;
}

/** Solves A v = b for symmetric positive-definite A (Cholesky). */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (s <= 0) throw new Error('logistic regression: Hessian is not positive definite; raise l2');
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  const v = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * v[k]!;
    v[i] = s / l[i * n + i]!;
  }
  return v;
}

const log1pExp = (s: number): number => (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s)));

/** L2-regularised logistic regression by Newton's method with step halving. */
export function fitLogistic(data: FeatureData, options: LogisticOptions = {}): LogisticFit {
  const n = checkData(data);
  const f = data.featureCount;
  const l2 = options.l2 ?? 1;
  if (!(l2 >= 0)) throw new Error(`l2 must be >= 0, got ${l2}`);
  const [w0, w1] = options.classWeights ?? [1, 1];
  const maxIterations = options.maxIterations ?? 100;
  const stats = standardisation(data.x, f);
  const d = f + 1; // coefficients then intercept
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) z[i * d + j] = ((data.x[i * f + j] as number) - stats.mean[j]!) / stats.std[j]!;
    z[i * d + f] = 1;
  }
  const weight = (i: number) => (data.y[i] === 1 ? w1 : w0);
  const objective = (beta: Float64Array): number => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += z[i * d + j]! * beta[j]!;
      total += weight(i) * (log1pExp(s) - (data.y[i] as number) * s);
    }
    for (let j = 0; j < f; j++) total += 0.5 * l2 * beta[j]! ** 2;
    return total;
  };
  let beta = new Float64Array(d);
  let current = objective(beta);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const grad = new Float64Array(d);
    const hess = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += z[i * d + j]! * beta[j]!;
      const p = 1 / (1 + Math.exp(-s));
      const wi = weight(i);
      const r = wi * (p - (data.y[i] as number));
      const h = wi * p * (1 - p);
      for (let j = 0; j < d; j++) {
        grad[j]! += r * z[i * d + j]!;
        for (let k = 0; k <= j; k++) hess[j * d + k]! += h * z[i * d + j]! * z[i * d + k]!;
      }
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hess[k * d + j] = hess[j * d + k]!;
    for (let j = 0; j < f; j++) {
      grad[j]! += l2 * beta[j]!;
      hess[j * d + j]! += l2;
    }
    hess[f * d + f]! += 1e-9; // keeps a perfectly separable, unpenalised intercept solvable
    const step = solveSpd(hess, grad, d);
    let scale = 1;
    let candidate = beta;
    let value = current;
    for (let halving = 0; halving < 30; halving++) {
      candidate = beta.map((b, j) => b - scale * step[j]!);
      value = objective(candidate);
      if (value <= current) break;
      scale /= 2;
    }
    converged = current - value <= 1e-10 * Math.max(1, Math.abs(current));
    beta = candidate;
    current = value;
  }
  const spec: ModelSpec = {
    name: options.name ?? 'logistic',
    inputShape: [f],
    layers: [{ op: 'standardize', name: 'standardize' }, { op: 'dense', name: 'linear', units: 1 }, { op: 'sigmoid' }],
    metadata: metadata(data, `logistic regression, l2 ${l2}`),
  };
  const model = Model.fromWeights(spec, new Map([
    ['standardize/mean', Float32Array.from(stats.mean)],
    ['standardize/std', Float32Array.from(stats.std)],
    ['linear/kernel', Float32Array.from(beta.subarray(0, f))],
    ['linear/bias', Float32Array.of(beta[f]!)],
  ]));
  return { model, iterations, converged, coefficients: beta.slice(0, f), intercept: beta[f]! };
}

export interface MlpOptions extends Omit<TrainOptions, 'classWeights'> {
  readonly name?: string;
  /** Hidden layer widths (ReLU). Default [16]. */
  readonly hidden?: readonly number[];
  readonly classWeights?: readonly [number, number];
}

/** A small MLP on standardised features, trained with train.ts (Adam). */
export async function fitMlp(data: FeatureData, options: MlpOptions): Promise<{ model: Model; training: TrainResult }> {
  const n = checkData(data);
  const f = data.featureCount;
  const hidden = options.hidden ?? [16];
  const spec: ModelSpec = {
    name: options.name ?? 'mlp',
    inputShape: [f],
    layers: [
      { op: 'standardize', name: 'standardize' },
      ...hidden.flatMap((units, i) => [{ op: 'dense' as const, name: `hidden${i + 1}`, units }, { op: 'relu' as const }]),
      { op: 'dense', name: 'out', units: 1 },
      { op: 'sigmoid' },
    ],
    metadata: metadata(data, `MLP ${hidden.join('-')}`),
  };
  const model = Model.create(spec, options.seed);
  const stats = standardisation(data.x, f);
  model.restore(new Map([...model.snapshot(), ['standardize/mean', Float32Array.from(stats.mean)], ['standardize/std', Float32Array.from(stats.std)]]));
  const x = Float32Array.from(data.x);
  const y = Float32Array.from({ length: n }, (_, i) => data.y[i] as number);
  const source = {
    size: n,
    batch(indices: readonly number[]) {
      const bx = new Float32Array(indices.length * f);
      indices.forEach((row, k) => bx.set(x.subarray(row * f, (row + 1) * f), k * f));
      return { x: bx, y: Float32Array.from(indices, (row) => y[row]!) };
    },
  };
  const training = await train(model, source, options);
  return { model, training };
}
