// node --import tsx lab/localiser/train.ts [--cache DIR] [--epochs 30] [--batch 16] [--epoch-samples 480] [--lr 0.003] [--init CHECKPOINT] [--out models/localiser]
// Trains the learned document localiser on the cached lab tensors (lab/localiser/build-data.ts), early-stops on the
// validation mask IoU, and exports models/localiser/model.onnx + model.json. See docs/training.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Model } from '../ml/model.js';
import { writeOnnx } from '../ml/onnx-export.js';
import { initTf } from '../ml/tf.js';
import { predictAll, train } from '../ml/train.js';
import { Rng } from '../rng.js';
import { augmentSample } from './augment.js';
import { loadSet, type LocaliserSet } from './dataset.js';
import { LOCALISER_STRIDE, localiserSpec } from './model-spec.js';

const { values } = parseArgs({ options: {
  cache: { type: 'string', default: '/work/data/extra-localiser/cache' },
  epochs: { type: 'string', default: '30' },
  batch: { type: 'string', default: '16' },
  lr: { type: 'string', default: '0.003' },
  patience: { type: 'string', default: '3' },
  'epoch-samples': { type: 'string', default: '480' },
  init: { type: 'string' },
  seed: { type: 'string', default: 'localiser-1' },
  out: { type: 'string', default: 'models/localiser' },
  checkpoint: { type: 'string', default: '/work/data/extra-localiser/checkpoint' },
} });

function need(name: string): LocaliserSet {
  const set = loadSet(values.cache, name);
  if (set === null) throw new Error(`no cached '${name}' set in ${values.cache}; run lab/localiser/build-data.ts first`);
  return set;
}

await initTf();
const trainSet = need('train');
const valSet = need('val');
const { side, maskSide } = trainSet;
// The output stride follows the cache (build-data.ts --stride): 4, or 2 / 1 through sub-pixel upsampling.
const stride = side / maskSide;
if (valSet.side !== side || valSet.maskSide !== maskSide) throw new Error(`train and val caches differ: ${side}/${maskSide} vs ${valSet.side}/${valSet.maskSide}`);
// An epoch is a fixed number of samples drawn at random (with their augmentation) from the whole set, so that
// validation, and the export of the best model so far, come often enough on a slow shared CPU.
const size = Number(values['epoch-samples']);
const rng = new Rng(values.seed).fork('augment');
const draw = new Rng(values.seed).fork('draw');
// --init DIR continues from a checkpoint (e.g. a second, lower learning rate phase).
const model = values.init !== undefined ? await Model.load(values.init) : Model.create(localiserSpec(side, stride), values.seed);

/** Validation inputs without augmentation (values / 255). */
const valX = Float32Array.from(valSet.images, (v) => v / 255);

/** Mean over validation images of the IoU of the thresholded mask with the target (both at 0.5). */
function maskIou(m: Model): number {
  const p = predictAll(m, valX, 32);
  const cells = maskSide * maskSide;
  let sum = 0, counted = 0;
  for (let i = 0; i < valSet.count; i++) {
    let inter = 0, union = 0;
    for (let k = 0; k < cells; k++) {
      const a = (p[i * cells + k] as number) >= 0.5, b = (valSet.masks[i * cells + k] as number) >= 128;
      if (a && b) inter++;
      if (a || b) union++;
    }
    if (union > 0) { sum += inter / union; counted++; }
  }
  return counted > 0 ? sum / counted : 0;
}

const started = performance.now();
// Continuing from a checkpoint: export only what beats it.
let bestIou = values.init !== undefined ? maskIou(model) : -1;
if (values.init !== undefined) process.stderr.write(`initial validation mask IoU ${bestIou.toFixed(4)}\n`);

async function exportModel(m: Model, best: { epoch: number; validationMaskIou: number }): Promise<void> {
  mkdirSync(values.out, { recursive: true });
  await writeOnnx(m, join(values.out, 'model.onnx'), { docString: 'doclive learned document localiser (lab/localiser/train.ts)' });
  writeFileSync(join(values.out, 'model.json'), JSON.stringify({
    version: 1,
    inputSide: side,
    stride,
    input: 'RGB / 255, NCHW, long side scaled to inputSide and centred on a black square (src/localisation/learned-input.ts)',
    output: 'probabilities: [batch, 1, inputSide / stride, inputSide / stride], document interior per cell',
    // The same smallest document area as 6 cells of a stride-4 mask (chosen on val for stride 2: 24 cells beat 6).
    maskQuads: { threshold: 0.5, minCells: 6 * (LOCALISER_STRIDE / stride) ** 2 },
    training: { data: 'lab train chunks without reporting-part backdrops (lab/localiser/leak-free.ts)', trainSamples: trainSet.count, samplesPerEpoch: size, epoch: best.epoch, validationMaskIou: Number(best.validationMaskIou.toFixed(4)), minutes: Number(((performance.now() - started) / 60000).toFixed(1)), seed: values.seed, learningRate: Number(values.lr), batch: Number(values.batch) },
  }, null, 2) + '\n');
  mkdirSync(values.checkpoint, { recursive: true });
  await m.save(values.checkpoint);
}
const result = await train(model, {
  size,
  batch: (indices) => {
    const x = new Float32Array(indices.length * side * side * 3);
    const y = new Float32Array(indices.length * maskSide * maskSide);
    indices.forEach((_, b) => {
      const index = draw.int(0, trainSet.count - 1);
      augmentSample(trainSet.images.subarray(index * side * side * 3, (index + 1) * side * side * 3), trainSet.masks.subarray(index * maskSide * maskSide, (index + 1) * maskSide * maskSide), side, maskSide, rng, x, b * side * side * 3, y, b * maskSide * maskSide);
    });
    return { x, y };
  },
}, {
  seed: values.seed,
  epochs: Number(values.epochs),
  batchSize: Number(values.batch),
  learningRate: Number(values.lr),
  weightDecay: 1e-4,
  validate: async (m, epoch) => {
    const iou = maskIou(m);
    process.stderr.write(`epoch ${epoch}: validation mask IoU ${iou.toFixed(4)}\n`);
    // Export every new best, so a run stopped for time still leaves its best model.
    if (iou > bestIou) { bestIou = iou; await exportModel(m, { epoch, validationMaskIou: iou }); }
    return iou;
  },
  monitor: 'higher',
  patience: Number(values.patience),
});
const minutes = (performance.now() - started) / 60000;
const best = result.epochs[result.bestEpoch - 1];
process.stderr.write(`best epoch ${result.bestEpoch}, validation mask IoU ${best?.validation?.toFixed(4)}, ${minutes.toFixed(1)} min\n`);
