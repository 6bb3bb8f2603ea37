import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import PQueue from 'p-queue';
import type { AnalysisEngine, AnalysisRequest, AnalysisResult } from '../analysis/types.js';
import { DocliveError } from '../errors.js';
import type { PipelineName } from '../pipelines/registry.js';
import { fromWorkerError, isWorkerLifecycleMessage, type AnalyseReply, type AnalyseTask, type WorkerSetup } from './protocol.js';
import { takeImageBytes } from './move-image.js';
import { BOOTSTRAP_WORKER_FILE, siblingWorkerFile } from './worker-file.js';

// The analysis engine behind a pool of worker threads (piscina), so that image analysis never blocks the event
// loop. Admission is ours, not piscina's: piscina's maxQueue does not count tasks that carry an AbortSignal, and
// aborting a running piscina task terminates its worker (its loaded models with it). Here at most `workers` tasks
// are handed to piscina, at most `maxQueue` wait in front of it; a waiting task whose signal aborts is dropped,
// a running one is left to finish on its worker (the caller is released at once, the slot when the work ends).

export interface PoolObserver {
  /**
   * Time a task waited for a worker, time its analysis took inside the worker, and the engine's own stage times
   * (decode, frontend, each pipeline) when it reports them.
   */
  taskTimed?(timing: { queueSeconds: number; analysisSeconds: number; stageSeconds?: Readonly<Record<string, number>> }): void;
  /** A worker died (crash, exit) and was replaced. */
  workerRestarted?(): void;
  /**
   * A worker reported a problem no check is waiting for: a replacement worker that could not create its engine
   * (the pool then runs with fewer workers), or an error outside any task. For the logs.
   */
  workerProblem?(message: string): void;
}

export interface PooledEngineOptions<EngineOptions> {
  /** Worker threads, each with its own engine (one per core is the usual choice). */
  readonly workers: number;
  /** Analyses that may wait for a free worker; one more is refused with ENGINE_OVERLOADED. */
  readonly maxQueue: number;
  /** Passed to the worker's engine factory (structured-cloned into each worker). */
  readonly engineOptions: EngineOptions;
  /**
   * Worker module (`export default serveEngine(...)`), a path; `.ts` modules are loaded through tsx (sources, tests),
   * `.js` natively. Default: the analysis worker next to this file (the real engine).
   */
  readonly workerFile?: string;
  /** How long start-up may take (engine creation and warm-up in every worker). */
  readonly startTimeoutMs?: number;
  readonly observer?: PoolObserver;
}

export interface PoolStats {
  /** Analyses running on a worker (including abandoned ones still finishing). */
  readonly running: number;
  /** Analyses waiting for a worker. */
  readonly queued: number;
  readonly workers: number;
  /** Workers that died and were replaced since start. */
  readonly workerRestarts: number;
}

export interface PooledAnalysisEngine extends AnalysisEngine {
  stats(): PoolStats;
}

const DEFAULT_START_TIMEOUT_MS = 120_000;

/**
 * V8's young generation of each worker (3 x the semi-space: 4 MB semi-spaces instead of V8's 16 MB). An analysis
 * allocates its large planes outside V8's heap (typed arrays' backing stores), so a small young generation costs no
 * measurable CPU while it keeps each worker's resident memory lower: with 2 workers and every pipeline, peak RSS
 * 755 -> 670-680 MiB and server CPU per check within the run-to-run spread (bench/http-throughput.ts, bench/README.md
 * "Integrator's reruns at the end of session 9"). Sessions 4-8 used 32 MB semi-spaces (about -12 % CPU on an
 * in-process benchmark then, "Round 4"); that gain did not show on the server over HTTP this session.
 * The rest of the GC settings are V8 flags, process-wide, so they are on the server's command line (package.json
 * "start": --single-threaded-gc --initial-old-space-size=128; docs/deployment.md).
 */
export const WORKER_YOUNG_GENERATION_MB = 12;

export async function createPooledAnalysisEngine<EngineOptions>(options: PooledEngineOptions<EngineOptions>): Promise<PooledAnalysisEngine> {
  if (!Number.isInteger(options.workers) || options.workers < 1) {
    throw new Error(`workers must be a whole number >= 1, got ${options.workers}`);
  }
  if (!Number.isInteger(options.maxQueue) || options.maxQueue < 0) {
    throw new Error(`maxQueue must be a whole number >= 0, got ${options.maxQueue}`);
  }
  const piscina = new Piscina<AnalyseTask, AnalyseReply>({
    // Every worker starts in the plain-JS bootstrap, which loads the worker module (see bootstrap-worker.mjs).
    filename: BOOTSTRAP_WORKER_FILE,
    minThreads: options.workers,
    maxThreads: options.workers,
    concurrentTasksPerWorker: 1,
    // Workers hold loaded models: never retire an idle one.
    idleTimeout: Infinity,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    workerData: {
      workerModule: options.workerFile ?? siblingWorkerFile(import.meta.url, 'analysis-worker'),
      engineOptions: options.engineOptions,
    } satisfies WorkerSetup<EngineOptions>,
  });

  // Listening from the very start: an 'error' event nobody listens to is thrown, crashing the process, and a failing
  // worker's death can be emitted between the start-up wait ending and the next listener (or destroy()).
  // Until start-up succeeds, errors belong to waitForWarmWorkers (its own listener), or to a start that has failed.
  let started = false;
  // A worker error with no task attached (e.g. a replacement failing to start) must not crash the process;
  // the failed task itself is answered through its own promise.
  piscina.on('error', (error: unknown) => {
    if (started) options.observer?.workerProblem?.(`analysis worker error: ${error instanceof Error ? error.message : String(error)}`);
  });

  let pipelines: readonly PipelineName[];
  try {
    pipelines = await waitForWarmWorkers(piscina, options.workers, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  } catch (error) {
    await piscina.destroy();
    throw error;
  }

  // Every worker created after start-up replaces one that died.
  let workerRestarts = 0;
  piscina.on('workerCreate', () => {
    workerRestarts++;
    options.observer?.workerRestarted?.();
  });
  started = true;
  piscina.on('message', (message: unknown) => {
    if (isWorkerLifecycleMessage(message) && message.type === 'doclive:worker-failed') {
      options.observer?.workerProblem?.(`a replacement analysis worker could not start: ${message.message}`);
    }
  });

  const queue = new PQueue({ concurrency: options.workers });
  let closing = false;

  const runOnWorker = async (task: AnalyseTask, enqueuedAt: number): Promise<AnalysisResult> => {
    const queueSeconds = (performance.now() - enqueuedAt) / 1000;
    let reply: AnalyseReply;
    try {
      reply = await piscina.run(task, { transferList: [task.image] });
    } catch (error) {
      throw new DocliveError('INTERNAL_ERROR', 'The analysis worker stopped unexpectedly while checking this image; retry the request.', { cause: error });
    }
    const stageSeconds = reply.ok && reply.result.stageMs !== undefined ? toSeconds(reply.result.stageMs) : undefined;
    options.observer?.taskTimed?.({ queueSeconds, analysisSeconds: reply.analysisMs / 1000, ...(stageSeconds ? { stageSeconds } : {}) });
    if (!reply.ok) throw fromWorkerError(reply.error);
    return reply.result;
  };

  return {
    implementedPipelines: () => pipelines,

    async analyse(request: AnalysisRequest, signal?: AbortSignal): Promise<AnalysisResult> {
      if (closing) throw new DocliveError('SERVICE_UNAVAILABLE', 'The analysis engine is shutting down; retry on another instance.');
      signal?.throwIfAborted();
      if (queue.pending >= options.workers && queue.size >= options.maxQueue) {
        throw new DocliveError(
          'ENGINE_OVERLOADED',
          `The server is busy: ${queue.pending} checks are running and ${queue.size} are waiting (IDLIVEDOC_SERVER_MAX_QUEUE=${options.maxQueue}). Retry later.`,
        );
      }
      // The bytes change owner at the call (the caller's buffer is detached now), then move on to the worker.
      const task: AnalyseTask = {
        image: takeImageBytes(request.image),
        pipelines: request.pipelines,
        errorsToIgnore: request.errorsToIgnore,
        ...(request.noDocumentGate === true ? { noDocumentGate: true } : {}),
        ...(request.explain === true ? { explain: true } : {}),
      };
      const enqueuedAt = performance.now();
      return admit(queue, () => runOnWorker(task, enqueuedAt), signal);
    },

    stats: () => ({ running: queue.pending, queued: queue.size, workers: options.workers, workerRestarts }),

    async close(): Promise<void> {
      if (closing) return;
      closing = true;
      await queue.onIdle();
      await piscina.destroy();
    },
  };
}

/**
 * Runs `work` through the queue. The caller's signal drops the task while it waits; once the task runs, the
 * signal only releases the caller (with the signal's reason) and the work finishes on its worker.
 */
async function admit<T>(queue: PQueue, work: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return queue.add(work);
  const whileWaiting = new AbortController();
  let started = false;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      if (!started) whileWaiting.abort(signal.reason);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const done = queue.add(
    () => {
      started = true;
      return work();
    },
    { signal: whileWaiting.signal },
  );
  // An abandoned task still settles later; its outcome is of no interest.
  done.catch(() => undefined);
  aborted.catch(() => undefined);
  try {
    return await Promise.race([done, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Resolves with the workers' pipelines once `count` workers have created and warmed up their engine. */
function waitForWarmWorkers(piscina: Piscina, count: number, timeoutMs: number): Promise<readonly PipelineName[]> {
  return new Promise((resolve, reject) => {
    const warm = new Set<number>();
    let pipelines: readonly PipelineName[] | null = null;
    const finish = (outcome: { error: Error } | { pipelines: readonly PipelineName[] }): void => {
      clearTimeout(timer);
      piscina.off('message', onMessage);
      piscina.off('error', onError);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.pipelines);
    };
    const onMessage = (message: unknown): void => {
      if (!isWorkerLifecycleMessage(message)) return;
      if (message.type === 'doclive:worker-failed') {
        finish({ error: new Error(`An analysis worker failed to start: ${message.message}`) });
        return;
      }
      if (pipelines !== null && pipelines.join() !== message.pipelines.join()) {
        finish({ error: new Error(`Workers disagree on the pipelines they implement: [${pipelines.join(', ')}] vs [${message.pipelines.join(', ')}]`) });
        return;
      }
      pipelines = message.pipelines;
      warm.add(message.threadId);
      if (warm.size >= count) finish({ pipelines });
    };
    const onError = (error: unknown): void => {
      const reason = error instanceof Error ? error.message : String(error);
      finish({ error: new Error(`An analysis worker failed to start: ${reason}`, { cause: error }) });
    };
    const timer = setTimeout(
      () => finish({ error: new Error(`Only ${warm.size} of ${count} analysis workers were ready after ${timeoutMs} ms`) }),
      timeoutMs,
    );
    piscina.on('message', onMessage);
    piscina.on('error', onError);
  });
}

function toSeconds(stageMs: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(stageMs).map(([stage, ms]) => [stage, ms / 1000]));
}
