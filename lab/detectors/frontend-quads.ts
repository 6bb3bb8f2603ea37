// Records the product's front-end decision for every image of a manifest, once: the document quad the engine hands
// the detectors (localiser + orientation, through createAnalysisEngine) or the status that stopped the pipeline
// (DOCUMENT_NOT_FOUND, ...). A pipeline whose extractor reads nothing of the front-end but the quad (hawk-sd) can then
// recompute its training rows from these records (lab/detectors/hawk-sd-fast-features.ts --quads) without paying
// the front-end (~0.5-1 s of CPU per image) again after each change of feature code; the rows are those train.ts
// --fresh would extract.
//   node --import tsx lab/detectors/frontend-quads.ts --pipeline hawk-sd --out FILE.jsonl [--ignore E,...] MANIFEST_OR_DIR [...]
// Output: JSON lines { manifest, path, quad | null, reason | null, features? }, appended image by image (a call
// that stops early keeps what it did, and a rerun with the same --out skips the images already recorded). For
// hawk-sd the recorder also stores the extractor's features of the input it received (with their names), so
// hawk-sd-fast-features.ts needs no second pass while the feature code is unchanged.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import { pipelineStatus } from '../../src/domain/status.js';
import { isOneOf, type Quad } from '../../src/domain/types.js';
import { readManifest } from '../../src/eval/manifest.js';
import type { Detector } from '../../src/pipelines/detector.js';
import { FEATURE_EXTRACTORS } from '../../src/pipelines/feature-extractors.js';
import { PIPELINE_NAMES, PIPELINES } from '../../src/pipelines/registry.js';
import { manifestPath, parseIgnoreList } from './dataset.js';

export interface FrontEndRecord {
  readonly manifest: string;
  readonly path: string;
  /** The document quad the detector received; null when the front-end stopped the pipeline. */
  readonly quad: Quad | null;
  /** The pipeline status when it was not OK (or the analysis error). */
  readonly reason: string | null;
  /** The --ignore list the status was judged with (comma-separated). */
  readonly ignore: string;
  /** The pipeline's features of the input the detector received, and their names (absent when not scored). */
  readonly featureNames?: readonly string[];
  readonly features?: readonly number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { pipeline: { type: 'string' }, out: { type: 'string' }, ignore: { type: 'string', default: '' } } });
if (!values.pipeline || !isOneOf(PIPELINE_NAMES, values.pipeline) || !values.out || positionals.length === 0) {
  process.stderr.write(`usage: frontend-quads.ts --pipeline (${PIPELINE_NAMES.join('|')}) --out FILE [--ignore E,...] MANIFEST_OR_DIR [...]\n`);
  process.exit(2);
}
const pipeline = values.pipeline;
const ignore = parseIgnoreList(values.ignore);
const extractor = FEATURE_EXTRACTORS[pipeline]?.();
let quad: Quad | null = null;
let features: Float32Array | null = null;
const recorder: Detector = {
  name: pipeline,
  async score(input) {
    quad = input.document?.quad ?? null;
    features = extractor ? await extractor.extract(input) : null;
    return 0;
  },
  async dispose() {},
};
const done = new Set<string>();
try {
  for (const line of (await readFile(values.out, 'utf8')).split('\n')) if (line.trim()) done.add(keyOf(JSON.parse(line) as FrontEndRecord));
} catch {
  // nothing recorded yet
}
function keyOf(r: { manifest: string; path: string }): string {
  return `${r.manifest}\n${r.path}`;
}
await mkdir(dirname(values.out), { recursive: true });
const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [recorder] });
let recorded = 0;
try {
  for (const given of positionals) {
    const manifest = await manifestPath(given);
    const images = (await readManifest(manifest)).filter((e) => e.label === 'bona_fide' || e.attack === PIPELINES[pipeline].attackType);
    for (const [i, e] of images.entries()) {
      if (done.has(keyOf({ manifest, path: e.path }))) continue;
      quad = null;
      features = null;
      let reason: string | null = null;
      let scored = false;
      try {
        const result = await engine.analyse({ image: await readFile(e.path), pipelines: [pipeline], errorsToIgnore: ignore });
        scored = result.scores[pipeline] !== undefined;
        if (!scored) reason = pipelineStatus(result.findings, PIPELINES[pipeline], new Set(ignore));
      } catch (error) {
        reason = (error as Error).message;
      }
      const f = features as Float32Array | null;
      const record: FrontEndRecord = {
        manifest,
        path: e.path,
        quad: scored ? quad : null,
        reason,
        ignore: ignore.join(','),
        ...(scored && f !== null && extractor ? { featureNames: extractor.names, features: Array.from(f) } : {}),
      };
      await appendFile(values.out, `${JSON.stringify(record)}\n`);
      recorded++;
      if ((i + 1) % 20 === 0) process.stderr.write(`${manifest}: ${i + 1}/${images.length}\n`);
    }
  }
} finally {
  await engine.close();
}
process.stdout.write(`${values.out}: ${recorded} images recorded (${done.size} were already)\n`);
