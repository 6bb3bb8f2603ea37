// Fits models/<pipeline>/calibration.json from feature rows already in train.ts's cache (filled by train.ts or by
// lab/detectors/hawk-sd-fast-features.ts), scored by the committed ONNX graph through onnxruntime, with the
// product's own fitCalibration. For days when the shared machine cannot afford `doclive calibrate` (which runs the
// front-end on every image): the rows' document quads are whatever the cache holds, so say which in --note.
//   node --import tsx lab/detectors/fast-calibrate.ts --pipeline hawk-sd --val M[,M...] --out FILE [--ignore E,...] [--note TEXT]
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fitCalibration } from '../../src/calibration/fit.js';
import { loadModel } from '../../src/inference/session.js';
import { FEATURE_EXTRACTORS } from '../../src/pipelines/feature-extractors.js';
import { PIPELINE_NAMES, type PipelineName } from '../../src/pipelines/registry.js';
import { DEFAULT_FEATURE_CACHE, extractFeatures, parseIgnoreList } from './dataset.js';

const { values } = parseArgs({
  options: {
    pipeline: { type: 'string' },
    val: { type: 'string' },
    out: { type: 'string' },
    ignore: { type: 'string', default: '' },
    note: { type: 'string' },
    cache: { type: 'string', default: DEFAULT_FEATURE_CACHE },
  },
});
const USAGE = 'usage: fast-calibrate.ts --pipeline NAME --val M[,M...] --out FILE [--ignore E,...] [--note TEXT]';
if (!values.pipeline || !values.val || !values.out) throw new Error(USAGE);
if (!(PIPELINE_NAMES as readonly string[]).includes(values.pipeline)) throw new Error(`unknown pipeline ${values.pipeline}; known: ${PIPELINE_NAMES.join(', ')}`);
const pipeline = values.pipeline as PipelineName;
const factory = FEATURE_EXTRACTORS[pipeline];
if (!factory) throw new Error(`${pipeline} has no feature extractor`);
const ignore = parseIgnoreList(values.ignore);
const extractor = factory();
const manifests = values.val.split(',');
const bonaFide: number[] = [];
const attack: number[] = [];
// A missing feature takes its training mean, as the detector does at run time.
const { featureMeans } = JSON.parse(await readFile(join('models', pipeline, 'model.json'), 'utf8')) as { featureMeans: number[] };
const session = await loadModel(join('models', pipeline, 'model.onnx'));
try {
  for (const manifest of manifests) {
    const set = await extractFeatures(manifest, { pipeline, extractor, errorsToIgnore: ignore, cacheDir: values.cache });
    if (set.rows.length === 0) continue;
    const width = extractor.names.length;
    const x = new Float32Array(set.rows.length * width);
    set.rows.forEach((row, i) => row.features.forEach((v, j) => (x[i * width + j] = Number.isFinite(v) ? v : featureMeans[j]!)));
    const out = await session.run({ input: { dims: [set.rows.length, width], data: x } });
    const scores = out.logits!.data;
    set.rows.forEach((row, i) => (row.label === 'bona_fide' ? bonaFide : attack).push(scores[i]!));
  }
} finally {
  await session.dispose();
}
const { calibration, warnings } = fitCalibration({ bonaFide, attack }, { pipeline, manifest: manifests.join(','), ...(values.note ? { note: values.note } : {}) });
await writeFile(values.out, JSON.stringify(calibration, null, 2) + '\n');
for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
const t = calibration.thresholds;
process.stdout.write(
  `${values.out}: ${bonaFide.length} bona fide / ${attack.length} attacks; k ${calibration.k.toFixed(3)}; ` +
    `REGULAR t ${t.REGULAR.t.toFixed(3)} (APCER ${(t.REGULAR.apcer * 100).toFixed(1)} %, BPCER ${(t.REGULAR.bpcer * 100).toFixed(1)} %), ` +
    `SOFT t ${t.SOFT.t.toFixed(3)}, HARD t ${t.HARD.t.toFixed(3)}\n`,
);
