// Trains a feature-based detector (src/pipelines/feature-detector.ts) from lab manifests and writes
// models/<pipeline>/model.onnx + model.json. Held-out figures are computed through onnxruntime on the exported graph,
// i.e. exactly what the server will run.
//
//   node --import tsx lab/detectors/train.ts --pipeline vulture-sr \
//     --train /work/data/train-t1,/work/data/train-t2 --val /work/data/val-v1 [--test /work/data/test-s1] \
//     [--learner logistic|mlp] [--l2 1] [--hidden 16] [--epochs 80] [--drop group,...] [--only group,...] \
//     [--ablate] [--ignore DOCUMENT_IS_COLORLESS] [--whole-image-rows] [--cache DIR] [--fresh] [--out DIR] [--dry-run] [--report FILE]
//
// Afterwards fit the calibration on the validation images (never the test ones):
//   ./bin/doclive calibrate VAL_MANIFEST --pipeline <pipeline> --out models/<pipeline>/calibration.json
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isOneOf } from '../../src/domain/types.js';
import { equalErrorRate, rocAuc } from '../../src/eval/metrics.js';
import { loadModel } from '../../src/inference/session.js';
import { DETECTOR_MODEL_FORMAT, type DetectorModelFile } from '../../src/pipelines/feature-detector.js';
import { FEATURE_EXTRACTORS } from '../../src/pipelines/feature-extractors.js';
import { PIPELINE_NAMES, type PipelineName } from '../../src/pipelines/registry.js';
import { fitLogistic, fitMlp, standardisation, type FeatureData } from '../ml/logistic.js';
import type { Model } from '../ml/model.js';
import { exportOnnx } from '../ml/onnx-export.js';
import { initTf } from '../ml/tf.js';
import { DEFAULT_FEATURE_CACHE, extractFeatures, parseIgnoreList, type ExtractOptions, type FeatureRow } from './dataset.js';

const USAGE = 'usage: train.ts --pipeline NAME --train M[,M...] --val M[,M...] [--test M[,M...]] [--learner logistic|mlp] [--l2 X] [--hidden N[,N]] [--epochs N] [--drop G,...] [--only G,...] [--ablate] [--ignore E,...] [--whole-image-rows] [--cache DIR] [--fresh] [--out DIR] [--dry-run] [--report FILE]';

export interface LearnerOptions {
  readonly learner: 'logistic' | 'mlp';
  readonly l2: number;
  readonly hidden: readonly number[];
  readonly epochs: number;
}

export interface SetMetrics {
  readonly n_bona_fide: number;
  readonly n_attack: number;
  readonly eer: number | null;
  readonly auc: number | null;
  /** The same, bona fide against each attack subtype. */
  readonly by_subtype: Record<string, { n_attack: number; eer: number | null; auc: number | null }>;
}

export const groupOf = (feature: string): string => feature.split('.')[0]!;

function toData(rows: readonly FeatureRow[], columns: readonly number[], names: readonly string[]): FeatureData {
  const x = new Float64Array(rows.length * columns.length);
  rows.forEach((row, i) => columns.forEach((c, j) => (x[i * columns.length + j] = Number.isFinite(row.features[c]!) ? row.features[c]! : Number.NaN)));
  // Training needs finite values: a non-finite one takes the column mean, as the detector does at run time.
  for (let j = 0; j < columns.length; j++) {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < rows.length; i++) if (Number.isFinite(x[i * columns.length + j]!)) (sum += x[i * columns.length + j]!), n++;
    const mean = n > 0 ? sum / n : 0;
    for (let i = 0; i < rows.length; i++) if (!Number.isFinite(x[i * columns.length + j]!)) x[i * columns.length + j] = mean;
  }
  return { x, featureCount: columns.length, y: rows.map((r) => (r.label === 'bona_fide' ? 1 : 0)), featureNames: columns.map((c) => names[c]!) };
}

export interface Fitted {
  readonly model: Model;
  readonly learner: string;
  readonly linear: DetectorModelFile['linear'];
  readonly featureMeans: readonly number[];
}

export async function fit(data: FeatureData, options: LearnerOptions, pipeline: string): Promise<Fitted> {
  const n1 = Array.from(data.y).filter((y) => y === 1).length;
  const n0 = data.y.length - n1;
  if (n0 === 0 || n1 === 0) throw new Error(`training data needs both classes (bona fide ${n1}, attacks ${n0})`);
  // Balanced class weights: the lab mix has twice as many bona fide images as each attack type.
  const classWeights: [number, number] = [data.y.length / (2 * n0), data.y.length / (2 * n1)];
  const stats = standardisation(data.x, data.featureCount);
  const featureMeans = Array.from(stats.mean);
  await initTf('wasm');
  if (options.learner === 'logistic') {
    const fitted = fitLogistic(data, { name: pipeline, l2: options.l2, classWeights });
    return {
      model: fitted.model,
      learner: `logistic regression (L2 ${options.l2}, balanced classes)`,
      linear: { mean: featureMeans, std: Array.from(stats.std), weights: Array.from(fitted.coefficients), intercept: fitted.intercept },
      featureMeans,
    };
  }
  const { model } = await fitMlp(data, { name: pipeline, hidden: options.hidden, classWeights, seed: `doclive-${pipeline}`, epochs: options.epochs, batchSize: 64, learningRate: 0.01, weightDecay: 1e-3, log: () => {} });
  return { model, learner: `MLP ${options.hidden.join('-')} (${options.epochs} epochs, balanced classes)`, linear: null, featureMeans };
}

/** Raw scores of the exported ONNX graph through onnxruntime (the production runtime). */
export async function onnxScores(onnx: Uint8Array, data: FeatureData): Promise<Float32Array> {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-train-'));
  try {
    const path = join(dir, 'model.onnx');
    await writeFile(path, onnx);
    const session = await loadModel(path);
    try {
      const out = await session.run({ input: { dims: [data.y.length, data.featureCount], data: Float32Array.from(data.x) } });
      return out.logits!.data;
    } finally {
      await session.dispose();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function setMetrics(rows: readonly FeatureRow[], scores: ArrayLike<number>): SetMetrics {
  const bonaFide = rows.flatMap((r, i) => (r.label === 'bona_fide' ? [scores[i]!] : []));
  const attackRows = rows.map((r, i) => ({ r, s: scores[i]! })).filter(({ r }) => r.label === 'attack');
  const attack = attackRows.map(({ s }) => s);
  const by_subtype: SetMetrics['by_subtype'] = {};
  for (const subtype of new Set(attackRows.map(({ r }) => r.subtype ?? 'unknown'))) {
    const scoresOf = attackRows.filter(({ r }) => (r.subtype ?? 'unknown') === subtype).map(({ s }) => s);
    by_subtype[subtype] = { n_attack: scoresOf.length, eer: equalErrorRate({ bonaFide, attack: scoresOf }), auc: rocAuc({ bonaFide, attack: scoresOf }) };
  }
  return { n_bona_fide: bonaFide.length, n_attack: attack.length, eer: equalErrorRate({ bonaFide, attack }), auc: rocAuc({ bonaFide, attack }), by_subtype };
}

const pct = (v: number | null): string => (v === null ? '-' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null): string => (v === null ? '-' : v.toFixed(3));

async function loadRows(list: string, options: ExtractOptions, what: string): Promise<FeatureRow[]> {
  const rows: FeatureRow[] = [];
  for (const manifest of list.split(',').filter((s) => s.length > 0)) {
    let last = 0;
    const set = await extractFeatures(manifest, {
      ...options,
      onProgress: (done, total) => {
        if (Date.now() - last > 5000 || done === total) {
          last = Date.now();
          process.stderr.write(`${what} ${manifest}: ${done}/${total} images\n`);
        }
      },
    });
    if (set.skipped.length > 0) process.stderr.write(`${what} ${manifest}: ${set.skipped.length} image(s) not scored (${[...new Set(set.skipped.map((s) => s.reason.slice(0, 60)))].join('; ')})\n`);
    rows.push(...set.rows);
  }
  if (rows.length === 0) throw new Error(`no ${what} rows`);
  return rows;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pipeline: { type: 'string' },
      train: { type: 'string' },
      val: { type: 'string' },
      test: { type: 'string' },
      learner: { type: 'string', default: 'logistic' },
      l2: { type: 'string', default: '1' },
      hidden: { type: 'string', default: '16' },
      epochs: { type: 'string', default: '80' },
      drop: { type: 'string' },
      only: { type: 'string' },
      ablate: { type: 'boolean', default: false },
      ignore: { type: 'string' },
      cache: { type: 'string', default: DEFAULT_FEATURE_CACHE },
      fresh: { type: 'boolean', default: false },
      // Also train on every training image judged as a whole (no document), for pipelines with a whole-image mode.
      'whole-image-rows': { type: 'boolean', default: false },
      out: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      report: { type: 'string' },
    },
  });
  const pipeline = values.pipeline;
  if (pipeline === undefined || !isOneOf(PIPELINE_NAMES, pipeline)) throw new Error(`--pipeline must be one of ${PIPELINE_NAMES.join(', ')}\n${USAGE}`);
  const makeExtractor = FEATURE_EXTRACTORS[pipeline as PipelineName];
  if (makeExtractor === undefined) throw new Error(`no feature extractor registered for ${pipeline} in src/pipelines/feature-extractors.ts`);
  if (values.train === undefined || values.val === undefined) throw new Error(`--train and --val are required\n${USAGE}`);
  if (values.learner !== 'logistic' && values.learner !== 'mlp') throw new Error('--learner must be logistic or mlp');
  const ignore = parseIgnoreList(values.ignore);
  const learner: LearnerOptions = { learner: values.learner, l2: Number(values.l2), hidden: values.hidden.split(',').map(Number), epochs: Number(values.epochs) };

  const extractor = makeExtractor();
  const extract: ExtractOptions = { pipeline: pipeline as PipelineName, extractor, errorsToIgnore: ignore, cacheDir: values.cache, fresh: values.fresh };
  const train = await loadRows(values.train, extract, 'train');
  if (values['whole-image-rows']) train.push(...(await loadRows(values.train, { ...extract, wholeImage: true }, 'train (whole image)')));
  const val = await loadRows(values.val, extract, 'val');
  const test = values.test ? await loadRows(values.test, extract, 'test') : null;

  const names = extractor.names;
  const groups = [...new Set(names.map(groupOf))];
  const dropped = new Set((values.drop ?? '').split(',').filter((s) => s.length > 0));
  const only = new Set((values.only ?? '').split(',').filter((s) => s.length > 0));
  for (const g of [...dropped, ...only]) if (!groups.includes(g)) throw new Error(`unknown feature group ${g}; groups: ${groups.join(', ')}`);
  const columnsFor = (keep: (group: string) => boolean) => names.flatMap((n, i) => (keep(groupOf(n)) ? [i] : []));
  const selected = columnsFor((g) => !dropped.has(g) && (only.size === 0 || only.has(g)));

  async function run(columns: readonly number[]) {
    const fitted = await fit(toData(train, columns, names), learner, pipeline!);
    const onnx = exportOnnx(fitted.model, { docString: `doclive ${pipeline} detector` });
    const valScores = await onnxScores(onnx, toData(val, columns, names));
    const testScores = test ? await onnxScores(onnx, toData(test, columns, names)) : null;
    const trainScores = await onnxScores(onnx, toData(train, columns, names));
    return { fitted, onnx, train: setMetrics(train, trainScores), val: setMetrics(val, valScores), test: test && testScores ? setMetrics(test, testScores) : null };
  }

  const main = await run(selected);
  const line = (label: string, m: SetMetrics | null) => (m === null ? '' : `${label}: ${m.n_bona_fide} bona fide / ${m.n_attack} attacks, EER ${pct(m.eer)}, AUC ${num(m.auc)}; ${Object.entries(m.by_subtype).map(([s, b]) => `${s} (${b.n_attack}) EER ${pct(b.eer)}`).join(', ')}\n`);
  process.stdout.write(`${pipeline}: ${selected.length} features, ${main.fitted.learner}\n${line('train', main.train)}${line('val  ', main.val)}${line('test ', main.test)}`);

  const ablation: Record<string, { features: number; val_eer: number | null; val_auc: number | null; test_eer: number | null; test_auc: number | null }> = {};
  if (values.ablate) {
    process.stdout.write(`\nablation (${groups.length} groups)\n| features | n | val EER | val AUC | test EER | test AUC |\n|---|---|---|---|---|---|\n`);
    const variants: [string, number[]][] = [['all', selected], ...groups.flatMap((g): [string, number[]][] => [[`without ${g}`, columnsFor((h) => h !== g)], [`only ${g}`, columnsFor((h) => h === g)]])];
    for (const [label, columns] of variants) {
      if (columns.length === 0) continue;
      const r = label === 'all' ? main : await run(columns);
      ablation[label] = { features: columns.length, val_eer: r.val.eer, val_auc: r.val.auc, test_eer: r.test?.eer ?? null, test_auc: r.test?.auc ?? null };
      process.stdout.write(`| ${label} | ${columns.length} | ${pct(r.val.eer)} | ${num(r.val.auc)} | ${pct(r.test?.eer ?? null)} | ${num(r.test?.auc ?? null)} |\n`);
    }
  }

  const training = {
    trained_at: new Date().toISOString(),
    command: `node --import tsx lab/detectors/train.ts ${argv.join(' ')}`,
    train_manifests: values.train.split(','),
    val_manifests: values.val.split(','),
    test_manifests: values.test?.split(',') ?? [],
    errors_ignored: ignore,
    ...(values['whole-image-rows'] ? { whole_image_rows: true } : {}),
    train: main.train,
    val: main.val,
    test: main.test,
    ...(values.ablate ? { ablation } : {}),
  };
  if (values.report) await writeFile(values.report, `${JSON.stringify({ pipeline, learner: main.fitted.learner, features: selected.map((c) => names[c]), ...training }, null, 1)}\n`);
  if (values['dry-run']) return;
  if (selected.length !== names.length) throw new Error('--drop / --only are for experiments: a shipped model must use every feature the extractor returns (add --dry-run, or change the extractor)');
  const out = values.out ?? join('models', pipeline);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'model.onnx'), main.onnx);
  const file: DetectorModelFile = { format: DETECTOR_MODEL_FORMAT, pipeline: pipeline as PipelineName, features: [...names], featureMeans: main.fitted.featureMeans, learner: main.fitted.learner, linear: main.fitted.linear, training };
  await writeFile(join(out, 'model.json'), `${JSON.stringify(file, null, 1)}\n`);
  process.stdout.write(`wrote ${join(out, 'model.onnx')} and model.json; now calibrate on the validation set:\n  ./bin/doclive calibrate <val manifest> --pipeline ${pipeline} --out ${join(out, 'calibration.json')}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 1;
  });
}
