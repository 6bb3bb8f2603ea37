// Trains hawk-sd's low-quality head (src/pipelines/hawk-sd/low-quality.ts) from the main extractor's cached rows
// (train.ts or hawk-sd-fast-features.ts fill the cache; the head's features are a subset of those columns), writes
// models/hawk-sd/low-quality/model.onnx + model.json, and fits the head's own calibration on the --val rows with the
// product's fitCalibration (calibration.json beside the model). Figures are computed on the exported ONNX graph.
//
//   node --import tsx lab/detectors/hawk-sd-low-quality.ts --train M[,M...] --val M[,M...] [--test M[,M...]] \
//     [--l2 1] [--ignore DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS] [--cache DIR] [--out DIR] [--note TEXT] [--dry-run]
//
// Every manifest given must hold images below the gate only (q < 62: e.g. scripts/hawk-sd-sets.ts --max-quality 60
// copies); the script checks nothing about the quality, the cached rows have the quality floored at 62.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fitCalibration } from '../../src/calibration/fit.js';
import { DETECTOR_MODEL_FORMAT, type DetectorModelFile } from '../../src/pipelines/feature-detector.js';
import { hawkSdFeatures } from '../../src/pipelines/hawk-sd/features.js';
import { HAWK_SD_LOW_QUALITY_FEATURES, LOW_QUALITY_HEAD } from '../../src/pipelines/hawk-sd/low-quality.js';
import type { FeatureData } from '../ml/logistic.js';
import { exportOnnx } from '../ml/onnx-export.js';
import { cacheFile, DEFAULT_FEATURE_CACHE, manifestPath, parseIgnoreList, type ExtractedSet, type FeatureRow } from './dataset.js';
import { fit, onnxScores, setMetrics, type SetMetrics } from './train.js';

const USAGE = 'usage: hawk-sd-low-quality.ts --train M[,M...] --val M[,M...] [--test M[,M...]] [--l2 X] [--ignore E,...] [--cache DIR] [--out DIR] [--note TEXT] [--dry-run]';
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    train: { type: 'string' },
    val: { type: 'string' },
    test: { type: 'string' },
    l2: { type: 'string', default: '1' },
    ignore: { type: 'string', default: 'DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS' },
    cache: { type: 'string', default: DEFAULT_FEATURE_CACHE },
    out: { type: 'string', default: join('models', 'hawk-sd', LOW_QUALITY_HEAD) },
    note: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
if (values.train === undefined || values.val === undefined) throw new Error(`--train and --val are required\n${USAGE}`);
const l2 = Number(values.l2);
if (!(l2 >= 0)) throw new Error(`--l2 must be a number >= 0, got ${values.l2}`);

const extractor = hawkSdFeatures();
const ignore = parseIgnoreList(values.ignore);
const columns = HAWK_SD_LOW_QUALITY_FEATURES.map((name) => extractor.names.indexOf(name));

/** The main extractor's cached rows of every manifest in `list`. */
async function rowsOf(list: string): Promise<FeatureRow[]> {
  const rows: FeatureRow[] = [];
  for (const given of list.split(',').filter((s) => s.length > 0)) {
    const manifest = await manifestPath(given);
    const file = cacheFile({ pipeline: 'hawk-sd', extractor, errorsToIgnore: ignore, cacheDir: values.cache }, manifest, (await stat(manifest)).mtimeMs);
    const text = await readFile(file, 'utf8').catch(() => {
      throw new Error(`no hawk-sd feature cache for ${manifest} with --ignore ${values.ignore} (${file}): fill it with lab/detectors/hawk-sd-fast-features.ts or train.ts first`);
    });
    rows.push(...(JSON.parse(text) as ExtractedSet).rows);
  }
  if (rows.length === 0) throw new Error(`no rows in ${list}`);
  return rows;
}

/** The head's columns; a non-finite value takes the column's mean over these rows (as train.ts does). */
function toData(rows: readonly FeatureRow[]): FeatureData {
  const n = columns.length;
  const x = new Float64Array(rows.length * n);
  rows.forEach((row, i) => columns.forEach((c, j) => (x[i * n + j] = Number.isFinite(row.features[c] ?? Number.NaN) ? row.features[c]! : Number.NaN)));
  for (let j = 0; j < n; j++) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < rows.length; i++) if (Number.isFinite(x[i * n + j]!)) (sum += x[i * n + j]!), count++;
    for (let i = 0; i < rows.length; i++) if (!Number.isFinite(x[i * n + j]!)) x[i * n + j] = count > 0 ? sum / count : 0;
  }
  return { x, featureCount: n, y: rows.map((r) => (r.label === 'bona_fide' ? 1 : 0)), featureNames: [...HAWK_SD_LOW_QUALITY_FEATURES] };
}

const train = await rowsOf(values.train);
const val = await rowsOf(values.val);
const test = values.test ? await rowsOf(values.test) : null;
const fitted = await fit(toData(train), { learner: 'logistic', l2, hidden: [], epochs: 0 }, 'hawk-sd');
const onnx = exportOnnx(fitted.model, { docString: 'doclive hawk-sd low-quality head' });
const valScores = await onnxScores(onnx, toData(val));
const metrics = async (rows: readonly FeatureRow[]): Promise<SetMetrics> => setMetrics(rows, await onnxScores(onnx, toData(rows)));
const report = { train: await metrics(train), val: setMetrics(val, valScores), test: test ? await metrics(test) : null };
const pct = (v: number | null): string => (v === null ? '-' : `${(v * 100).toFixed(1)} %`);
for (const [name, m] of Object.entries(report)) {
  if (m === null) continue;
  process.stdout.write(`${name.padEnd(5)}: ${m.n_bona_fide} bona fide / ${m.n_attack} attacks, EER ${pct(m.eer)}, AUC ${m.auc?.toFixed(3) ?? '-'}; ${Object.entries(m.by_subtype).map(([s, b]) => `${s} (${b.n_attack}) EER ${pct(b.eer)}`).join(', ')}\n`);
}

const bonaFide = val.flatMap((r, i) => (r.label === 'bona_fide' ? [valScores[i]!] : []));
const attack = val.flatMap((r, i) => (r.label === 'attack' ? [valScores[i]!] : []));
const calibrated = fitCalibration({ bonaFide, attack }, { pipeline: 'hawk-sd', manifest: values.val, ...(values.note !== undefined ? { note: values.note } : {}) });
for (const w of calibrated.warnings) process.stderr.write(`warning: ${w}\n`);
const t = calibrated.calibration.thresholds;
process.stdout.write(`calibration on val: k ${calibrated.calibration.k.toPrecision(4)}; SOFT t ${t.SOFT.t.toFixed(3)}, REGULAR t ${t.REGULAR.t.toFixed(3)}, HARD t ${t.HARD.t.toFixed(3)}\n`);
process.stdout.write(`weights: ${HAWK_SD_LOW_QUALITY_FEATURES.map((n, i) => `${n} ${fitted.linear!.weights[i]!.toFixed(3)}`).join(', ')}; intercept ${fitted.linear!.intercept.toFixed(3)}\n`);
if (values['dry-run']) process.exit(0);

const training = {
  trained_at: new Date().toISOString(),
  command: `node --import tsx lab/detectors/hawk-sd-low-quality.ts ${process.argv.slice(2).join(' ')}`,
  head: LOW_QUALITY_HEAD,
  train_manifests: values.train.split(','),
  val_manifests: values.val.split(','),
  test_manifests: values.test?.split(',') ?? [],
  errors_ignored: ignore,
  ...report,
};
const file: DetectorModelFile = { format: DETECTOR_MODEL_FORMAT, pipeline: 'hawk-sd', features: [...HAWK_SD_LOW_QUALITY_FEATURES], featureMeans: fitted.featureMeans, learner: fitted.learner, linear: fitted.linear, training };
await mkdir(values.out, { recursive: true });
await writeFile(join(values.out, 'model.onnx'), onnx);
await writeFile(join(values.out, 'model.json'), `${JSON.stringify(file, null, 1)}\n`);
await writeFile(join(values.out, 'calibration.json'), `${JSON.stringify(calibrated.calibration, null, 2)}\n`);
process.stdout.write(`wrote ${values.out}/model.onnx, model.json and calibration.json\n`);
