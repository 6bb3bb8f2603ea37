// Feature rows of a sub-manifest (e.g. the documented DLC tuning part) for both printed-copy pipelines, taken from
// the cached rows of the manifest it was cut from, so no image goes through the front-end twice. Refuses when an
// image of the sub-manifest has neither a row nor a recorded stop in the source cache.
//
//   node --import tsx lab/detectors/pc-subset-rows.ts --from SOURCE_MANIFEST --cache DIR [--ignore E,...] SUB_MANIFEST [...]
import { readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readManifest } from '../../src/eval/manifest.js';
import { robinFeatures, woodpeckerFeatures } from '../../src/pipelines/printed-copy/features.js';
import { cacheFile, DEFAULT_FEATURE_CACHE, manifestPath, parseIgnoreList, type ExtractedSet, type ExtractOptions } from './dataset.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string' }, cache: { type: 'string', default: DEFAULT_FEATURE_CACHE }, ignore: { type: 'string', default: '' } },
});
if (values.from === undefined || positionals.length === 0) throw new Error('usage: pc-subset-rows.ts --from SOURCE_MANIFEST [--cache DIR] [--ignore E,...] SUB_MANIFEST [...]');
const ignore = parseIgnoreList(values.ignore);
const extractors = { 'woodpecker-pc': woodpeckerFeatures(), 'robin-pc': robinFeatures() } as const;
const optionsOf = (p: keyof typeof extractors): ExtractOptions => ({ pipeline: p, extractor: extractors[p], errorsToIgnore: ignore, cacheDir: values.cache });
const source = await manifestPath(values.from);
const sourceMtime = (await stat(source)).mtimeMs;

for (const p of Object.keys(extractors) as (keyof typeof extractors)[]) {
  const file = cacheFile(optionsOf(p), source, sourceMtime);
  const set = JSON.parse(await readFile(file, 'utf8').catch(() => {
    throw new Error(`no ${p} rows for ${source} in ${values.cache}: run lab/detectors/pc-rows.ts on it first`);
  })) as ExtractedSet;
  for (const given of positionals) {
    const sub = await manifestPath(given);
    const wanted = new Set((await readManifest(sub)).map((e) => e.path));
    const rows = set.rows.filter((r) => wanted.has(r.image));
    const skipped = set.skipped.filter((s) => wanted.has(s.image));
    if (rows.length + skipped.length !== wanted.size) throw new Error(`${sub}: ${wanted.size} images, but ${source}'s ${p} cache holds ${rows.length + skipped.length} of them`);
    const out: ExtractedSet = { manifest: sub, rows, skipped };
    await writeFile(cacheFile(optionsOf(p), sub, (await stat(sub)).mtimeMs), JSON.stringify(out));
    process.stdout.write(`${p} ${sub}: ${rows.length} rows, ${skipped.length} stopped\n`);
  }
}
