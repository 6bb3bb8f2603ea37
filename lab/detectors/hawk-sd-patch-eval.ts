// Does the patch CNN (hawk-sd-patch-cnn.ts) help hawk-sd at the image level? Adds `patchcnn.max` / `patchcnn.top`
// (the strongest patch and the mean of the 3 strongest of <= 48 patches over the document's analysed raster) to
// train.ts's cached hawk-sd rows, fits the logistic model with and without them (train.ts's learner: L2, balanced
// classes) on --train and reports val / test EER and AUC per subtype for both.
//   node --import tsx lab/detectors/hawk-sd-patch-eval.ts --model DIR/patch-cnn.onnx --quads Q1.jsonl,... \
//     --train M,... --val M,... --test M,... [--l2 1] [--max-patches 48] [--stride 64] [--cnn-cache FILE.json]
// The document quad is the one the front-end recorded (frontend-quads.ts), as for the cached rows; the raster is
// the extractor's (analysedRegion of the quad's bounding box), the patches on its 8-pixel lattice (lab JPEGs are
// upright: the last grid is at the origin; the product takes the comb scan's phase).
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { lumaOfRect } from '../../src/features/planes.js';
import { decodeImage } from '../../src/image/decode.js';
import { loadModel } from '../../src/inference/session.js';
import { analysedRegion, documentRegion, hawkSdFeatures } from '../../src/pipelines/hawk-sd/features.js';
import { patchCnnCues, scorePatches } from './hawk-sd-patch-scores.js';
import { DEFAULT_FEATURE_CACHE, extractFeatures, parseIgnoreList, type FeatureRow } from './dataset.js';
import type { FrontEndRecord } from './frontend-quads.js';
import { fit, setMetrics, type SetMetrics } from './train.js';
import type { FeatureData } from '../ml/logistic.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    quads: { type: 'string' },
    train: { type: 'string' },
    val: { type: 'string' },
    test: { type: 'string' },
    l2: { type: 'string', default: '1' },
    'max-patches': { type: 'string', default: '48' },
    stride: { type: 'string', default: '64' },
    'cnn-cache': { type: 'string' },
    ignore: { type: 'string', default: 'DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS' },
  },
});
if (!values.model || !values.quads || !values.train || !values.val || !values.test) {
  process.stderr.write('usage: hawk-sd-patch-eval.ts --model M.onnx --quads Q.jsonl,... --train M,... --val M,... --test M,...\n');
  process.exit(2);
}
const quadOf = new Map<string, FrontEndRecord['quad']>();
for (const file of values.quads.split(',')) {
  for (const line of (await readFile(file, 'utf8')).split('\n')) if (line.trim()) quadOf.set((JSON.parse(line) as FrontEndRecord).path, (JSON.parse(line) as FrontEndRecord).quad);
}
const extractor = hawkSdFeatures();
const ignore = parseIgnoreList(values.ignore);
const rowsOf = async (list: string): Promise<FeatureRow[]> => {
  const rows: FeatureRow[] = [];
  for (const m of list.split(',')) rows.push(...(await extractFeatures(m, { pipeline: 'hawk-sd', extractor, errorsToIgnore: ignore, cacheDir: DEFAULT_FEATURE_CACHE })).rows);
  return rows;
};
const sets = { train: await rowsOf(values.train), val: await rowsOf(values.val), test: await rowsOf(values.test) };

const cnnCache: Record<string, number[]> = values['cnn-cache'] ? JSON.parse(await readFile(values['cnn-cache'], 'utf8').catch(() => '{}')) : {};
const session = await loadModel(values.model);
const maxPatches = Number(values['max-patches']);
let computed = 0;
for (const row of [...sets.train, ...sets.val, ...sets.test]) {
  if (cnnCache[row.image]) continue;
  const quad = quadOf.get(row.image);
  if (!quad) throw new Error(`no recorded front-end quad for ${row.image}`);
  const { image } = await decodeImage(await readFile(row.image), { maxImagePixels: 50_000_000 });
  const bounds = documentRegion(quad, image.width, image.height, Number.POSITIVE_INFINITY);
  const region = analysedRegion(bounds, image.width, image.height);
  const luma = lumaOfRect(image, region);
  const { scores } = await scorePatches(session, luma, { x: 0, y: 0, width: luma.width, height: luma.height }, 0, 0, maxPatches, Number(values.stride));
  cnnCache[row.image] = Array.from(scores, (v) => Math.round(v * 1e6) / 1e6);
  if (++computed % 100 === 0) process.stderr.write(`${computed} images scored by the CNN\n`);
}
await session.dispose();
if (values['cnn-cache']) await writeFile(values['cnn-cache'], JSON.stringify(cnnCache));

/**
 * Image-level cues of the patch scores: the strongest, the mean of the 3 strongest, and the strongest standardised
 * against the document's own patches ((max - median) / (1.4826 MAD + 0.01): content that fires everywhere cancels).
 */
function imageCues(scores: readonly number[]): [number, number, number] {
  const { max, top } = patchCnnCues(Float32Array.from(scores));
  if (scores.length === 0) return [max, top, 0];
  const sorted = [...scores].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  const mad = [...scores].map((v) => Math.abs(v - median)).sort((a, b) => a - b)[scores.length >> 1]!;
  return [max, top, (max - median) / (1.4826 * mad + 0.01)];
}
const names = [...extractor.names, 'patchcnn.max', 'patchcnn.top', 'patchcnn.maxZ'];
const withCnn = (rows: FeatureRow[]): FeatureRow[] => rows.map((r) => ({ ...r, features: [...r.features, ...imageCues(cnnCache[r.image]!)] }));
const dataOf = (rows: FeatureRow[], columns: number[], means?: number[]): { data: FeatureData; means: number[] } => {
  const x = new Float64Array(rows.length * columns.length);
  const m = means ?? columns.map((c) => {
    const v = rows.map((r) => r.features[c]!).filter(Number.isFinite);
    return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : 0;
  });
  rows.forEach((r, i) => columns.forEach((c, j) => (x[i * columns.length + j] = Number.isFinite(r.features[c]!) ? r.features[c]! : m[j]!)));
  return { data: { x, featureCount: columns.length, y: rows.map((r) => (r.label === 'bona_fide' ? 1 : 0)), featureNames: columns.map((c) => names[c]!) }, means: m };
};
const linearScores = (linear: { mean: readonly number[]; std: readonly number[]; weights: readonly number[]; intercept: number }, data: FeatureData): Float64Array => {
  const n = data.y.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = linear.intercept;
    for (let j = 0; j < data.featureCount; j++) s += (linear.weights[j]! * (data.x[i * data.featureCount + j]! - linear.mean[j]!)) / (linear.std[j]! || 1);
    out[i] = s;
  }
  return out;
};
const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : `${(v * 100).toFixed(1)} %`);
const line = (what: string, m: SetMetrics): string => {
  const sub = (k: string): string => `${k} ${pct(m.by_subtype[k]?.eer)}/${m.by_subtype[k]?.auc?.toFixed(3) ?? '-'} (${m.by_subtype[k]?.n_attack ?? 0})`;
  return `${what}: ${m.n_bona_fide}/${m.n_attack} EER ${pct(m.eer)} AUC ${m.auc?.toFixed(3)} | ${['screenshot', 'retype', 'splice', 'copy_move', 'resave'].map(sub).join(', ')}`;
};
const editsOnly = (rows: FeatureRow[], scores: ArrayLike<number>): string => {
  const keep = rows.map((r, i) => i).filter((i) => rows[i]!.label === 'bona_fide' || ['retype', 'splice', 'copy_move'].includes(rows[i]!.subtype ?? ''));
  const m = setMetrics(keep.map((i) => rows[i]!), keep.map((i) => scores[i]!));
  // Re-saved bona fide (their image path names the re-save folder) against originals: P(re-save scored below).
  return `edits together ${pct(m.eer)} AUC ${m.auc?.toFixed(3)} (${m.n_attack})`;
};
const all = { train: withCnn(sets.train), val: withCnn(sets.val), test: withCnn(sets.test) };
const base = extractor.names.map((_, i) => i);
const k = extractor.names.length;
const variants: Array<[string, number[]]> = [
  ['27 features (committed set)', base],
  ['+ patchcnn (max, top)', [...base, k, k + 1]],
  ['+ patchcnn.maxZ', [...base, k + 2]],
  ['+ patchcnn (max, maxZ)', [...base, k, k + 2]],
];
for (const [label, columns] of variants) {
  const train = dataOf(all.train, [...columns]);
  const fitted = await fit(train.data, { learner: 'logistic', l2: Number(values.l2), hidden: [16], epochs: 80 }, 'hawk-sd');
  process.stdout.write(`== ${label}\n`);
  for (const set of ['val', 'test'] as const) {
    const d = dataOf(all[set], [...columns], train.means).data;
    const scores = linearScores(fitted.linear!, d);
    process.stdout.write(`${line(set, setMetrics(all[set], scores))}; ${editsOnly(all[set], scores)}\n`);
  }
}
// Single-feature view: the CNN's image-level evidence alone, edits against bona fide (incl. re-saves).
for (const set of ['val', 'test'] as const) {
  const rows = all[set].filter((r) => r.label === 'bona_fide' || ['retype', 'splice', 'copy_move'].includes(r.subtype ?? ''));
  const resaved = all[set].filter((r) => r.label === 'bona_fide' && r.image.includes('/resaved/'));
  const originals = all[set].filter((r) => r.label === 'bona_fide' && !r.image.includes('/resaved/'));
  const alone = (j: number): string => {
    const m = setMetrics(rows, rows.map((r) => -r.features[j]!));
    return `${names[j]} EER ${pct(m.eer)} AUC ${m.auc?.toFixed(3)}`;
  };
  const meanOf = (list: FeatureRow[], j: number): string => (list.reduce((s, r) => s + r.features[j]!, 0) / Math.max(1, list.length)).toFixed(3);
  process.stdout.write(`${set} patchcnn alone, edits vs bona fide: ${[k, k + 1, k + 2].map(alone).join('; ')}; mean max / maxZ: originals ${meanOf(originals, k)} / ${meanOf(originals, k + 2)}, re-saves ${meanOf(resaved, k)} / ${meanOf(resaved, k + 2)}\n`);
}
