// Trains vulture-sr's patch CNN on the windows lab/detectors/sr-patches.ts cached: the high-pass residual of a
// native-resolution document patch (src/pipelines/vulture-sr/patches.ts) -> "not a screen" (bona fide and printed
// copies = 1, screen replays = 0; printed copies are negatives so a screen cue does not fire on print). The epoch is
// chosen on val by the image-level AUC (bona fide vs screen replay, mean patch logit), and patch- and image-level
// figures (mean and the mean of the k lowest logits) are reported per set.
//   node --import tsx lab/detectors/sr-cnn.ts --train /tmp/srcnn/train --val /tmp/srcnn/val [--test /tmp/srcnn/test] \
//     [--epochs 6] [--filters 8,16,32,32] [--out /tmp/srcnn/model] [--onnx models/vulture-sr/patch-cnn.onnx] [--val-windows 16]
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { equalErrorRate, rocAuc } from '../../src/eval/metrics.js';
import { PATCH_SIZE, RAW_PATCH_SIZE, residualPatch } from '../../src/pipelines/vulture-sr/patches.js';
import { fourBlockPatchCnnLayers, type ModelSpec } from '../ml/layers.js';
import { Model } from '../ml/model.js';
import { writeOnnx } from '../ml/onnx-export.js';
import { initTf } from '../ml/tf.js';
import { predictAll, train } from '../ml/train.js';
import { Rng } from '../rng.js';
import { readPatchSet, type PatchImage, type PatchSetIndex } from './sr-patches.js';

const WINDOW_BYTES = RAW_PATCH_SIZE * RAW_PATCH_SIZE * 3;
const INPUT_SIZE = PATCH_SIZE * PATCH_SIZE * 3;
/** Image-level "top-k": the mean of the k lowest (most screen-like) patch logits. */
const TOP_K = 4;

export function patchCnnSpec(filters: readonly [number, number, number, number]): ModelSpec {
  return {
    name: 'vulture-sr-patch-cnn',
    inputShape: [PATCH_SIZE, PATCH_SIZE, 3],
    metadata: { input: `residual (pixel - 3x3 mean) / 16 per RGB channel of a native ${PATCH_SIZE}x${PATCH_SIZE} document patch`, output: 'logit of "not a screen"' },
    layers: fourBlockPatchCnnLayers(filters),
  };
}

const notScreen = (image: PatchImage): number => (image.kind === 'SCREEN_REPLAY' ? 0 : 1);

/** Residual inputs of windows [first, first + count), optionally flipped / transposed (augmentation). */
function inputsOf(windows: Uint8Array, indices: readonly number[], rng: Rng | null): Float32Array {
  const x = new Float32Array(indices.length * INPUT_SIZE);
  const tmp = new Float32Array(INPUT_SIZE);
  indices.forEach((w, i) => {
    if (rng === null) return residualPatch(windows, w * WINDOW_BYTES, x, i * INPUT_SIZE, 'nhwc');
    residualPatch(windows, w * WINDOW_BYTES, tmp, 0, 'nhwc');
    const flipX = rng.next() < 0.5;
    const flipY = rng.next() < 0.5;
    const swap = rng.next() < 0.5;
    const p = PATCH_SIZE;
    for (let y = 0; y < p; y++) {
      for (let xx = 0; xx < p; xx++) {
        let sx = flipX ? p - 1 - xx : xx;
        let sy = flipY ? p - 1 - y : y;
        if (swap) [sx, sy] = [sy, sx];
        for (let c = 0; c < 3; c++) x[i * INPUT_SIZE + (y * p + xx) * 3 + c] = tmp[(sy * p + sx) * 3 + c]!;
      }
    }
  });
  return x;
}

export interface ImageScores {
  readonly path: string;
  readonly kind: string;
  readonly subtype: string | null;
  readonly mean: number;
  readonly topk: number;
  readonly patches: number;
}

/** Patch logits of up to `perImage` windows of every image, and the image-level aggregates. */
function scoreSet(model: Model, set: { index: PatchSetIndex; windows: Uint8Array }, perImage: number): { images: ImageScores[]; patchLogits: { logit: number; label: number }[] } {
  const chosen: number[] = [];
  const owners: number[] = [];
  set.index.images.forEach((im, k) => {
    for (let j = 0; j < Math.min(perImage, im.count); j++) (chosen.push(im.first + j), owners.push(k));
  });
  const probs = predictAll(model, inputsOf(set.windows, chosen, null), 256);
  const logit = (p: number): number => Math.log(Math.max(1e-7, p) / Math.max(1e-7, 1 - p));
  const per: number[][] = set.index.images.map(() => []);
  const patchLogits: { logit: number; label: number }[] = [];
  owners.forEach((k, i) => {
    const l = logit(probs[i]!);
    per[k]!.push(l);
    patchLogits.push({ logit: l, label: notScreen(set.index.images[k]!) });
  });
  const images = set.index.images.map((im, k) => {
    const ls = per[k]!;
    const sorted = [...ls].sort((a, b) => a - b);
    const k2 = Math.min(TOP_K, sorted.length);
    const mean = ls.length ? ls.reduce((a, b) => a + b, 0) / ls.length : Number.NaN;
    const topk = k2 ? sorted.slice(0, k2).reduce((a, b) => a + b, 0) / k2 : Number.NaN;
    return { path: im.path, kind: im.kind, subtype: im.subtype, mean, topk, patches: ls.length };
  });
  return { images, patchLogits };
}

function metrics(bona: number[], attack: number[]): string {
  const eer = equalErrorRate({ bonaFide: bona, attack });
  const auc = rocAuc({ bonaFide: bona, attack });
  return `EER ${eer === null ? '-' : (100 * eer).toFixed(1) + ' %'} AUC ${auc === null ? '-' : auc.toFixed(3)} (${bona.length}/${attack.length})`;
}

function report(name: string, scored: ReturnType<typeof scoreSet>): string[] {
  const lines: string[] = [];
  const images = scored.images.filter((im) => Number.isFinite(im.mean));
  const bona = images.filter((im) => im.kind === 'bona_fide');
  const sr = images.filter((im) => im.kind === 'SCREEN_REPLAY');
  const pc = images.filter((im) => im.kind === 'PRINTED_COPY');
  const patchBona = scored.patchLogits.filter((p) => p.label === 1).map((p) => p.logit);
  const patchSr = scored.patchLogits.filter((p) => p.label === 0).map((p) => p.logit);
  lines.push(`${name} patches (not-screen vs screen): ${metrics(patchBona, patchSr)}`);
  lines.push(`${name} image mean   bona fide vs screen: ${metrics(bona.map((i) => i.mean), sr.map((i) => i.mean))}; printed copies vs screen: ${metrics(pc.map((i) => i.mean), sr.map((i) => i.mean))}`);
  lines.push(`${name} image top-${TOP_K}  bona fide vs screen: ${metrics(bona.map((i) => i.topk), sr.map((i) => i.topk))}; printed copies vs screen: ${metrics(pc.map((i) => i.topk), sr.map((i) => i.topk))}`);
  const classes = [...new Set(sr.map((i) => i.subtype ?? '?'))].sort();
  lines.push(`${name} by display class (mean): ` + classes.map((c) => `${c} ${metrics(bona.map((i) => i.mean), sr.filter((i) => (i.subtype ?? '?') === c).map((i) => i.mean))}`).join('; '));
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string' }, val: { type: 'string' }, test: { type: 'string' },
      epochs: { type: 'string', default: '6' }, filters: { type: 'string', default: '8,16,32,32' },
      out: { type: 'string', default: '/tmp/srcnn/model' }, onnx: { type: 'string' },
      'val-windows': { type: 'string', default: '16' }, lr: { type: 'string', default: '0.002' }, seed: { type: 'string', default: 'srcnn-1' },
      'max-train': { type: 'string' },
    },
  });
  if (values.train === undefined || values.val === undefined) throw new Error('usage: sr-cnn.ts --train PREFIX --val PREFIX [--test PREFIX] [--epochs N] [--filters a,b,c,d] [--out DIR] [--onnx FILE]');
  const filters = values.filters.split(',').map(Number) as [number, number, number, number];
  await initTf('wasm');
  const trainSet = await readPatchSet(values.train);
  const valSet = await readPatchSet(values.val);
  const perImage = Number(values['val-windows']);
  // Every window of train; its label is its image's.
  let windowIds: number[] = [];
  const labels: number[] = [];
  for (const im of trainSet.index.images) for (let j = 0; j < im.count; j++) (windowIds.push(im.first + j), labels.push(notScreen(im)));
  if (values['max-train'] !== undefined) windowIds = windowIds.slice(0, Number(values['max-train']));
  const n1 = labels.slice(0, windowIds.length).filter((l) => l === 1).length;
  const n0 = windowIds.length - n1;
  const model = Model.create(patchCnnSpec(filters), values.seed);
  process.stderr.write(`train windows ${windowIds.length} (not screen ${n1}, screen ${n0}), parameters ${model.parameterCount}\n`);
  const augment = new Rng(`${values.seed}:augment`);
  const result = await train(
    model,
    {
      size: windowIds.length,
      batch: (indices) => ({
        x: inputsOf(trainSet.windows, indices.map((i) => windowIds[i]!), augment),
        y: Float32Array.from(indices, (i) => labels[i]!),
      }),
    },
    {
      seed: values.seed, epochs: Number(values.epochs), batchSize: 64, learningRate: Number(values.lr), weightDecay: 1e-4,
      classWeights: [windowIds.length / (2 * n0), windowIds.length / (2 * n1)],
      validate: (m) => {
        const scored = scoreSet(m, valSet, perImage);
        const bona = scored.images.filter((i) => i.kind === 'bona_fide' && Number.isFinite(i.mean)).map((i) => i.mean);
        const sr = scored.images.filter((i) => i.kind === 'SCREEN_REPLAY' && Number.isFinite(i.mean)).map((i) => i.mean);
        const auc = rocAuc({ bonaFide: bona, attack: sr }) ?? 0;
        process.stderr.write(`  val image-level AUC (mean) ${auc.toFixed(4)}\n`);
        return auc;
      },
      monitor: 'higher', patience: 2,
    },
  );
  await model.save(values.out);
  const lines = [`parameters ${model.parameterCount}, best epoch ${result.bestEpoch} of ${result.epochs.length}`, ...result.epochs.map((e) => `epoch ${e.epoch}: loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(3)} val AUC ${e.validation?.toFixed(4)} ${e.seconds.toFixed(0)} s`)];
  const sets: [string, string | undefined][] = [['val', values.val], ['test', values.test]];
  await mkdir(values.out, { recursive: true });
  for (const [name, prefix] of sets) {
    if (prefix === undefined) continue;
    const scored = scoreSet(model, name === 'val' ? valSet : await readPatchSet(prefix), 32);
    lines.push(...report(name, scored));
    await writeFile(`${values.out}/scores-${name}.json`, JSON.stringify(scored.images));
  }
  if (values.onnx !== undefined) await writeOnnx(model, values.onnx, { docString: `vulture-sr patch CNN, ${model.parameterCount} parameters, epoch ${result.bestEpoch}` });
  await writeFile(`${values.out}/report.txt`, lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
