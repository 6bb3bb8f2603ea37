// Which feature groups of a pipeline's lab-trained model carry over to a real set judged without the document gate
// (e.g. ../shared/data/screen-recapture-dev: generic screen photos, no documents). Fits the same learner as
// lab/detectors/train.ts on the lab training manifests for every group subset "all" / "without G" / "only G" and
// reports the EER on the real manifest. For CHOOSING SETTINGS on a documented tuning part of a real set only: no
// weight is ever fitted on real images, and figures on the tuning part are not reported as results.
//   node --import tsx scripts/real-set-ablation.ts --pipeline vulture-sr --train M[,M...] --real MANIFEST
//     [--subset PART_MANIFEST] [--ignore DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS] [--l2 1] [--whole-image-rows] [--cache DIR]
// --subset keeps only the images listed in another manifest (the tuning part) while reusing the real manifest's
// feature cache.
import { parseArgs } from 'node:util';
import { isOneOf } from '../src/domain/types.js';
import { readManifest } from '../src/eval/manifest.js';
import { FEATURE_EXTRACTORS } from '../src/pipelines/feature-extractors.js';
import { PIPELINE_NAMES } from '../src/pipelines/registry.js';
import { DEFAULT_FEATURE_CACHE, extractFeatures, parseIgnoreList, type FeatureRow } from '../lab/detectors/dataset.js';
import { fit, groupOf, onnxScores, setMetrics } from '../lab/detectors/train.js';
import type { FeatureData } from '../lab/ml/logistic.js';
import { exportOnnx } from '../lab/ml/onnx-export.js';

const { values } = parseArgs({
  options: {
    pipeline: { type: 'string' },
    train: { type: 'string' },
    real: { type: 'string' },
    subset: { type: 'string' },
    ignore: { type: 'string' },
    l2: { type: 'string', default: '1' },
    cache: { type: 'string', default: DEFAULT_FEATURE_CACHE },
    // As lab/detectors/train.ts: also train on the lab images judged as a whole.
    'whole-image-rows': { type: 'boolean', default: false },
  },
});
const pipeline = values.pipeline;
if (pipeline === undefined || !isOneOf(PIPELINE_NAMES, pipeline)) throw new Error(`--pipeline must be one of ${PIPELINE_NAMES.join(', ')}`);
const make = FEATURE_EXTRACTORS[pipeline];
if (make === undefined) throw new Error(`no feature extractor registered for ${pipeline}`);
if (values.train === undefined || values.real === undefined) throw new Error('--train and --real are required');
const ignore = parseIgnoreList(values.ignore);
const extractor = make();
const base = { pipeline, extractor, errorsToIgnore: ignore, cacheDir: values.cache };

const train: FeatureRow[] = [];
for (const m of values.train.split(',')) train.push(...(await extractFeatures(m, base)).rows);
if (values['whole-image-rows']) for (const m of values.train.split(',')) train.push(...(await extractFeatures(m, { ...base, wholeImage: true })).rows);
const part = values.subset === undefined ? null : new Set((await readManifest(values.subset)).map((e) => e.path));
const real = (await extractFeatures(values.real, { ...base, noDocumentGate: true })).rows.filter((r) => part === null || part.has(r.image));

function data(rows: readonly FeatureRow[], columns: readonly number[], means: readonly number[]): FeatureData {
  const x = new Float64Array(rows.length * columns.length);
  rows.forEach((r, i) => columns.forEach((c, j) => (x[i * columns.length + j] = Number.isFinite(r.features[c]!) ? r.features[c]! : means[c]!)));
  return { x, featureCount: columns.length, y: rows.map((r) => (r.label === 'bona_fide' ? 1 : 0)), featureNames: columns.map((c) => extractor.names[c]!) };
}
const means = extractor.names.map((_, c) => {
  const v = train.map((r) => r.features[c]!).filter(Number.isFinite);
  return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : 0;
});
const groups = [...new Set(extractor.names.map(groupOf))];
const cols = (keep: (g: string) => boolean) => extractor.names.flatMap((n, i) => (keep(groupOf(n)) ? [i] : []));
const variants: [string, number[]][] = [['all', cols(() => true)], ...groups.flatMap((g): [string, number[]][] => [[`without ${g}`, cols((h) => h !== g)], [`only ${g}`, cols((h) => h === g)]])];
process.stdout.write(`train ${train.length} rows, real ${real.length} rows\n| features | real EER | real AUC |\n|---|---|---|\n`);
for (const [label, columns] of variants) {
  const fitted = await fit(data(train, columns, means), { learner: 'logistic', l2: Number(values.l2), hidden: [16], epochs: 80 }, pipeline);
  const scores = await onnxScores(exportOnnx(fitted.model), data(real, columns, means));
  const m = setMetrics(real, scores);
  process.stdout.write(`| ${label} | ${m.eer === null ? '-' : (m.eer * 100).toFixed(1) + ' %'} | ${m.auc?.toFixed(3) ?? '-'} |\n`);
}
