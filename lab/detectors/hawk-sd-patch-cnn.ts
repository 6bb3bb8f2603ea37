// hawk-sd's patch CNN (issue 7 item 2): does a small CNN on native-resolution 64x64 patches (pixel steps + the
// last grid's lines, lab/detectors/hawk-sd-patch-input.ts) tell the inside of an edited field from honest
// document texture, re-saved or not?
//   node --import tsx lab/detectors/hawk-sd-patch-cnn.ts patches --out P.bin MANIFEST_OR_RESAVED_JSONL ...
//   node --import tsx lab/detectors/hawk-sd-patch-cnn.ts train --train P1.bin,... --val V.bin --out DIR [--epochs N] [--max-negatives N] [--init CHECKPOINT_DIR --lr R]
//   node --import tsx lab/detectors/hawk-sd-patch-cnn.ts hard-negatives --model M.onnx --out H.bin [--per-document 4] MANIFEST|resaved.jsonl ...
// Patches come from the ground-truth document quad of the manifest (no front-end): for an edit (sidecar
// attackSubtype retype / splice / copy_move) the lattice patches covering most of the edited box (editedQuad, or
// the copy-move destination) are positives, two patches of the same document away from it negatives; bona fide
// captures and their re-saves (extra-sd2-resave-*/resaved.jsonl) give negatives only, so a re-save is not an edit.
// Patches sit on the image's 8-pixel lattice (lab JPEGs are upright: their last grid is at the origin).
// `train` fits the CNN with lab/ml (tfjs wasm), picks the epoch by the validation patches' AUC, saves the lab
// checkpoint and writes DIR/patch-cnn.onnx; the ONNX graph is checked against tfjs on the validation patches.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readManifest } from '../../src/eval/manifest.js';
import { rocAuc } from '../../src/eval/metrics.js';
import { lumaOfRect, type Plane } from '../../src/features/planes.js';
import { decodeImage } from '../../src/image/decode.js';
import { loadModel } from '../../src/inference/session.js';
import { PATCH_CHANNELS, PATCH_SIDE, PATCH_VALUES, writePatchCHW } from './hawk-sd-patch-input.js';
import { scorePatches } from './hawk-sd-patch-scores.js';
import { Model } from '../ml/model.js';
import { manifestPath } from './dataset.js';
import { PATCH_CNN_SPEC } from './hawk-sd-patch-spec.js';
import { writeOnnx } from '../ml/onnx-export.js';
import { initTf } from '../ml/tf.js';
import { predictAll, train } from '../ml/train.js';
import { Rng } from '../rng.js';

/** Raw luma kept per patch: the patch and one pixel of margin above and left (the first steps read it). */
const RAW_SIDE = PATCH_SIDE + 1;
const RAW_VALUES = RAW_SIDE * RAW_SIDE;
const EDIT_SUBTYPES = new Set(['retype', 'splice', 'copy_move']);
/** Positives: lattice patches holding at least this share of min(edited box, patch) area. */
const MIN_EDIT_COVER = 0.6;
const MAX_POSITIVES_PER_EDIT = 12;
const NEGATIVES_PER_DOCUMENT = 6;
const NEGATIVES_PER_EDIT = 2;

type Point = readonly [number, number];
interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

function insideQuad(quad: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = quad.length - 1; i < quad.length; j = i++) {
    const [xi, yi] = quad[i]!;
    const [xj, yj] = quad[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const boxOf = (points: readonly Point[]): Box => ({
  x0: Math.min(...points.map((p) => p[0])),
  y0: Math.min(...points.map((p) => p[1])),
  x1: Math.max(...points.map((p) => p[0])),
  y1: Math.max(...points.map((p) => p[1])),
});

const overlap = (a: Box, b: Box): number => Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

/** The edited box of an edit's sidecar in image pixels, or null when the sidecar names none. */
function editedBox(params: Record<string, unknown>): Box | null {
  const a = params.attackParams as { editedQuad?: Point[]; destination?: { x: number; y: number; width: number; height: number } } | undefined;
  if (a?.editedQuad) return boxOf(a.editedQuad);
  if (a?.destination) return { x0: a.destination.x, y0: a.destination.y, x1: a.destination.x + a.destination.width, y1: a.destination.y + a.destination.height };
  return null;
}

interface ImageEntry {
  readonly path: string;
  readonly quad: readonly Point[];
  readonly subtype: string | null;
  readonly box: Box | null;
}

/** Images of a chunk manifest (bona fide + edits) or of a re-save list (bona fide re-saves), with their GT quad. */
async function entriesOf(path: string): Promise<ImageEntry[]> {
  const out: ImageEntry[] = [];
  if (path.endsWith('resaved.jsonl')) {
    for (const line of (await readFile(path, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const e = JSON.parse(line) as { image: string; label: string; quad: Point[] };
      if (e.label === 'bona_fide') out.push({ path: e.image, quad: e.quad, subtype: 'resaved', box: null });
    }
    return out;
  }
  for (const e of await readManifest(await manifestPath(path))) {
    const side = JSON.parse(await readFile(e.path.replace(/\.[^.]+$/, '.json'), 'utf8')) as { quad?: Point[]; params?: Record<string, unknown> };
    const subtype = (side.params?.attackSubtype as string | undefined) ?? null;
    if (!side.quad) continue;
    if (e.label === 'bona_fide') out.push({ path: e.path, quad: side.quad, subtype: null, box: null });
    else if (subtype && EDIT_SUBTYPES.has(subtype)) {
      const box = editedBox(side.params!);
      if (box) out.push({ path: e.path, quad: side.quad, subtype, box });
    }
  }
  return out;
}

/** The raw RAW_SIDE x RAW_SIDE luma whose inner patch starts at (x, y). */
function rawPatch(luma: Plane, x: number, y: number, out: Float32Array, offset: number): void {
  for (let r = 0; r < RAW_SIDE; r++) {
    const s = (y - 1 + r) * luma.width + x - 1;
    out.set(luma.data.subarray(s, s + RAW_SIDE), offset + r * RAW_SIDE);
  }
}

async function buildPatches(paths: string[], outFile: string, seed: string): Promise<void> {
  const rng = new Rng(seed);
  const raws: Float32Array[] = [];
  const labels: number[] = [];
  const kinds: string[] = [];
  for (const path of paths) {
    for (const e of await entriesOf(path)) {
      const decoded = await decodeImage(await readFile(e.path), { maxImagePixels: 50_000_000 });
      const { width, height } = decoded.image;
      const luma = lumaOfRect(decoded.image, { x: 0, y: 0, width, height });
      const doc = boxOf(e.quad);
      const positions: Array<[number, number, number]> = []; // x, y, cover of the edited box
      for (let y = 8; y + PATCH_SIDE <= height; y += 8) {
        for (let x = 8; x + PATCH_SIDE <= width; x += 8) {
          if (x < doc.x0 - 32 || x > doc.x1 || y < doc.y0 - 32 || y > doc.y1) continue;
          if (!insideQuad(e.quad, x + PATCH_SIDE / 2, y + PATCH_SIDE / 2)) continue;
          const patch = { x0: x, y0: y, x1: x + PATCH_SIDE, y1: y + PATCH_SIDE };
          const cover = e.box ? overlap(patch, e.box) / Math.min(PATCH_SIDE * PATCH_SIDE, (e.box.x1 - e.box.x0) * (e.box.y1 - e.box.y0)) : 0;
          positions.push([x, y, cover]);
        }
      }
      const take = (list: Array<[number, number, number]>, n: number, label: number): void => {
        const pool = [...list];
        for (let k = 0; k < n && pool.length > 0; k++) {
          const [x, y] = pool.splice(Math.floor(rng.next() * pool.length), 1)[0]!;
          const raw = new Float32Array(RAW_VALUES);
          rawPatch(luma, x, y, raw, 0);
          raws.push(raw);
          labels.push(label);
          kinds.push(e.subtype ?? 'bona_fide');
        }
      };
      if (e.box) {
        take(positions.filter((p) => p[2] >= MIN_EDIT_COVER), MAX_POSITIVES_PER_EDIT, 1);
        take(positions.filter((p) => p[2] === 0), NEGATIVES_PER_EDIT, 0);
      } else take(positions, NEGATIVES_PER_DOCUMENT, 0);
    }
    process.stderr.write(`${path}: ${labels.length} patches so far (${labels.filter((l) => l === 1).length} inside edits)\n`);
  }
  const data = new Float32Array(raws.length * RAW_VALUES);
  raws.forEach((r, i) => data.set(r, i * RAW_VALUES));
  await writeFile(outFile, Buffer.from(data.buffer));
  await writeFile(`${outFile}.json`, JSON.stringify({ count: raws.length, rawSide: RAW_SIDE, labels, kinds }));
}

/**
 * Hard negatives: for every bona fide document (originals and re-saves) of the lists, the `perDocument` patches a
 * trained net scores highest among all lattice patches at stride 32 inside the GT quad -- the honest content
 * (text strokes, guilloche, portrait edges) that the net still takes for an edit.
 */
async function mineHardNegatives(paths: string[], outFile: string, onnxPath: string, perDocument: number): Promise<void> {
  const session = await loadModel(onnxPath);
  const raws: Float32Array[] = [];
  for (const path of paths) {
    for (const e of await entriesOf(path)) {
      if (e.box) continue;
      const decoded = await decodeImage(await readFile(e.path), { maxImagePixels: 50_000_000 });
      const { width, height } = decoded.image;
      const luma = lumaOfRect(decoded.image, { x: 0, y: 0, width, height });
      const doc = boxOf(e.quad);
      const region = { x: Math.max(0, Math.floor(doc.x0)), y: Math.max(0, Math.floor(doc.y0)), width: 0, height: 0 };
      const r = { ...region, width: Math.min(width, Math.ceil(doc.x1)) - region.x, height: Math.min(height, Math.ceil(doc.y1)) - region.y };
      const { scores, origins } = await scorePatches(session, luma, r, 0, 0, 100_000, 32);
      const inside = origins.map((o, i) => ({ o, s: scores[i]! })).filter(({ o }) => insideQuad(e.quad, o[0] + PATCH_SIDE / 2, o[1] + PATCH_SIDE / 2));
      inside.sort((a, b) => b.s - a.s);
      for (const { o } of inside.slice(0, perDocument)) {
        const raw = new Float32Array(RAW_VALUES);
        rawPatch(luma, o[0], o[1], raw, 0);
        raws.push(raw);
      }
    }
    process.stderr.write(`${path}: ${raws.length} hard negatives so far\n`);
  }
  await session.dispose();
  const data = new Float32Array(raws.length * RAW_VALUES);
  raws.forEach((r, i) => data.set(r, i * RAW_VALUES));
  await writeFile(outFile, Buffer.from(data.buffer));
  await writeFile(`${outFile}.json`, JSON.stringify({ count: raws.length, rawSide: RAW_SIDE, labels: raws.map(() => 0), kinds: raws.map(() => 'hard') }));
}

interface PatchSet {
  readonly raw: Float32Array;
  readonly labels: number[];
  readonly kinds: string[];
}

async function loadPatches(files: string[]): Promise<PatchSet> {
  const raws: Float32Array[] = [];
  const labels: number[] = [];
  const kinds: string[] = [];
  for (const f of files) {
    const meta = JSON.parse(await readFile(`${f}.json`, 'utf8')) as { labels: number[]; kinds: string[] };
    const buf = await readFile(f);
    raws.push(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4));
    labels.push(...meta.labels);
    kinds.push(...meta.kinds);
  }
  const raw = new Float32Array(raws.reduce((s, r) => s + r.length, 0));
  let o = 0;
  for (const r of raws) raw.set(r, o), (o += r.length);
  return { raw, labels, kinds };
}

/** CHW patches (writePatchCHW on the stored raw luma) of the given indices, optionally as NHWC for tfjs. */
function patchInputs(set: PatchSet, indices: readonly number[], nhwc: boolean, flips?: Rng): Float32Array {
  const chw = new Float32Array(indices.length * PATCH_VALUES);
  const plane = { width: RAW_SIDE, height: RAW_SIDE, data: new Float32Array(RAW_VALUES) };
  indices.forEach((index, k) => {
    plane.data.set(set.raw.subarray(index * RAW_VALUES, (index + 1) * RAW_VALUES));
    // Augmentation: a grey-level gain (exposure) keeps the grid where it is; flips would move it off the lattice.
    if (flips) {
      const gain = 0.8 + 0.4 * flips.next();
      for (let i = 0; i < RAW_VALUES; i++) plane.data[i] = plane.data[i]! * gain;
    }
    writePatchCHW(plane, 1, 1, chw, k * PATCH_VALUES);
  });
  if (!nhwc) return chw;
  const out = new Float32Array(chw.length);
  const n = PATCH_SIDE * PATCH_SIDE;
  for (let k = 0; k < indices.length; k++) {
    const o = k * PATCH_VALUES;
    for (let p = 0; p < n; p++) for (let c = 0; c < PATCH_CHANNELS; c++) out[o + p * PATCH_CHANNELS + c] = chw[o + c * n + p]!;
  }
  return out;
}

const aucOf = (scores: ArrayLike<number>, labels: readonly number[]): number => {
  const bonaFide: number[] = [];
  const attack: number[] = [];
  // rocAuc wants bona fide scored high: feed 1 - P(edit).
  labels.forEach((l, i) => (l === 1 ? attack : bonaFide).push(1 - scores[i]!));
  return rocAuc({ bonaFide, attack }) ?? Number.NaN;
};


/** At most `max` random negatives (a seeded subset; the CPU budget of a shared machine); every positive and mined hard negative. */
function subsampleNegatives(set: PatchSet, max: number, rng: Rng): PatchSet {
  const negatives = set.labels.flatMap((l, i) => (l === 0 && set.kinds[i] !== 'hard' ? [i] : []));
  if (negatives.length <= max) return set;
  const drop = new Set(negatives);
  for (let k = 0; k < max; k++) drop.delete(negatives.splice(Math.floor(rng.next() * negatives.length), 1)[0]!);
  const keep = set.labels.map((_, i) => i).filter((i) => !drop.has(i));
  const raw = new Float32Array(keep.length * RAW_VALUES);
  keep.forEach((i, k) => raw.set(set.raw.subarray(i * RAW_VALUES, (i + 1) * RAW_VALUES), k * RAW_VALUES));
  return { raw, labels: keep.map((i) => set.labels[i]!), kinds: keep.map((i) => set.kinds[i]!) };
}

async function trainCnn(trainFiles: string[], valFile: string, outDir: string, epochs: number, maxNegatives: number, init: string | undefined, learningRate: number): Promise<void> {
  await initTf();
  const trainSet = subsampleNegatives(await loadPatches(trainFiles), maxNegatives, new Rng('hawk-sd-patch-negatives'));
  const valSet = await loadPatches([valFile]);
  const positives = trainSet.labels.filter((l) => l === 1).length;
  process.stderr.write(`train ${trainSet.labels.length} patches (${positives} inside edits), val ${valSet.labels.length} (${valSet.labels.filter((l) => l === 1).length})\n`);
  // Fine-tuning (e.g. with mined hard negatives) starts from a saved checkpoint.
  const model = init ? await Model.load(init) : Model.create(PATCH_CNN_SPEC, 1);
  const valIndices = valSet.labels.map((_, i) => i);
  const valX = patchInputs(valSet, valIndices, true);
  const augment = new Rng('hawk-sd-patch-augment');
  const result = await train(
    model,
    {
      size: trainSet.labels.length,
      batch: (indices) => ({ x: patchInputs(trainSet, indices, true, augment), y: Float32Array.from(indices, (i) => trainSet.labels[i]!) }),
    },
    {
      seed: 1,
      epochs,
      batchSize: 64,
      learningRate,
      weightDecay: 1e-4,
      classWeights: [1, (trainSet.labels.length - positives) / Math.max(1, positives)],
      validate: (m) => aucOf(predictAll(m, valX), valSet.labels),
      monitor: 'higher',
      patience: 2,
    },
  );
  await mkdir(outDir, { recursive: true });
  await model.save(join(outDir, 'checkpoint'));
  const onnxPath = join(outDir, 'patch-cnn.onnx');
  await writeOnnx(model, onnxPath);
  // The exported graph against tfjs on the validation patches (CHW input for ONNX).
  const tfScores = predictAll(model, valX);
  const session = await loadModel(onnxPath);
  const chw = patchInputs(valSet, valIndices, false);
  let maxDiff = 0;
  const onnxScores = new Float32Array(valIndices.length);
  for (let start = 0; start < valIndices.length; start += 256) {
    const n = Math.min(256, valIndices.length - start);
    const out = await session.run({ [session.inputNames[0]!]: { dims: [n, PATCH_CHANNELS, PATCH_SIDE, PATCH_SIDE], data: chw.subarray(start * PATCH_VALUES, (start + n) * PATCH_VALUES) } });
    const p = out.probabilities!.data;
    for (let i = 0; i < n; i++) (onnxScores[start + i] = p[i]!), (maxDiff = Math.max(maxDiff, Math.abs(p[i]! - tfScores[start + i]!)));
  }
  await session.dispose();
  const byKind: Record<string, number> = {};
  for (const kind of ['retype', 'splice', 'copy_move']) {
    const idx = valIndices.filter((i) => valSet.labels[i] === 0 || valSet.kinds[i] === kind);
    byKind[kind] = aucOf(idx.map((i) => onnxScores[i]!), idx.map((i) => valSet.labels[i]!));
  }
  const resaveIdx = valIndices.filter((i) => valSet.labels[i] === 1 || valSet.kinds[i] === 'resaved');
  const report = {
    epochs: result.epochs,
    bestEpoch: result.bestEpoch,
    valPatchAuc: aucOf(onnxScores, valSet.labels),
    valPatchAucByKind: byKind,
    valPatchAucEditsVsResaves: aucOf(resaveIdx.map((i) => onnxScores[i]!), resaveIdx.map((i) => valSet.labels[i]!)),
    onnxVsTfjsMaxAbsDiff: maxDiff,
    parameters: model.weightSpecs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0),
  };
  await writeFile(join(outDir, 'report.json'), JSON.stringify(report, null, 1));
  process.stdout.write(`${JSON.stringify({ ...report, epochs: undefined })}\n`);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, train: { type: 'string' }, val: { type: 'string' }, epochs: { type: 'string', default: '4' }, 'max-negatives': { type: 'string', default: '1600' }, init: { type: 'string' }, lr: { type: 'string', default: '2e-3' }, model: { type: 'string' }, 'per-document': { type: 'string', default: '4' }, seed: { type: 'string', default: 'hawk-sd-patches' } },
});
const [command, ...rest] = positionals;
if (command === 'patches' && values.out && rest.length > 0) await buildPatches(rest, values.out, values.seed);
else if (command === 'train' && values.train && values.val && values.out) await trainCnn(values.train.split(','), values.val, values.out, Number(values.epochs), Number(values['max-negatives']), values.init, Number(values.lr));
else if (command === 'hard-negatives' && values.out && values.model && rest.length > 0) await mineHardNegatives(rest, values.out, values.model, Number(values['per-document']));
else {
  process.stderr.write('usage: hawk-sd-patch-cnn.ts patches --out P.bin MANIFEST|resaved.jsonl ... | train --train P.bin,... --val V.bin --out DIR [--epochs N] [--init DIR --lr R] | hard-negatives --model M.onnx --out H.bin MANIFEST|resaved.jsonl ...\n');
  process.exit(2);
}
