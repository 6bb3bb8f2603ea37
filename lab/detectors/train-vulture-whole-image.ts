// Trains vulture-sr's whole-image head (models/vulture-sr/whole-image/): the model the pipeline uses when no
// document is found (`--no-document-gate`), over the colour-free features of wholeImageScreenFeatures(). Rows are
// the lab's bona fide images and screen replays judged as a whole. The head never sees a document, so rows are
// made from the decoded image alone (decodeImage, exactly what the engine hands a detector), without the front-end.
//
//   node --import tsx lab/detectors/train-vulture-whole-image.ts --train M[,M...] --val M[,M...] [--test M[,M...]]
//     [--tune REAL_PART_MANIFEST] [--l2 0.2,1,5] [--ablate] [--cache DIR] [--out DIR] [--dry-run] [--report FILE]
//     [--frame F[,F...]|none] [--univariate] [--resend]
//
// --frame picks the frame-group features (frame.ts) of a dry run (default: the product's); --univariate prints each
// feature's AUC per set (do the lab and the real tuning part agree on its direction?); --resend adds a messenger
// re-send of every training image (both classes) to the training rows.
//
// --tune scores a documented tuning part of a real set (e.g. lines 0, 3, 6, ... of screen-recapture-dev) with each
// setting, to CHOOSE between settings only: no weight is fitted on it, its figures are not results. The shipped
// setting is the first --l2 value unless --pick says otherwise (val EER, ties by the tuning part).
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { readManifest } from '../../src/eval/manifest.js';
import { decodeImage } from '../../src/image/decode.js';
import type { DetectorInput } from '../../src/pipelines/detector.js';
import { DETECTOR_MODEL_FORMAT, type DetectorModelFile } from '../../src/pipelines/feature-detector.js';
import { WHOLE_IMAGE_HEAD } from '../../src/pipelines/vulture-sr/detector.js';
import { WHOLE_IMAGE_FEATURES, wholeImageScreenFeatures } from '../../src/pipelines/vulture-sr/features.js';
import { ALL_FRAME_FEATURES, type FrameFeatureName } from '../../src/pipelines/vulture-sr/frame.js';
import type { FeatureData } from '../ml/logistic.js';
import { exportOnnx } from '../ml/onnx-export.js';
import { DEFAULT_FEATURE_CACHE, manifestPath, sidecarSubtype, type FeatureRow } from './dataset.js';
import { fit, groupOf, onnxScores, setMetrics, type SetMetrics } from './train.js';

const USAGE = 'usage: train-vulture-whole-image.ts --train M[,M...] --val M[,M...] [--test M[,M...]] [--tune REAL_PART] [--l2 X[,X...]] [--pick N] [--ablate] [--resend] [--frame F[,F...]|none] [--univariate] [--cache DIR] [--out DIR] [--dry-run] [--report FILE]';

const { values } = parseArgs({
  options: {
    train: { type: 'string' },
    val: { type: 'string' },
    test: { type: 'string' },
    tune: { type: 'string' },
    l2: { type: 'string', default: '1' },
    pick: { type: 'string', default: '0' },
    ablate: { type: 'boolean', default: false },
    cache: { type: 'string', default: DEFAULT_FEATURE_CACHE },
    out: { type: 'string', default: join('models', 'vulture-sr', WHOLE_IMAGE_HEAD) },
    'dry-run': { type: 'boolean', default: false },
    report: { type: 'string' },
    frame: { type: 'string' },
    univariate: { type: 'boolean', default: false },
    resend: { type: 'boolean', default: false },
  },
});
if (values.train === undefined || values.val === undefined) throw new Error(`--train and --val are required\n${USAGE}`);
const l2s = values.l2.split(',').map(Number);
if (l2s.some((v) => !(v >= 0))) throw new Error(`--l2 takes non-negative numbers, got ${values.l2}`);
const pick = Number(values.pick);
if (!Number.isInteger(pick) || pick < 0 || pick >= l2s.length) throw new Error(`--pick is an index into --l2 (0..${l2s.length - 1}), got ${values.pick}`);

// Rows are extracted once with every frame candidate (frame.ts) and cached; --frame picks the ones a run scores
// (default: the product's WHOLE_IMAGE_FRAME, which is what a shipped model must match; 'none' for no frame group).
const extractor = wholeImageScreenFeatures({ frame: ALL_FRAME_FEATURES });
const extracted = extractor.names;
const chosenFrame: readonly string[] | null = values.frame === undefined ? null : values.frame === 'none' ? [] : values.frame.split(',');
for (const f of chosenFrame ?? []) if (!(ALL_FRAME_FEATURES as readonly string[]).includes(f)) throw new Error(`--frame takes names from ${ALL_FRAME_FEATURES.join(',')} (or 'none'), got ${f}`);
const names: readonly string[] = chosenFrame === null ? WHOLE_IMAGE_FEATURES : wholeImageScreenFeatures({ frame: chosenFrame as FrameFeatureName[] }).names;
const projection = names.map((n) => extracted.indexOf(n));
if (!values['dry-run'] && names.join(',') !== WHOLE_IMAGE_FEATURES.join(',')) throw new Error('a model written to disk must use the product\'s features (WHOLE_IMAGE_FEATURES): drop --frame or add --dry-run');

async function hasRealBackdrop(imagePath: string): Promise<boolean> {
  try {
    const sidecar = JSON.parse(await readFile(imagePath.replace(/\.[^./]+$/, '.json'), 'utf8')) as { params?: { scene?: { backdrop?: string | null } } };
    return typeof sidecar.params?.scene?.backdrop === 'string';
  } catch {
    return false; // no sidecar: not a lab image
  }
}

/** Whole-image rows of one manifest (bona fide + screen replays; any manifest for --tune), cached per manifest. */
/**
 * A messenger re-send of a training image (long side 960-1600 px, JPEG 60-85, no EXIF), drawn from the path's hash so
 * reruns agree. Both classes are re-sent alike, so the copies teach which cues survive a re-send, not that a re-send
 * means a screen (the real set's confound: its screens are re-sends, its scenes camera originals).
 */
async function resent(path: string, bytes: Buffer): Promise<Buffer> {
  const h = createHash('sha1').update(path).digest();
  const longSide = 960 + (h.readUInt16BE(0) % 641);
  const quality = 60 + (h.readUInt16BE(2) % 26);
  return sharp(bytes).rotate().resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true }).jpeg({ quality }).toBuffer();
}

async function rowsOf(pathOrDir: string, resend = false): Promise<FeatureRow[]> {
  const manifest = await manifestPath(pathOrDir);
  const key = JSON.stringify([manifest, (await stat(manifest)).mtimeMs, 'vulture-sr', WHOLE_IMAGE_HEAD, extracted, 'no-backdrops', ...(resend ? ['resend-v1'] : [])]);
  const cache = join(values.cache, `vulture-sr-whole-${createHash('sha1').update(key).digest('hex').slice(0, 16)}.json`);
  try {
    return JSON.parse(await readFile(cache, 'utf8')) as FeatureRow[];
  } catch {
    // not cached yet
  }
  const entries = (await readManifest(manifest)).filter((e) => e.label === 'bona_fide' || e.attack === 'SCREEN_REPLAY');
  const rows: FeatureRow[] = [];
  let leftOut = 0;
  for (const entry of entries) {
    // Hand-held lab shots may show a room photo of ../shared/data/screen-recapture-dev/real behind the document
    // (lab/capture/photos.ts): judged as a whole, that is a real-set image in the training rows. Left out.
    if (await hasRealBackdrop(entry.path)) {
      leftOut++;
      continue;
    }
    const original = await readFile(entry.path);
    const decoded = await decodeImage(resend ? await resent(entry.path, original) : original, { maxImagePixels: 50_000_000 });
    // The whole-image head reads the image (and the abort signal) only: no front-end facts are needed.
    const input = { image: decoded.image, document: null, documentCount: 0 } as unknown as DetectorInput;
    const features = await extractor.extract(input);
    rows.push({ image: entry.path, label: entry.label, attack: entry.attack, subtype: await sidecarSubtype(entry.path), features: Array.from(features) });
  }
  await mkdir(values.cache, { recursive: true });
  await writeFile(cache, JSON.stringify(rows));
  process.stderr.write(`${manifest}: ${rows.length} whole-image rows${resend ? ' (re-sent copies)' : ''} (${leftOut} with a room-photo backdrop left out)\n`);
  return rows;
}

async function rowsOfList(list: string | undefined, withResends = false): Promise<FeatureRow[]> {
  const rows: FeatureRow[] = [];
  for (const m of (list ?? '').split(',').filter((s) => s.length > 0)) {
    rows.push(...(await rowsOf(m)));
    if (withResends) rows.push(...(await rowsOf(m, true)));
  }
  return rows.map((r) => ({ ...r, features: projection.map((i) => r.features[i]!) }));
}

// --resend: every training image also as a messenger re-send (train only: val and test stay as generated).
const train = await rowsOfList(values.train, values.resend);
const val = await rowsOfList(values.val);
const test = values.test ? await rowsOfList(values.test) : null;
const tune = values.tune ? await rowsOfList(values.tune) : null;

// Non-finite values take the training mean, as the detector does at run time with the model's featureMeans.
const means = names.map((_, c) => {
  const v = train.map((r) => r.features[c]!).filter(Number.isFinite);
  return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : 0;
});
function data(rows: readonly FeatureRow[], columns: readonly number[]): FeatureData {
  const x = new Float64Array(rows.length * columns.length);
  rows.forEach((r, i) => columns.forEach((c, j) => (x[i * columns.length + j] = Number.isFinite(r.features[c]!) ? r.features[c]! : means[c]!)));
  return { x, featureCount: columns.length, y: rows.map((r) => (r.label === 'bona_fide' ? 1 : 0)), featureNames: columns.map((c) => names[c]!) };
}

async function run(columns: readonly number[], l2: number) {
  const fitted = await fit(data(train, columns), { learner: 'logistic', l2, hidden: [16], epochs: 80 }, 'vulture-sr');
  const onnx = exportOnnx(fitted.model, { docString: 'doclive vulture-sr whole-image head' });
  const score = async (rows: readonly FeatureRow[] | null): Promise<SetMetrics | null> => (rows === null ? null : setMetrics(rows, await onnxScores(onnx, data(rows, columns))));
  return { fitted, onnx, train: (await score(train))!, val: (await score(val))!, test: await score(test), tune: await score(tune) };
}

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(3));
const all = names.map((_, i) => i);
const line = (label: string, m: SetMetrics | null) => (m === null ? '' : `${label}: ${m.n_bona_fide} bona fide / ${m.n_attack} attacks, EER ${pct(m.eer)}, AUC ${num(m.auc)}; ${Object.entries(m.by_subtype).map(([s, b]) => `${s} (${b.n_attack}) EER ${pct(b.eer)}`).join(', ')}\n`);

/** Rank AUC of one feature (bona fide high); NaN-free rows only. */
function auc(rows: readonly FeatureRow[], c: number): number {
  const pos = rows.filter((r) => r.label === 'bona_fide').map((r) => r.features[c]!).filter(Number.isFinite);
  const neg = rows.filter((r) => r.label !== 'bona_fide').map((r) => r.features[c]!).filter(Number.isFinite);
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
  return wins / Math.max(1, pos.length * neg.length);
}
if (values.univariate) {
  // AUC of each feature alone with bona fide = high; < 0.5 means screens read higher. Agreement across sets is the point.
  process.stdout.write(`| feature | train AUC | val AUC | test AUC | tuning AUC |\n|---|---|---|---|---|\n`);
  names.forEach((n, c) => process.stdout.write(`| ${n} | ${auc(train, c).toFixed(3)} | ${auc(val, c).toFixed(3)} | ${test ? auc(test, c).toFixed(3) : '-'} | ${tune ? auc(tune, c).toFixed(3) : '-'} |\n`));
}

process.stdout.write(`whole-image head, ${names.length} features; rows train ${train.length}, val ${val.length}, test ${test?.length ?? 0}, tuning part ${tune?.length ?? 0}\n`);
process.stdout.write('| L2 | train EER | val EER | val AUC | tuning EER | tuning AUC |\n|---|---|---|---|---|---|\n');
const runs: Awaited<ReturnType<typeof run>>[] = [];
for (const l2 of l2s) {
  const r = await run(all, l2);
  runs.push(r);
  process.stdout.write(`| ${l2} | ${pct(r.train.eer)} | ${pct(r.val.eer)} | ${num(r.val.auc)} | ${pct(r.tune?.eer)} | ${num(r.tune?.auc)} |\n`);
}
const main = runs[pick]!;
process.stdout.write(`shipped setting L2 ${l2s[pick]}:\n${line('train', main.train)}${line('val  ', main.val)}${line('test ', main.test)}`);

const ablation: Record<string, { features: number; val_eer: number | null; val_auc: number | null; test_eer: number | null; test_auc: number | null; tune_eer: number | null; tune_auc: number | null }> = {};
if (values.ablate) {
  const groups = [...new Set(names.map(groupOf))];
  const columnsFor = (keep: (group: string) => boolean) => names.flatMap((n, i) => (keep(groupOf(n)) ? [i] : []));
  process.stdout.write(`\nablation (L2 ${l2s[pick]})\n| features | n | val EER | val AUC | test EER | test AUC | tuning EER | tuning AUC |\n|---|---|---|---|---|---|---|---|\n`);
  const variants: [string, number[]][] = [['all', all], ...groups.flatMap((g): [string, number[]][] => [[`without ${g}`, columnsFor((h) => h !== g)], [`only ${g}`, columnsFor((h) => h === g)]])];
  for (const [label, columns] of variants) {
    const r = label === 'all' ? main : await run(columns, l2s[pick]!);
    ablation[label] = { features: columns.length, val_eer: r.val.eer, val_auc: r.val.auc, test_eer: r.test?.eer ?? null, test_auc: r.test?.auc ?? null, tune_eer: r.tune?.eer ?? null, tune_auc: r.tune?.auc ?? null };
    process.stdout.write(`| ${label} | ${columns.length} | ${pct(r.val.eer)} | ${num(r.val.auc)} | ${pct(r.test?.eer)} | ${num(r.test?.auc)} | ${pct(r.tune?.eer)} | ${num(r.tune?.auc)} |\n`);
  }
}

const training = {
  trained_at: new Date().toISOString(),
  command: `node --import tsx lab/detectors/train-vulture-whole-image.ts ${process.argv.slice(2).join(' ')}`,
  head: WHOLE_IMAGE_HEAD,
  rows: `lab bona fide images and screen replays judged as a whole (decoded image only, no document); images with a room-photo backdrop from screen-recapture-dev/real left out${values.resend ? '; every training image also as a messenger re-send (960-1600 px, JPEG 60-85), both classes alike' : ''}`,
  train_manifests: values.train.split(','),
  val_manifests: values.val.split(','),
  test_manifests: values.test?.split(',') ?? [],
  tuning_part: values.tune ?? null,
  l2_tried: l2s.map((l2, i) => ({ l2, val_eer: runs[i]!.val.eer, val_auc: runs[i]!.val.auc, tune_eer: runs[i]!.tune?.eer ?? null, tune_auc: runs[i]!.tune?.auc ?? null })),
  train: main.train,
  val: main.val,
  test: main.test,
  ...(values.ablate ? { ablation } : {}),
};
if (values.report) await writeFile(values.report, `${JSON.stringify({ learner: main.fitted.learner, features: names, ...training }, null, 1)}\n`);
if (!values['dry-run']) {
  await mkdir(values.out, { recursive: true });
  await writeFile(join(values.out, 'model.onnx'), main.onnx);
  const file: DetectorModelFile = { format: DETECTOR_MODEL_FORMAT, pipeline: 'vulture-sr', features: [...names], featureMeans: main.fitted.featureMeans, learner: main.fitted.learner, linear: main.fitted.linear, training };
  await writeFile(join(values.out, 'model.json'), `${JSON.stringify(file, null, 1)}\n`);
  process.stdout.write(`wrote ${join(values.out, 'model.onnx')} and model.json\n`);
}
