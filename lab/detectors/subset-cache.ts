// Derives the feature cache of a pipeline whose extractor returns a subset of another pipeline's features,
// computed by the same code on the same DetectorInput, so the front-end runs once per image for both. Refuses when
// a feature name of the subset is missing from the superset. Not for robin-pc any more: since branch pc4 it reads
// a quarter-sample raster, so its values differ from woodpecker-pc's (same names); lab/detectors/pc-rows.ts
// extracts both pipelines' rows in one front-end pass instead.
//
//   node --import tsx lab/detectors/subset-cache.ts --from woodpecker-pc --to robin-pc --manifest M \
//     [--ignore DOCUMENT_IS_COLORLESS] [--cache DIR]
import { readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isOneOf } from '../../src/domain/types.js';
import { FEATURE_EXTRACTORS } from '../../src/pipelines/feature-extractors.js';
import { PIPELINE_NAMES, type PipelineName } from '../../src/pipelines/registry.js';
import { cacheFile, DEFAULT_FEATURE_CACHE, manifestPath, parseIgnoreList, type ExtractedSet, type ExtractOptions } from './dataset.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    manifest: { type: 'string' },
    ignore: { type: 'string', default: '' },
    cache: { type: 'string', default: DEFAULT_FEATURE_CACHE },
  },
});
const pipeline = (name: string | undefined, what: string): PipelineName => {
  if (!isOneOf(PIPELINE_NAMES, name) || FEATURE_EXTRACTORS[name] === undefined) throw new Error(`--${what} must be a pipeline with a registered feature extractor, got ${name}`);
  return name;
};
const from = pipeline(values.from, 'from');
const to = pipeline(values.to, 'to');
if (values.manifest === undefined) throw new Error('--manifest is required');
const ignore = parseIgnoreList(values.ignore);

const manifest = await manifestPath(values.manifest);
const mtime = (await stat(manifest)).mtimeMs;
const options = (p: PipelineName): ExtractOptions => ({ pipeline: p, extractor: FEATURE_EXTRACTORS[p]!(), errorsToIgnore: ignore, cacheDir: values.cache });
const source = cacheFile(options(from), manifest, mtime);
const set = JSON.parse(await readFile(source, 'utf8').catch(() => {
  throw new Error(`no ${from} feature cache for ${manifest} in ${values.cache}; run lab/detectors/train.ts --pipeline ${from} on it first`);
})) as ExtractedSet;
const fromNames = options(from).extractor.names;
const toNames = options(to).extractor.names;
const columns = toNames.map((n) => fromNames.indexOf(n));
const missing = toNames.filter((_, i) => columns[i]! < 0);
if (missing.length > 0) throw new Error(`${to} features missing from ${from}: ${missing.join(', ')}`);
const derived: ExtractedSet = { ...set, rows: set.rows.map((r) => ({ ...r, features: columns.map((c) => r.features[c]!) })) };
const target = cacheFile(options(to), manifest, mtime);
await writeFile(target, JSON.stringify(derived));
process.stdout.write(`${to}: ${derived.rows.length} rows derived from ${from} (${source}) -> ${target}\n`);
