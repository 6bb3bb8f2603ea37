// An AnalysisEngine that spreads images over worker threads (piscina), one engine per thread, so that `doclive
// check` and `doclive eval` use every core. Independent of the server's own pool.

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { AnalysisEngine, AnalysisRequest, AnalysisResult } from '../analysis/types.js';
import { DocliveError } from '../errors.js';
import type { PipelineName } from '../pipelines/registry.js';
import type { EngineOptions } from './engine-factory.js';
import type { WorkerReply, WorkerSetup, WorkerTask } from './analysis-worker.js';

export interface PoolOptions extends EngineOptions {
  /** Worker threads; default: one per core. */
  readonly workers?: number;
  /** Module exporting createAnalysisEngine, as a file URL; default src/analysis/engine (tests pass a double). */
  readonly engineModule?: string;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

// Under tsx (a dev clone) this module is a .ts file and so is the worker; in the build both are .js.
const workerFile = new URL(`./analysis-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

function unwrap(reply: WorkerReply): Extract<WorkerReply, { ok: true }> {
  if (reply.ok) return reply;
  throw reply.code !== null ? new DocliveError(reply.code, reply.message) : new Error(reply.message);
}

export async function createPooledEngine(options: PoolOptions): Promise<AnalysisEngine & { readonly workers: number }> {
  const workers = options.workers ?? defaultWorkerCount();
  const pool = new Piscina<WorkerTask, WorkerReply>({
    filename: workerFile,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: {
      maxImagePixels: options.maxImagePixels,
      ...(options.engineModule !== undefined ? { engineModule: options.engineModule } : {}),
    } satisfies WorkerSetup,
  });
  let pipelines: readonly PipelineName[];
  try {
    pipelines = unwrap(await pool.run({ kind: 'pipelines' })).pipelines ?? [];
  } catch (error) {
    await pool.destroy();
    throw error;
  }
  return {
    workers,
    implementedPipelines: () => pipelines,
    async analyse(request: AnalysisRequest): Promise<AnalysisResult> {
      const reply = unwrap(await pool.run({ kind: 'analyse', request }));
      if (reply.result === undefined) throw new Error('the analysis worker returned no result');
      return reply.result;
    },
    close: () => pool.destroy(),
  };
}
