// Training rows of both printed-copy pipelines from ONE front-end pass per image: the engine hands a recording
// detector the DetectorInput, which runs woodpecker-pc's and robin-pc's extractors on it (sharing the request's
// derived values, as in production), and the rows land in the feature cache under each pipeline's key
// (lab/detectors/dataset.ts cacheFile), where train.ts, cached-scores.ts and subset tools find them. robin-pc's
// features are no longer a subset of woodpecker-pc's (it reads a quarter-sample raster), so subset-cache.ts cannot
// derive them; this halves the front-end cost of extracting both.
//
//   node --import tsx lab/detectors/pc-rows.ts --cache DIR [--ignore DOCUMENT_IS_COLORLESS] [--fresh] MANIFEST_OR_DIR [...]
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import { pipelineStatus } from '../../src/domain/status.js';
import { readManifest } from '../../src/eval/manifest.js';
import type { Detector } from '../../src/pipelines/detector.js';
import { robinFeatures, woodpeckerFeatures } from '../../src/pipelines/printed-copy/features.js';
import { PIPELINES, type PipelineName } from '../../src/pipelines/registry.js';
import { cacheFile, DEFAULT_FEATURE_CACHE, manifestPath, parseIgnoreList, sidecarSubtype, type ExtractedSet, type ExtractOptions, type FeatureRow, type SkippedImage } from './dataset.js';

const USAGE = 'usage: pc-rows.ts [--cache DIR] [--ignore E,...] [--fresh] MANIFEST_OR_DIR [...]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { cache: { type: 'string', default: DEFAULT_FEATURE_CACHE }, ignore: { type: 'string', default: '' }, fresh: { type: 'boolean', default: false } },
});
if (positionals.length === 0) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const ignore = parseIgnoreList(values.ignore);
const ignored = new Set(ignore);
const extractors = { 'woodpecker-pc': woodpeckerFeatures(), 'robin-pc': robinFeatures() } as const;
const pipelines = Object.keys(extractors) as (keyof typeof extractors)[];
const optionsOf = (p: PipelineName & keyof typeof extractors): ExtractOptions => ({ pipeline: p, extractor: extractors[p], errorsToIgnore: ignore, cacheDir: values.cache });

let captured: Record<string, Float32Array> | null = null;
const recorder: Detector = {
  name: 'woodpecker-pc',
  async score(input) {
    const rows: Record<string, Float32Array> = {};
    for (const p of pipelines) rows[p] = await extractors[p].extract(input);
    captured = rows;
    return 0;
  },
  async dispose() {},
};
const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [recorder] });
try {
  for (const given of positionals) {
    const manifest = await manifestPath(given);
    const mtime = (await stat(manifest)).mtimeMs;
    const targets = pipelines.map((p) => cacheFile(optionsOf(p), manifest, mtime));
    if (!values.fresh && (await Promise.all(targets.map((t) => readFile(t).then(() => true, () => false)))).every(Boolean)) {
      process.stdout.write(`${manifest}: cached\n`);
      continue;
    }
    const entries = (await readManifest(manifest)).filter((e) => e.label === 'bona_fide' || e.attack === 'PRINTED_COPY');
    const rows: Record<string, FeatureRow[]> = Object.fromEntries(pipelines.map((p) => [p, []]));
    const skipped: SkippedImage[] = [];
    for (const [index, entry] of entries.entries()) {
      captured = null;
      try {
        const result = await engine.analyse({ image: await readFile(entry.path), pipelines: ['woodpecker-pc'], errorsToIgnore: ignore });
        const got = captured as Record<string, Float32Array> | null;
        if (got === null) skipped.push({ image: entry.path, reason: pipelineStatus(result.findings, PIPELINES['woodpecker-pc'], ignored) });
        else {
          const subtype = await sidecarSubtype(entry.path);
          for (const p of pipelines) rows[p]!.push({ image: entry.path, label: entry.label, attack: entry.attack, subtype, features: Array.from(got[p]!) });
        }
      } catch (error) {
        skipped.push({ image: entry.path, reason: (error as Error).message });
      }
      if ((index + 1) % 10 === 0) process.stderr.write(`${manifest}: ${index + 1}/${entries.length}\n`);
    }
    await mkdir(values.cache, { recursive: true });
    for (const [i, p] of pipelines.entries()) {
      const set: ExtractedSet = { manifest, rows: rows[p]!, skipped };
      await writeFile(targets[i]!, JSON.stringify(set));
    }
    process.stdout.write(`${manifest}: ${rows['woodpecker-pc']!.length} scored, ${skipped.length} stopped\n`);
  }
} finally {
  await engine.close();
}
