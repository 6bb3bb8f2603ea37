// Runs the analysis over a manifest's images and collects one outcome per image. Images that cannot be read or
// analysed are recorded with the reason and skipped: never fatal. Concurrency matches the engine's workers so that
// both cores stay busy without queueing every image at once.

import { readFile } from 'node:fs/promises';
import type { AnalysisEngine } from '../analysis/types.js';
import { PIPELINES, type PipelineName } from '../pipelines/registry.js';
import { pipelineStatus } from '../domain/status.js';
import type { IgnorableError } from '../domain/types.js';
import type { ManifestEntry } from './manifest.js';
import type { ImageOutcome, PipelineOutcome } from './evaluate.js';

export interface RunOptions {
  readonly pipelines: readonly PipelineName[];
  readonly errorsToIgnore: readonly IgnorableError[];
  readonly noDocumentGate: boolean;
  /** Images analysed at once (the engine's worker count). */
  readonly concurrency: number;
  readonly onImageDone?: (done: number, total: number) => void;
}

async function analyseOne(engine: AnalysisEngine, entry: ManifestEntry, options: RunOptions): Promise<ImageOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(entry.path);
  } catch (error) {
    return { entry, error: `cannot read ${entry.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, findings: null, pipelines: {}, timeMs: null };
  }
  const started = performance.now();
  try {
    const result = await engine.analyse({
      image: bytes,
      pipelines: options.pipelines,
      errorsToIgnore: options.errorsToIgnore,
      ...(options.noDocumentGate ? { noDocumentGate: true } : {}),
    });
    const timeMs = performance.now() - started;
    const ignored = new Set(options.errorsToIgnore);
    const pipelines: Partial<Record<PipelineName, PipelineOutcome>> = {};
    for (const name of options.pipelines) {
      const raw = result.scores[name];
      // A score means the detector judged the image (with --no-document-gate also when no document was found).
      if (raw !== undefined) pipelines[name] = { status: 'OK', score: raw.score };
      else {
        const status = pipelineStatus(result.findings, PIPELINES[name], ignored);
        if (status === 'OK') throw new Error(`the engine returned no score for ${name} although its status is OK`);
        pipelines[name] = { status, score: null };
      }
    }
    return { entry, error: null, findings: result.findings, pipelines, timeMs };
  } catch (error) {
    return { entry, error: `cannot analyse ${entry.image}: ${(error as Error).message}`, findings: null, pipelines: {}, timeMs: null };
  }
}

/** Analyses every entry, in manifest order in the result. */
export async function runManifest(engine: AnalysisEngine, entries: readonly ManifestEntry[], options: RunOptions): Promise<ImageOutcome[]> {
  const outcomes: ImageOutcome[] = new Array(entries.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const index = next++;
      outcomes[index] = await analyseOne(engine, entries[index] as ManifestEntry, options);
      done += 1;
      options.onImageDone?.(done, entries.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, entries.length)) }, worker));
  return outcomes;
}
