import { parentPort, threadId, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { AnalysisEngine } from '../analysis/types.js';
import type { AnalyseReply, AnalyseTask, WorkerFailedMessage, WorkerReadyMessage, WorkerSetup } from './protocol.js';
import { toWorkerError } from './protocol.js';
import { warmUp } from './warm-up.js';

export type EngineFactory<Options> = (options: Options) => Promise<AnalysisEngine>;
export type AnalyseHandler = (task: AnalyseTask) => Promise<AnalyseReply>;

/**
 * Worker side of the pool. Creates this worker's engine once (its models load once per worker), warms it up,
 * tells the pool it is ready, and returns the task handler. A worker file does
 * `export default serveEngine(createMyEngine)`; bootstrap-worker.mjs loads it and piscina awaits the exported promise before sending tasks, and a
 * rejected promise (engine creation failed) fails the worker, which the pool reports at start-up.
 */
export async function serveEngine<Options>(create: EngineFactory<Options>): Promise<AnalyseHandler> {
  let engine: AnalysisEngine;
  try {
    engine = await create((workerData as WorkerSetup<Options>).engineOptions);
    await warmUp(engine);
  } catch (error) {
    const failed: WorkerFailedMessage = { type: 'doclive:worker-failed', message: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage(failed);
    throw error;
  }
  const ready: WorkerReadyMessage = { type: 'doclive:worker-ready', threadId, pipelines: engine.implementedPipelines() };
  parentPort?.postMessage(ready);

  return async (task: AnalyseTask): Promise<AnalyseReply> => {
    const started = performance.now();
    try {
      const result = await engine.analyse({
        // Buffer over the moved ArrayBuffer: no copy.
        image: Buffer.from(task.image),
        pipelines: task.pipelines,
        errorsToIgnore: task.errorsToIgnore,
        ...(task.noDocumentGate === true ? { noDocumentGate: true } : {}),
        ...(task.explain === true ? { explain: true } : {}),
      });
      return { ok: true, result, analysisMs: performance.now() - started };
    } catch (error) {
      return { ok: false, error: toWorkerError(error), analysisMs: performance.now() - started };
    }
  };
}
