// A sequential model over the layer vocabulary of layers.ts: named tfjs variables, a forward pass for training and
// inference, and checkpoints as model.json (spec + weight index) + weights.bin (float32, little-endian).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from '../rng.js';
import { describeModel, type FinalActivation, type LayerSpec, type ModelSpec, type WeightSpec } from './layers.js';
import { tf } from './tf.js';

export const CHECKPOINT_FORMAT = 'doclive-lab-model/1';

export interface BatchMoments {
  readonly layer: string;
  readonly mean: tf.Tensor;
  readonly variance: tf.Tensor;
}

export interface ForwardOptions {
  /** Batch statistics for batch norm (and report them through `moments`); inference uses the moving averages. */
  readonly training?: boolean;
  /** Receives kept (tf.keep) batch moments in training mode; the caller disposes them. */
  readonly moments?: BatchMoments[];
}

const DEFAULT_BN_EPSILON = 1e-3;
const DEFAULT_BN_MOMENTUM = 0.9;

export class Model {
  readonly spec: ModelSpec;
  readonly finalActivation: FinalActivation;
  readonly outputShape: readonly number[];
  readonly weightSpecs: readonly WeightSpec[];
  private readonly variables: Map<string, tf.Variable>;

  private constructor(spec: ModelSpec, values: ReadonlyMap<string, Float32Array>) {
    const described = describeModel(spec);
    this.spec = spec;
    this.finalActivation = described.finalActivation;
    this.outputShape = described.shapes[described.shapes.length - 1] ?? spec.inputShape;
    this.weightSpecs = described.weights;
    this.variables = new Map();
    for (const w of described.weights) {
      const data = values.get(w.name);
      const size = w.shape.reduce((a, b) => a * b, 1);
      if (!data || data.length !== size) throw new Error(`model '${spec.name}': weight '${w.name}' needs ${size} values, got ${data?.length ?? 'none'}`);
      this.variables.set(w.name, tf.variable(tf.tensor(data, [...w.shape]), w.trainable, `${spec.name}/${w.name}/${nextVariableId++}`));
    }
  }

  /** A freshly initialised model; He-normal kernels drawn from `seed` so the same seed gives the same weights. */
  static create(spec: ModelSpec, seed: number | string): Model {
    const rng = new Rng(seed).fork(`init:${spec.name}`);
    const values = new Map<string, Float32Array>();
    for (const w of describeModel(spec).weights) {
      const size = w.shape.reduce((a, b) => a * b, 1);
      const init = w.init;
      if ('constant' in init) values.set(w.name, new Float32Array(size).fill(init.constant));
      else {
        const sd = Math.sqrt(2 / init.heNormalFanIn);
        values.set(w.name, Float32Array.from({ length: size }, () => rng.normal(0, sd)));
      }
    }
    return new Model(spec, values);
  }

  static fromWeights(spec: ModelSpec, values: ReadonlyMap<string, Float32Array>): Model {
    return new Model(spec, values);
  }

  get parameterCount(): number {
    return this.weightSpecs.filter((w) => w.trainable).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  }

  variable(name: string): tf.Variable {
    const v = this.variables.get(name);
    if (!v) throw new Error(`model '${this.spec.name}' has no weight '${name}'; it has ${[...this.variables.keys()].join(', ')}`);
    return v;
  }

  trainableVariables(): tf.Variable[] {
    return this.weightSpecs.filter((w) => w.trainable).map((w) => this.variable(w.name));
  }

  decayedVariables(): tf.Variable[] {
    return this.weightSpecs.filter((w) => w.decay).map((w) => this.variable(w.name));
  }

  /** Output before the final sigmoid / softmax (the raw score); equals predict() when there is none. */
  logits(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor {
    const expected = [-1, ...this.spec.inputShape];
    if (x.rank !== expected.length || x.shape.slice(1).some((d, i) => d !== this.spec.inputShape[i])) {
      throw new Error(`model '${this.spec.name}' expects input [batch, ${this.spec.inputShape.join(', ')}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      let h = x;
      for (const layer of this.spec.layers) {
        if (layer.op === 'sigmoid' || layer.op === 'softmax') break;
        h = this.apply(layer, h, options);
      }
      return h;
    });
  }

  /** Inference output: probabilities for sigmoid / softmax models. */
  predict(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => activate(this.logits(x), this.finalActivation));
  }

  private apply(layer: LayerSpec, h: tf.Tensor, options: ForwardOptions): tf.Tensor {
    switch (layer.op) {
      case 'standardize':
        return h.sub(this.variable(`${layer.name}/mean`)).div(this.variable(`${layer.name}/std`));
      case 'conv2d':
        return tf.conv2d(h as tf.Tensor4D, this.variable(`${layer.name}/kernel`) as tf.Tensor4D, 1, layer.padding).add(this.variable(`${layer.name}/bias`));
      case 'depthwise2d':
        return tf.depthwiseConv2d(h as tf.Tensor4D, this.variable(`${layer.name}/kernel`) as tf.Tensor4D, 1, layer.padding).add(this.variable(`${layer.name}/bias`));
      case 'batchnorm': {
        const epsilon = layer.epsilon ?? DEFAULT_BN_EPSILON;
        const gamma = this.variable(`${layer.name}/gamma`);
        const beta = this.variable(`${layer.name}/beta`);
        if (options.training) {
          const axes = h.shape.slice(0, -1).map((_, i) => i);
          const { mean, variance } = tf.moments(h, axes);
          options.moments?.push({ layer: layer.name, mean: tf.keep(mean), variance: tf.keep(variance) });
          return tf.batchNorm(h, mean, variance, beta, gamma, epsilon);
        }
        return tf.batchNorm(h, this.variable(`${layer.name}/moving_mean`), this.variable(`${layer.name}/moving_variance`), beta, gamma, epsilon);
      }
      case 'relu':
        return tf.relu(h);
      case 'maxpool':
        return tf.maxPool(h as tf.Tensor4D, layer.size, layer.size, 'valid');
      case 'avgpool':
        return tf.avgPool(h as tf.Tensor4D, layer.size, layer.size, 'valid');
      case 'depthtospace': {
        // reshape / transpose rather than tf.depthToSpace: these have gradients on every backend.
        const [n, hh, ww, cc] = h.shape as [number, number, number, number];
        const s = layer.size, out = cc / (s * s);
        return tf.reshape(tf.transpose(tf.reshape(h, [n, hh, ww, s, s, out]), [0, 1, 3, 2, 4, 5]), [n, hh * s, ww * s, out]);
      }
      case 'globalavgpool':
        return tf.mean(h, [1, 2]);
      case 'flatten':
        return tf.reshape(h, [h.shape[0] ?? -1, -1]);
      case 'dense':
        return tf.matMul(h as tf.Tensor2D, this.variable(`${layer.name}/kernel`) as tf.Tensor2D).add(this.variable(`${layer.name}/bias`));
      case 'sigmoid':
      case 'softmax':
        return activate(h, layer.op);
    }
  }

  /** Moves the batch-norm moving averages toward the batch moments of one training step. */
  updateMovingStatistics(moments: readonly BatchMoments[]): void {
    for (const m of moments) {
      const layer = this.spec.layers.find((l) => 'name' in l && l.name === m.layer);
      const momentum = layer?.op === 'batchnorm' ? (layer.momentum ?? DEFAULT_BN_MOMENTUM) : DEFAULT_BN_MOMENTUM;
      const mean = this.variable(`${m.layer}/moving_mean`);
      const variance = this.variable(`${m.layer}/moving_variance`);
      tf.tidy(() => {
        mean.assign(mean.mul(momentum).add(m.mean.mul(1 - momentum)));
        variance.assign(variance.mul(momentum).add(m.variance.mul(1 - momentum)));
      });
    }
  }

  /** Copies of every weight (trainable or not), e.g. to keep the best epoch. */
  snapshot(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const w of this.weightSpecs) out.set(w.name, Float32Array.from(this.variable(w.name).dataSync() as Float32Array));
    return out;
  }

  restore(values: ReadonlyMap<string, Float32Array>): void {
    for (const w of this.weightSpecs) {
      const data = values.get(w.name);
      if (!data) throw new Error(`restore: missing weight '${w.name}'`);
      const v = this.variable(w.name);
      tf.tidy(() => v.assign(tf.tensor(data, v.shape)));
    }
  }

  async save(dir: string): Promise<void> {
    const values = this.snapshot();
    let offset = 0;
    const index = this.weightSpecs.map((w) => {
      const length = values.get(w.name)!.length;
      const entry = { name: w.name, shape: w.shape, offset, length };
      offset += length;
      return entry;
    });
    const all = new Float32Array(offset);
    for (const entry of index) all.set(values.get(entry.name)!, entry.offset);
    await mkdir(dir, { recursive: true });
    // Float32Array bytes are little-endian on every platform Node runs on here (x64, arm64).
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(all.buffer));
    await writeFile(join(dir, 'model.json'), JSON.stringify({ format: CHECKPOINT_FORMAT, spec: this.spec, weights: index }, null, 2) + '\n');
  }

  static async load(dir: string): Promise<Model> {
    const meta = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { format?: unknown; spec?: ModelSpec; weights?: { name: string; offset: number; length: number }[] };
    if (meta.format !== CHECKPOINT_FORMAT || !meta.spec || !Array.isArray(meta.weights)) {
      throw new Error(`${join(dir, 'model.json')}: not a ${CHECKPOINT_FORMAT} checkpoint (format ${JSON.stringify(meta.format)})`);
    }
    const bytes = await readFile(join(dir, 'weights.bin'));
    if (bytes.byteLength % 4 !== 0) throw new Error(`${join(dir, 'weights.bin')}: size ${bytes.byteLength} is not a multiple of 4 bytes`);
    const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const values = new Map<string, Float32Array>();
    for (const w of meta.weights) {
      if (w.offset + w.length > all.length) throw new Error(`${join(dir, 'weights.bin')}: too short for weight '${w.name}'`);
      values.set(w.name, all.slice(w.offset, w.offset + w.length));
    }
    return new Model(meta.spec, values);
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}

let nextVariableId = 0;

export function activate(logits: tf.Tensor, activation: FinalActivation): tf.Tensor {
  if (activation === 'sigmoid') return tf.sigmoid(logits);
  if (activation === 'softmax') return tf.softmax(logits);
  return logits;
}
