// Per-feature AUC of a pipeline's registered feature extractor on labelled manifests, through the product's engine
// (lab/detectors/dataset.ts, cached): which single features separate bona fide from the pipeline's attacks.
// Evaluation only, no model is fitted.
//   node --import tsx scripts/pipeline-feature-auc.ts --pipeline vulture-sr M[,M...] [--no-document-gate]
//     [--ignore DOCUMENT_CROPPED,...] [--exclude SUBSTRING] [--cache DIR]
// AUC = probability that an attack has the higher value (0.5 = no information; < 0.5 = lower on attacks).
import { parseArgs } from 'node:util';
import { isOneOf } from '../src/domain/types.js';
import { rocAuc } from '../src/eval/metrics.js';
import { FEATURE_EXTRACTORS } from '../src/pipelines/feature-extractors.js';
import { PIPELINE_NAMES } from '../src/pipelines/registry.js';
import { DEFAULT_FEATURE_CACHE, extractFeatures, parseIgnoreList, type FeatureRow } from '../lab/detectors/dataset.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pipeline: { type: 'string' },
    'no-document-gate': { type: 'boolean', default: false },
    ignore: { type: 'string' },
    exclude: { type: 'string' },
    cache: { type: 'string', default: DEFAULT_FEATURE_CACHE },
  },
});
const pipeline = values.pipeline;
if (pipeline === undefined || !isOneOf(PIPELINE_NAMES, pipeline)) throw new Error(`--pipeline must be one of ${PIPELINE_NAMES.join(', ')}`);
const make = FEATURE_EXTRACTORS[pipeline];
if (make === undefined) throw new Error(`no feature extractor registered for ${pipeline}`);
if (positionals.length === 0) throw new Error('give at least one manifest (comma-separated or several arguments)');
const ignore = parseIgnoreList(values.ignore);

const extractor = make();
const rows: FeatureRow[] = [];
for (const manifest of positionals.flatMap((p) => p.split(',')).filter((s) => s.length > 0)) {
  const set = await extractFeatures(manifest, {
    pipeline,
    extractor,
    errorsToIgnore: ignore,
    noDocumentGate: values['no-document-gate'],
    cacheDir: values.cache,
  });
  if (set.skipped.length > 0) process.stderr.write(`${manifest}: ${set.skipped.length} image(s) not scored\n`);
  rows.push(...set.rows.filter((r) => values.exclude === undefined || !r.image.includes(values.exclude)));
}
const subtypes = [...new Set(rows.filter((r) => r.label === 'attack').map((r) => r.subtype ?? 'all'))].sort();
const column = (rs: readonly FeatureRow[], j: number) => rs.map((r) => r.features[j]!).filter(Number.isFinite);
const bona = rows.filter((r) => r.label === 'bona_fide');
const attack = rows.filter((r) => r.label === 'attack');
process.stdout.write(`${bona.length} bona fide, ${attack.length} attacks\n| feature | AUC all | ${subtypes.join(' | ')} |\n|---|---:|${subtypes.map(() => '---:').join('|')}|\n`);
extractor.names.forEach((name, j) => {
  const auc = (att: readonly FeatureRow[]) => {
    const v = rocAuc({ bonaFide: column(bona, j), attack: column(att, j) });
    return v === null ? '-' : v.toFixed(2);
  };
  const per = subtypes.map((s) => auc(attack.filter((r) => (r.subtype ?? 'all') === s)));
  process.stdout.write(`| ${name} | ${auc(attack)} | ${per.join(' | ')} |\n`);
});
