// Feature vectors of a pipeline's extractor over labelled images, computed through the product's own analysis
// engine (decode, front-end, status gate), so training sees exactly the DetectorInput production sees. The engine
// is given a recording detector in place of the pipeline's model: its score() stores the features and returns 0.
// Results are cached per manifest as JSON lines, keyed by the manifest, the pipeline, its feature names and the
// options; pass `fresh` after changing an extractor's code without renaming its features.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import { pipelineStatus } from '../../src/domain/status.js';
import { IGNORABLE_ERRORS, isOneOf, type AttackType, type IgnorableError } from '../../src/domain/types.js';
import { readManifest, type ManifestEntry } from '../../src/eval/manifest.js';
import type { Detector } from '../../src/pipelines/detector.js';
import type { FeatureExtractor } from '../../src/pipelines/feature-detector.js';
import { PIPELINES, type PipelineName } from '../../src/pipelines/registry.js';

export interface FeatureRow {
  readonly image: string;
  readonly label: 'bona_fide' | 'attack';
  readonly attack: AttackType | null;
  /** Lab sidecar's attack subtype (physical, screenshot, color-laser, phone, ...) when there is one. */
  readonly subtype: string | null;
  readonly features: readonly number[];
}

export interface SkippedImage {
  readonly image: string;
  /** Pipeline status (DOCUMENT_NOT_FOUND, ...) or the analysis error. */
  readonly reason: string;
}

export interface ExtractOptions {
  readonly pipeline: PipelineName;
  readonly extractor: FeatureExtractor;
  /** Also keep attacks of other types (for per-attack analysis); default: bona fide + own attack type only. */
  readonly allAttacks?: boolean;
  readonly errorsToIgnore?: readonly IgnorableError[];
  readonly noDocumentGate?: boolean;
  /**
   * Judge every image as a whole: the detector gets the input without its document, as it does under
   * `--no-document-gate` when no document is found (rows for a pipeline's whole-image mode, e.g. vulture-sr's).
   */
  readonly wholeImage?: boolean;
  /** Cache folder; none = no cache. */
  readonly cacheDir?: string;
  readonly fresh?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ExtractedSet {
  readonly manifest: string;
  readonly rows: readonly FeatureRow[];
  readonly skipped: readonly SkippedImage[];
}

/** Feature cache folder the lab/detectors scripts share by default (train.ts fills it, the others read it). */
export const DEFAULT_FEATURE_CACHE = join(tmpdir(), 'doclive-features');

/** An --ignore value (comma-separated error codes) as ignorable errors; anything else is rejected. */
export function parseIgnoreList(text: string | undefined): IgnorableError[] {
  const codes = (text ?? '').split(',').filter((s) => s.length > 0);
  for (const e of codes) if (!isOneOf(IGNORABLE_ERRORS, e)) throw new Error(`--ignore accepts ${IGNORABLE_ERRORS.join(', ')}; got ${e}`);
  return codes as IgnorableError[];
}

/** A manifest path or a folder holding manifest.jsonl. */
export async function manifestPath(pathOrDir: string): Promise<string> {
  const full = resolve(pathOrDir);
  return (await stat(full)).isDirectory() ? join(full, 'manifest.jsonl') : full;
}

/** The lab sidecar (<image>.json) subtype: attackSubtype, else the print process, else the display class. */
export async function sidecarSubtype(imagePath: string): Promise<string | null> {
  const sidecar = imagePath.replace(/\.[^./]+$/, '.json');
  try {
    const params = (JSON.parse(await readFile(sidecar, 'utf8')) as { params?: Record<string, unknown> }).params ?? {};
    const attack = params.attack as { process?: string; display?: { displayClass?: string } } | undefined;
    const value = params.attackSubtype ?? attack?.process ?? attack?.display?.displayClass ?? null;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

function wanted(entry: ManifestEntry, pipeline: PipelineName, allAttacks: boolean): boolean {
  return entry.label === 'bona_fide' || allAttacks || entry.attack === PIPELINES[pipeline].attackType;
}

/** Cache file of one manifest's features for these options (lab/detectors/subset-cache.ts writes it for a subset extractor). */
export function cacheFile(options: ExtractOptions, manifest: string, mtimeMs: number): string {
  const key = JSON.stringify([manifest, mtimeMs, options.pipeline, options.extractor.names, options.allAttacks ?? false, options.errorsToIgnore ?? [], options.noDocumentGate ?? false, ...(options.wholeImage ? ['whole-image'] : [])]);
  return join(options.cacheDir!, `${options.pipeline}-${createHash('sha1').update(key).digest('hex').slice(0, 16)}.json`);
}

/** Feature rows of one manifest (bona fide + the pipeline's attacks unless allAttacks). */
export async function extractFeatures(pathOrDir: string, options: ExtractOptions): Promise<ExtractedSet> {
  const manifest = await manifestPath(pathOrDir);
  const cache = options.cacheDir ? cacheFile(options, manifest, (await stat(manifest)).mtimeMs) : null;
  if (cache !== null && options.fresh !== true) {
    try {
      return JSON.parse(await readFile(cache, 'utf8')) as ExtractedSet;
    } catch {
      // not cached yet
    }
  }
  const entries = (await readManifest(manifest)).filter((e) => wanted(e, options.pipeline, options.allAttacks ?? false));
  let captured: Float32Array | null = null;
  const recorder: Detector = {
    name: options.pipeline,
    async score(input) {
      captured = await options.extractor.extract(options.wholeImage ? { ...input, document: null } : input);
      return 0;
    },
    async dispose() {},
  };
  const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [recorder] });
  const rows: FeatureRow[] = [];
  const skipped: SkippedImage[] = [];
  const ignored = new Set(options.errorsToIgnore ?? []);
  try {
    for (const [index, entry] of entries.entries()) {
      captured = null;
      try {
        const result = await engine.analyse({
          image: await readFile(entry.path),
          pipelines: [options.pipeline],
          errorsToIgnore: options.errorsToIgnore ?? [],
          ...(options.noDocumentGate || options.wholeImage ? { noDocumentGate: true } : {}),
        });
        const features = captured as Float32Array | null;
        if (features === null) skipped.push({ image: entry.path, reason: pipelineStatus(result.findings, PIPELINES[options.pipeline], ignored) });
        else rows.push({ image: entry.path, label: entry.label, attack: entry.attack, subtype: await sidecarSubtype(entry.path), features: Array.from(features) });
      } catch (error) {
        skipped.push({ image: entry.path, reason: (error as Error).message });
      }
      options.onProgress?.(index + 1, entries.length);
    }
  } finally {
    await engine.close();
  }
  const set: ExtractedSet = { manifest, rows, skipped };
  if (cache !== null) {
    await mkdir(options.cacheDir!, { recursive: true });
    await writeFile(cache, JSON.stringify(set));
  }
  return set;
}
