// The engine behind `doclive check`, `eval` and `calibrate`: the server's worker pool (src/workers/pool.ts), one
// analysis engine per worker thread, so that the commands use every core with exactly the code the server runs.

import { availableParallelism } from 'node:os';
import { createPooledAnalysisEngine, type PooledAnalysisEngine } from '../workers/pool.js';

export interface CliEngineOptions {
  /** Worker threads, each with its own engine (the commands default to one per core). */
  readonly workers: number;
  readonly maxImagePixels: number;
  /** Worker module; default the real analysis worker. Tests pass one serving a test-double engine. */
  readonly workerFile?: string;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export function createCliEngine(options: CliEngineOptions): Promise<PooledAnalysisEngine> {
  return createPooledAnalysisEngine({
    workers: options.workers,
    // The commands keep at most `workers` images in flight, so nothing waits for long; a queue as deep again is
    // slack, never a limit a command meets (the server's IDLIVEDOC_SERVER_MAX_QUEUE does not apply here).
    maxQueue: options.workers,
    engineOptions: { maxImagePixels: options.maxImagePixels },
    ...(options.workerFile === undefined ? {} : { workerFile: options.workerFile }),
  });
}
