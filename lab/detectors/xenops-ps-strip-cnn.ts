// Trains xenops-ps's sheet-edge CNN on the strips xenops-ps-strips.ts dumped: "a physical sheet edge (step, thin
// shadow, cut face) crosses here". Physical substitutions' strips are 1, bona fide strips 0 (image-level labels:
// a strip where the fitted side missed the sheet is a wrong positive, so the image-level score, not the strip
// accuracy, is what counts); digital substitutions are left out (no sheet, and not what this net is for). The
// epoch is chosen on val by the image-level AUC, bona fide vs physical, of the mean strip logit; image-level
// figures (mean, max, mean of the four fitted sides' maxima) are printed per set.
// --strip-labels (branch ps7): per-strip labels from PREFIX.labels.json of the train dump (xenops-ps-strip-labels.ts)
// instead: only strips across the stuck-on sheet are 1, other physical strips are left out, bona fide strips across
// the printed portrait's frame count --frame-weight times; --monitor picks the aggregate the epoch is chosen by.
//   node --import tsx lab/detectors/xenops-ps-strip-cnn.ts --train /tmp/ps6/strips/train --val /tmp/ps6/strips/val \
//     [--test /tmp/ps6/strips/test] [--epochs 12] [--filters 8,16,16,32] [--out lab/detectors/xenops-ps-edge-cnn/tfjs] \
//     [--onnx lab/detectors/xenops-ps-edge-cnn/edge-cnn.onnx] [--strip-labels [--frame-weight 2]] [--monitor fitSideMean]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { equalErrorRate, rocAuc } from '../../src/eval/metrics.js';
import { STRIP_ACROSS, STRIP_ALONG, STRIP_CHANNELS, STRIP_SIZE } from './xenops-ps-edge-strips.js';
import { aggregateStripLogits, type StripAggregates } from './xenops-ps-edge-cnn.js';
import { fourBlockPatchCnnLayers, type ModelSpec } from '../ml/layers.js';
import { Model } from '../ml/model.js';
import { writeOnnx } from '../ml/onnx-export.js';
import { initTf } from '../ml/tf.js';
import { predictAll, train } from '../ml/train.js';
import { Rng } from '../rng.js';
import type { StripLabels } from './xenops-ps-strip-labels.js';
import type { StripImage, StripSetIndex } from './xenops-ps-strips.js';

export function stripCnnSpec(filters: readonly [number, number, number, number]): ModelSpec {
  return {
    name: 'xenops-ps-edge-cnn',
    inputShape: [STRIP_ALONG, STRIP_ACROSS, STRIP_CHANNELS],
    metadata: { input: `(pixel - strip mean) / 32 per RGB channel of a ${STRIP_ACROSS}x${STRIP_ALONG} strip across a portrait side, outward = +x (xenops-ps-edge-strips.ts)`, output: 'logit of "a physical sheet edge crosses here"' },
    layers: fourBlockPatchCnnLayers(filters),
  };
}

interface StripSet {
  readonly index: StripSetIndex;
  readonly strips: Float32Array;
}

async function readStripSet(prefix: string): Promise<StripSet> {
  const index = JSON.parse(await readFile(`${prefix}.json`, 'utf8')) as StripSetIndex;
  if (index.stripSize !== STRIP_SIZE) throw new Error(`${prefix}: strips of ${index.stripSize} values, this CNN reads ${STRIP_SIZE}`);
  const bytes = await readFile(`${prefix}.f32`);
  return { index, strips: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) };
}

const kindOf = (im: StripImage): 'bona_fide' | 'physical' | 'digital' => (im.label === 'bona_fide' ? 'bona_fide' : im.subtype === 'digital' ? 'digital' : 'physical');

/** Strips `ids` (NHWC), flipped along the side at random when `rng` is given (the side's direction is arbitrary). */
function inputsOf(strips: Float32Array, ids: readonly number[], rng: Rng | null): Float32Array {
  const x = new Float32Array(ids.length * STRIP_SIZE);
  const row = STRIP_ACROSS * STRIP_CHANNELS;
  ids.forEach((id, i) => {
    const src = strips.subarray(id * STRIP_SIZE, (id + 1) * STRIP_SIZE);
    if (rng === null || rng.next() < 0.5) return x.set(src, i * STRIP_SIZE);
    for (let r = 0; r < STRIP_ALONG; r++) x.set(src.subarray((STRIP_ALONG - 1 - r) * row, (STRIP_ALONG - r) * row), i * STRIP_SIZE + r * row);
  });
  return x;
}

interface ImageScore extends StripAggregates {
  readonly path: string;
  readonly kind: string;
}

function scoreSet(model: Model, set: StripSet): ImageScore[] {
  const total = set.strips.length / STRIP_SIZE;
  const probs = predictAll(model, set.strips.subarray(0, total * STRIP_SIZE), 256);
  const logit = (p: number): number => Math.log(Math.max(1e-7, p) / Math.max(1e-7, 1 - p));
  return set.index.images.map((im) => {
    const logits = im.places.map((_, j) => logit(probs[im.first + j]!));
    return { path: im.path, kind: kindOf(im), ...aggregateStripLogits(im.places, logits) };
  });
}

function metrics(bona: number[], attack: number[]): string {
  const eer = equalErrorRate({ bonaFide: bona, attack });
  const auc = rocAuc({ bonaFide: bona, attack });
  return `EER ${eer === null ? '-' : (100 * eer).toFixed(1) + ' %'} AUC ${auc === null ? '-' : auc.toFixed(3)} (${bona.length}/${attack.length})`;
}

/** Image-level separations: higher = more sheet-like, so bona fide are the "attack" side for the metric helpers. */
function report(name: string, images: readonly ImageScore[]): string[] {
  const keys: (keyof StripAggregates)[] = ['fitSideMean', 'fitSideMin', 'anchorSideMean', 'max', 'mean'];
  return keys.map((k) => {
    const v = (kind: string) => images.filter((i) => i.kind === kind).map((i) => -i[k]);
    return `${name} ${k}: bona fide vs physical ${metrics(v('bona_fide'), v('physical'))}; vs digital ${metrics(v('bona_fide'), v('digital'))}`;
  });
}

interface TrainingStrips {
  readonly ids: number[];
  readonly labels: number[];
}

/** ps6's image-level labels: every strip of a physical substitution 1, of a bona fide card 0, digital left out. */
function trainingStripsFromImages(index: StripSetIndex): TrainingStrips {
  const ids: number[] = [];
  const labels: number[] = [];
  for (const im of index.images) {
    const kind = kindOf(im);
    if (kind === 'digital') continue;
    for (let j = 0; j < im.places.length; j++) (ids.push(im.first + j), labels.push(kind === 'physical' ? 1 : 0));
  }
  return { ids, labels };
}

/** ps7's per-strip labels (xenops-ps-strip-labels.ts): null strips left out; bona fide strips across the printed
 *  portrait's frame (the hard negatives: a printed edge without a sheet) repeated `frameWeight` times. */
export function trainingStripsFromLabels(index: StripSetIndex, given: StripLabels, frameWeight: number): TrainingStrips {
  if (given.labels.length !== index.images.length) throw new Error(`labels for ${given.labels.length} images, the dump has ${index.images.length}: rerun xenops-ps-strip-labels.ts`);
  if (!Number.isInteger(frameWeight) || frameWeight < 1) throw new Error(`--frame-weight must be a whole number >= 1, got ${frameWeight}`);
  const ids: number[] = [];
  const labels: number[] = [];
  index.images.forEach((im, i) => {
    im.places.forEach((_, j) => {
      const label = given.labels[i]![j];
      if (label === null || label === undefined) return;
      const copies = label === 0 && given.frame[i]![j] === true ? frameWeight : 1;
      for (let c = 0; c < copies; c++) (ids.push(im.first + j), labels.push(label));
    });
  });
  return { ids, labels };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string' }, val: { type: 'string' }, test: { type: 'string', multiple: true },
      epochs: { type: 'string', default: '12' }, filters: { type: 'string', default: '8,16,16,32' },
      out: { type: 'string', default: '/tmp/ps6/edge-cnn' }, onnx: { type: 'string' },
      lr: { type: 'string', default: '0.002' }, seed: { type: 'string', default: 'ps6-edge-1' }, patience: { type: 'string', default: '3' },
      'strip-labels': { type: 'boolean', default: false }, 'frame-weight': { type: 'string', default: '1' },
      monitor: { type: 'string', default: 'mean' },
    },
  });
  if (values.train === undefined || values.val === undefined) throw new Error('usage: xenops-ps-strip-cnn.ts --train PREFIX --val PREFIX [--test PREFIX ...] [--epochs N] [--filters a,b,c,d] [--out DIR] [--onnx FILE]');
  const filters = values.filters.split(',').map(Number) as [number, number, number, number];
  await initTf('wasm');
  const trainSet = await readStripSet(values.train);
  const valSet = await readStripSet(values.val);
  const monitor = values.monitor as keyof StripAggregates;
  if (!['fitSideMean', 'fitSideMin', 'anchorSideMean', 'max', 'mean'].includes(monitor)) throw new Error(`--monitor must be an aggregate of xenops-ps-edge-cnn.ts (fitSideMean, fitSideMin, anchorSideMean, max, mean), got "${monitor}"`);
  const { ids, labels } = values['strip-labels']
    ? trainingStripsFromLabels(trainSet.index, JSON.parse(await readFile(`${values.train}.labels.json`, 'utf8')) as StripLabels, Number(values['frame-weight']))
    : trainingStripsFromImages(trainSet.index);
  const n1 = labels.filter((l) => l === 1).length;
  const n0 = labels.length - n1;
  const model = Model.create(stripCnnSpec(filters), values.seed);
  process.stderr.write(`train strips ${ids.length} (physical ${n1}, bona fide ${n0}), parameters ${model.parameterCount}\n`);
  const augment = new Rng(`${values.seed}:augment`);
  const result = await train(
    model,
    {
      size: ids.length,
      batch: (indices) => ({ x: inputsOf(trainSet.strips, indices.map((i) => ids[i]!), augment), y: Float32Array.from(indices, (i) => labels[i]!) }),
    },
    {
      seed: values.seed, epochs: Number(values.epochs), batchSize: 64, learningRate: Number(values.lr), weightDecay: 1e-4,
      classWeights: [ids.length / (2 * n0), ids.length / (2 * n1)],
      validate: (m) => {
        const images = scoreSet(m, valSet);
        // rocAuc = P(bonaFide > attack); the logit is "sheet edge", so both are negated: P(physical above bona fide).
        const auc = rocAuc({ bonaFide: images.filter((i) => i.kind === 'bona_fide').map((i) => -i[monitor]), attack: images.filter((i) => i.kind === 'physical').map((i) => -i[monitor]) }) ?? 0;
        process.stderr.write(`  val image-level AUC (${monitor}, bona fide vs physical) ${auc.toFixed(4)}\n`);
        return auc;
      },
      monitor: 'higher', patience: Number(values.patience),
    },
  );
  await model.save(values.out);
  const lines = [`parameters ${model.parameterCount}, best epoch ${result.bestEpoch} of ${result.epochs.length}`, ...result.epochs.map((e) => `epoch ${e.epoch}: loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(3)} val AUC ${e.validation?.toFixed(4)} ${e.seconds.toFixed(0)} s`)];
  const sets: [string, string][] = [['train', values.train], ['val', values.val], ...(values.test ?? []).map((t, i): [string, string] => [`test${i + 1}`, t])];
  await mkdir(values.out, { recursive: true });
  for (const [name, prefix] of sets) {
    const images = scoreSet(model, name === 'val' ? valSet : name === 'train' ? trainSet : await readStripSet(prefix));
    lines.push(...report(name, images));
  }
  if (values.onnx !== undefined) await writeOnnx(model, values.onnx, { docString: `xenops-ps sheet-edge CNN, ${model.parameterCount} parameters, epoch ${result.bestEpoch}` });
  await writeFile(`${values.out}/report.txt`, lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
