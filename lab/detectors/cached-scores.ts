// Calibrates a feature pipeline, or measures it at its calibrations, from the training script's feature cache
// instead of running the front-end again: the committed model.json's linear weights score each cached row (the
// same standardised logistic the ONNX graph computes; non-finite features take the training means, as the detector
// does), then `fit` writes the calibration file with the product's fitCalibration, and `measure` reports APCER /
// BPCER at REGULAR, SOFT and HARD on the scored images and the images the front-end stopped (counted as rejected,
// as `doclive eval` counts them). Only for linear models. Used when the machine has no CPU for another front-end pass.
//
//   node --import tsx lab/detectors/cached-scores.ts fit --pipeline P --manifest M[,M...] --out FILE [--note T] \
//     [--ignore DOCUMENT_IS_COLORLESS] [--cache DIR]
//   node --import tsx lab/detectors/cached-scores.ts measure --pipeline P --manifest M[,M...] [--calibration FILE] ...
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isOneOf, type CalibrationName } from '../../src/domain/types.js';
import { fitCalibration } from '../../src/calibration/fit.js';
import type { CalibrationFile } from '../../src/calibration/types.js';
import { FEATURE_EXTRACTORS } from '../../src/pipelines/feature-extractors.js';
import { parseDetectorModelFile } from '../../src/pipelines/feature-detector.js';
import { PIPELINE_NAMES } from '../../src/pipelines/registry.js';
import { readManifest } from '../../src/eval/manifest.js';
import { cacheFile, DEFAULT_FEATURE_CACHE, manifestPath, parseIgnoreList, type ExtractedSet } from './dataset.js';

const CALIBRATION_NAMES: readonly CalibrationName[] = ['REGULAR', 'SOFT', 'HARD'];

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    pipeline: { type: 'string' },
    manifest: { type: 'string' },
    out: { type: 'string' },
    note: { type: 'string' },
    calibration: { type: 'string' },
    ignore: { type: 'string', default: '' },
    cache: { type: 'string', default: DEFAULT_FEATURE_CACHE },
  },
});
if (command !== 'fit' && command !== 'measure') throw new Error('usage: cached-scores.ts fit|measure --pipeline P --manifest M[,M...] [--out FILE] [--calibration FILE]');
const pipeline = values.pipeline;
if (!isOneOf(PIPELINE_NAMES, pipeline) || FEATURE_EXTRACTORS[pipeline] === undefined) throw new Error(`--pipeline must be a feature pipeline, got ${pipeline}`);
const ignore = parseIgnoreList(values.ignore);
if (values.manifest === undefined) throw new Error('--manifest is required');

const modelDir = new URL('../../models', import.meta.url).pathname;
const modelPath = join(modelDir, pipeline, 'model.json');
const model = parseDetectorModelFile(JSON.parse(await readFile(modelPath, 'utf8')), pipeline, modelPath);
const linear = model.linear;
if (linear === null) throw new Error(`${modelPath} is not a linear model`);
const score = (features: readonly number[]): number =>
  features.reduce((s, v, i) => s + (linear.weights[i]! * ((Number.isFinite(v) ? v : model.featureMeans[i]!) - linear.mean[i]!)) / linear.std[i]!, linear.intercept);

const bona: number[] = [], attack: number[] = [];
let stoppedBona = 0, stoppedAttack = 0;
const stops = new Map<string, number>();
const names = model.features.join(',');
for (const m of values.manifest.split(',')) {
  const manifest = await manifestPath(m);
  const options = { pipeline, extractor: FEATURE_EXTRACTORS[pipeline]!(), errorsToIgnore: ignore, cacheDir: values.cache };
  const file = cacheFile(options, manifest, (await stat(manifest)).mtimeMs);
  const set = JSON.parse(await readFile(file, 'utf8').catch(() => { throw new Error(`no feature cache for ${manifest} (${file}): run lab/detectors/train.ts with --cache first`); })) as ExtractedSet;
  if (options.extractor.names.join(',') !== names) throw new Error(`${modelPath} features differ from the extractor's`);
  for (const row of set.rows) (row.label === 'bona_fide' ? bona : attack).push(score(row.features));
  // Skipped images are recorded by their resolved path, as readManifest resolves them.
  const labels = new Map((await readManifest(manifest)).map((e) => [e.path, e.label]));
  for (const s of set.skipped) {
    const label = labels.get(s.image);
    if (label === 'bona_fide') stoppedBona++; else stoppedAttack++;
    stops.set(s.reason, (stops.get(s.reason) ?? 0) + 1);
  }
}

if (command === 'fit') {
  if (values.out === undefined) throw new Error('fit needs --out');
  const result = fitCalibration({ bonaFide: bona, attack }, { pipeline, manifest: values.manifest, ...(values.note !== undefined ? { note: values.note } : {}) });
  await writeFile(values.out, JSON.stringify(result.calibration, null, 2) + '\n', 'utf8');
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  console.log(`${pipeline}: calibrated on ${bona.length} bona fide / ${attack.length} attacks, k = ${result.calibration.k.toPrecision(4)}; ` +
    CALIBRATION_NAMES.map((n) => `${n} t=${result.calibration.thresholds[n].t.toFixed(3)} APCER ${(100 * result.calibration.thresholds[n].apcer).toFixed(1)} % BPCER ${(100 * result.calibration.thresholds[n].bpcer).toFixed(1)} %`).join('; '));
} else {
  const calibration = JSON.parse(await readFile(values.calibration ?? join(modelDir, pipeline, 'calibration.json'), 'utf8')) as CalibrationFile;
  const pct = (a: number, n: number): string => (n === 0 ? '-' : `${((100 * a) / n).toFixed(1)} %`);
  console.log(`${pipeline}: scored ${bona.length} bona fide / ${attack.length} attacks; stopped by the front-end ${stoppedBona} bona fide / ${stoppedAttack} attacks (${[...stops].map(([k, v]) => `${k} ${v}`).join(', ')})`);
  for (const n of CALIBRATION_NAMES) {
    const t = calibration.thresholds[n].t;
    const acceptedAttacks = attack.filter((s) => s > t).length;
    const rejectedBona = bona.filter((s) => s <= t).length;
    console.log(`  ${n.padEnd(8)} detector only: APCER ${pct(acceptedAttacks, attack.length)} BPCER ${pct(rejectedBona, bona.length)}; ` +
      `end to end: APCER ${pct(acceptedAttacks, attack.length + stoppedAttack)} BPCER ${pct(rejectedBona + stoppedBona, bona.length + stoppedBona)}`);
  }
}
