// Mini-batch training of a lab model: Adam, optional decoupled weight decay, class weights, early stopping on a
// validation callback, progress lines on stderr. Deterministic for a seed: shuffling comes from lab/rng.ts and the
// wasm backend runs single-threaded.
import { Rng } from '../rng.js';
import type { BatchMoments, Model } from './model.js';
import { tf } from './tf.js';

export interface Batch {
  /** Inputs, row-major [batch, ...model.spec.inputShape] (NHWC for images). */
  readonly x: Float32Array;
  /**
   * Targets. sigmoid models: 0/1 per output unit ([batch, units]); softmax models: class index per sample
   * ([batch]); models without a final activation: regression targets ([batch, ...outputShape], mean squared error).
   */
  readonly y: Float32Array | Int32Array;
}

export interface TrainData {
  readonly size: number;
  /** The samples at these indices (0 <= index < size), in this order. */
  batch(indices: readonly number[]): Batch | Promise<Batch>;
}

export interface TrainOptions {
  readonly seed: number | string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate?: number;
  /** Decoupled (AdamW-style) decay of conv / dense kernels per step: w -= learningRate * weightDecay * w. */
  readonly weightDecay?: number;
  /** Loss weight per class (index = class; sigmoid models with one unit: [weight of 0, weight of 1]). */
  readonly classWeights?: readonly number[];
  /** Score of the model after each epoch (e.g. validation AUC or loss); enables early stopping and best-epoch restore. */
  readonly validate?: (model: Model, epoch: number) => number | Promise<number>;
  /** Whether a higher or a lower validation score is better. Default 'higher'. */
  readonly monitor?: 'higher' | 'lower';
  /** Stop after this many epochs without a better validation score. Default: never stop early. */
  readonly patience?: number;
  /** Progress sink; default writes lines to stderr. */
  readonly log?: (line: string) => void;
  /** Seconds between progress lines within an epoch. Default 10. */
  readonly logIntervalSeconds?: number;
}

export interface EpochReport {
  readonly epoch: number;
  readonly loss: number;
  /** Training accuracy for sigmoid / softmax models (running, before each step's update); NaN otherwise. */
  readonly accuracy: number;
  readonly validation: number | null;
  readonly seconds: number;
}

export interface TrainResult {
  readonly epochs: readonly EpochReport[];
  /** 1-based epoch whose weights the model holds at the end (the best validated one, else the last). */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
}

function checkOptions(model: Model, data: TrainData, o: TrainOptions): void {
  const positiveInt = (v: number) => Number.isInteger(v) && v > 0;
  if (!positiveInt(o.epochs)) throw new Error(`train: epochs must be a positive integer, got ${o.epochs}`);
  if (!positiveInt(o.batchSize)) throw new Error(`train: batchSize must be a positive integer, got ${o.batchSize}`);
  if (!positiveInt(data.size)) throw new Error(`train: the data source must hold at least one sample, got size ${data.size}`);
  if (o.learningRate !== undefined && !(o.learningRate > 0)) throw new Error(`train: learningRate must be > 0, got ${o.learningRate}`);
  if (o.weightDecay !== undefined && !(o.weightDecay >= 0)) throw new Error(`train: weightDecay must be >= 0, got ${o.weightDecay}`);
  if (o.patience !== undefined && !positiveInt(o.patience)) throw new Error(`train: patience must be a positive integer, got ${o.patience}`);
  if (o.classWeights && model.finalActivation === 'none') throw new Error('train: classWeights need a sigmoid or softmax model');
  if (o.classWeights?.some((w) => !(w >= 0))) throw new Error('train: classWeights must be non-negative numbers');
}

/** Per-sample loss weights from class weights (1 when none are given). */
function sampleWeights(model: Model, y: tf.Tensor, classWeights: readonly number[] | undefined): tf.Tensor1D | null {
  if (!classWeights) return null;
  const table = tf.tensor1d([...classWeights]);
  if (model.finalActivation === 'softmax') return tf.gather(table, y.toInt()) as tf.Tensor1D;
  // sigmoid: weight by the label of the first unit (the usual single-unit binary detector).
  const first = tf.reshape(y, [y.shape[0] ?? -1, -1]).slice([0, 0], [-1, 1]).reshape([-1]);
  return tf.gather(table, first.round().toInt()) as tf.Tensor1D;
}

/** Loss per sample [batch] and the number of correct predictions, from logits. */
function lossAndHits(model: Model, logits: tf.Tensor, y: tf.Tensor): { perSample: tf.Tensor1D; hits: tf.Scalar | null } {
  const n = logits.shape[0] ?? -1;
  if (model.finalActivation === 'sigmoid') {
    const z = tf.reshape(logits, [n, -1]);
    const t = tf.reshape(y, [n, -1]);
    // Stable sigmoid cross-entropy: max(z, 0) - z t + log(1 + exp(-|z|)).
    const ce = tf.relu(z).sub(z.mul(t)).add(tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    const hits = tf.equal(tf.greater(z, 0), tf.greater(t, 0.5)).toFloat().mean(1).sum() as tf.Scalar;
    return { perSample: ce.mean(1) as tf.Tensor1D, hits };
  }
  if (model.finalActivation === 'softmax') {
    const classes = logits.shape[1] ?? 1;
    const labels = y.toInt() as tf.Tensor1D;
    const ce = tf.neg(tf.oneHot(labels, classes).mul(tf.logSoftmax(logits)).sum(1)) as tf.Tensor1D;
    const hits = tf.equal(tf.argMax(logits, 1), labels).toFloat().sum() as tf.Scalar;
    return { perSample: ce, hits };
  }
  const diff = tf.reshape(logits, [n, -1]).sub(tf.reshape(y, [n, -1]));
  return { perSample: diff.square().mean(1) as tf.Tensor1D, hits: null };
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Trains `model` in place. The model ends with the best validated weights when `validate` is given. */
export async function train(model: Model, data: TrainData, options: TrainOptions): Promise<TrainResult> {
  checkOptions(model, data, options);
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const learningRate = options.learningRate ?? 1e-3;
  const decay = options.weightDecay ?? 0;
  const monitor = options.monitor ?? 'higher';
  const logInterval = (options.logIntervalSeconds ?? 10) * 1000;
  const shuffleRng = new Rng(options.seed).fork('shuffle');
  const optimizer = tf.train.adam(learningRate);
  const trainable = model.trainableVariables();
  const decayed = model.decayedVariables();
  const stepsPerEpoch = Math.ceil(data.size / options.batchSize);
  const totalSteps = stepsPerEpoch * options.epochs;
  const inputShape = model.spec.inputShape;
  const started = performance.now();
  let stepsDone = 0;

  const reports: EpochReport[] = [];
  let best: { score: number; epoch: number; weights: Map<string, Float32Array> } | null = null;
  let sinceBest = 0;
  let stoppedEarly = false;

  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const epochStart = performance.now();
      const order = shuffleRng.shuffle(Array.from({ length: data.size }, (_, i) => i));
      let lossSum = 0;
      let hitSum = 0;
      let seen = 0;
      let lastLog = performance.now();
      for (let step = 0; step < stepsPerEpoch; step++) {
        const indices = order.slice(step * options.batchSize, (step + 1) * options.batchSize);
        const batch = await data.batch(indices);
        const n = indices.length;
        const inputSize = inputShape.reduce((a, b) => a * b, 1);
        if (batch.x.length !== n * inputSize) throw new Error(`train: batch x has ${batch.x.length} values, expected ${n} x [${inputShape}] = ${n * inputSize}`);
        if (batch.y.length === 0 || batch.y.length % n !== 0) throw new Error(`train: batch y has ${batch.y.length} values for ${n} samples; it needs the same number of targets per sample`);
        const moments: BatchMoments[] = [];
        const { loss, hits } = tf.tidy(() => {
          const x = tf.tensor(batch.x, [n, ...inputShape]);
          const y = tf.tensor(batch.y, [n, ...(batch.y.length === n ? [] : [batch.y.length / n])], batch.y instanceof Int32Array ? 'int32' : 'float32');
          const weights = sampleWeights(model, y, options.classWeights);
          let hitsTensor: tf.Scalar | null = null;
          const { value, grads } = tf.variableGrads(() => {
            const out = lossAndHits(model, model.logits(x, { training: true, moments }), y);
            if (out.hits) hitsTensor = tf.keep(out.hits);
            return (weights ? out.perSample.mul(weights) : out.perSample).mean() as tf.Scalar;
          }, trainable);
          optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
          if (decay > 0) for (const v of decayed) v.assign(v.mul(1 - learningRate * decay));
          const kept = hitsTensor as tf.Scalar | null;
          const hitsValue = kept === null ? NaN : (kept.dataSync()[0] as number);
          kept?.dispose();
          return { loss: value.dataSync()[0] as number, hits: hitsValue };
        });
        model.updateMovingStatistics(moments);
        for (const m of moments) tf.dispose([m.mean, m.variance]);
        if (!Number.isFinite(loss)) throw new Error(`train: loss became ${loss} at epoch ${epoch} step ${step + 1}; lower the learning rate or check the inputs`);
        lossSum += loss * n;
        hitSum += hits;
        seen += n;
        stepsDone++;
        const now = performance.now();
        if (now - lastLog >= logInterval || step === stepsPerEpoch - 1) {
          lastLog = now;
          const msPerStep = (now - started) / stepsDone;
          const accuracy = model.finalActivation === 'none' ? '' : ` acc ${(hitSum / seen).toFixed(4)}`;
          log(`epoch ${epoch}/${options.epochs} step ${step + 1}/${stepsPerEpoch} loss ${(lossSum / seen).toFixed(4)}${accuracy} ${msPerStep.toFixed(0)} ms/step ETA ${formatDuration(((totalSteps - stepsDone) * msPerStep) / 1000)}`);
        }
      }
      const validation = options.validate ? await options.validate(model, epoch) : null;
      const report: EpochReport = { epoch, loss: lossSum / seen, accuracy: hitSum / seen, validation, seconds: (performance.now() - epochStart) / 1000 };
      reports.push(report);
      if (validation !== null) {
        if (!Number.isFinite(validation)) throw new Error(`train: validate returned ${validation} at epoch ${epoch}; it must return a finite number`);
        const better = best === null || (monitor === 'higher' ? validation > best.score : validation < best.score);
        if (better) {
          best = { score: validation, epoch, weights: model.snapshot() };
          sinceBest = 0;
        } else sinceBest++;
        log(`epoch ${epoch}/${options.epochs} validation ${validation.toFixed(4)}${better ? ' (best)' : ''} in ${report.seconds.toFixed(1)} s`);
        if (options.patience !== undefined && sinceBest >= options.patience) {
          stoppedEarly = true;
          log(`early stop after epoch ${epoch}: no better validation score for ${sinceBest} epochs; best epoch ${best!.epoch}`);
          break;
        }
      }
    }
  } finally {
    optimizer.dispose();
  }
  if (best) model.restore(best.weights);
  return { epochs: reports, bestEpoch: best ? best.epoch : reports.length, stoppedEarly };
}

/**
 * Model outputs (probabilities for sigmoid / softmax models) for many inputs, batch by batch so memory stays flat.
 * `x` is row-major [count, ...inputShape]; the result is row-major [count, ...outputShape].
 */
export function predictAll(model: Model, x: Float32Array, batchSize = 256): Float32Array {
  const inputSize = model.spec.inputShape.reduce((a, b) => a * b, 1);
  if (x.length % inputSize !== 0) throw new Error(`predictAll: ${x.length} values are not whole inputs of [${model.spec.inputShape}]`);
  const count = x.length / inputSize;
  const outputSize = model.outputShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(count * outputSize);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const values = tf.tidy(() => model.predict(tf.tensor(x.subarray(start * inputSize, (start + n) * inputSize), [n, ...model.spec.inputShape])).dataSync());
    out.set(values, start * outputSize);
  }
  return out;
}
