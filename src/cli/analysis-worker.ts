// Worker thread of the CLI's pool: owns one analysis engine (its model sessions live as long as the thread) and
// analyses the images sent to it. Errors come back as data so that DocliveError codes survive the thread boundary.

import { workerData } from 'piscina';
import type { AnalysisEngine, AnalysisRequest, AnalysisResult } from '../analysis/types.js';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors.js';
import type { PipelineName } from '../pipelines/registry.js';
import { loadEngineFactory, type EngineOptions } from './engine-factory.js';

export interface WorkerSetup extends EngineOptions {
  readonly engineModule?: string;
}

export type WorkerTask = { readonly kind: 'pipelines' } | { readonly kind: 'analyse'; readonly request: AnalysisRequest };
export type WorkerReply =
  | { readonly ok: true; readonly pipelines?: readonly PipelineName[]; readonly result?: AnalysisResult }
  | { readonly ok: false; readonly code: ErrorCode | null; readonly message: string };

let engine: Promise<AnalysisEngine> | null = null;

function workerEngine(): Promise<AnalysisEngine> {
  const setup = workerData as WorkerSetup;
  engine ??= loadEngineFactory(setup.engineModule).then((create) => create({ maxImagePixels: setup.maxImagePixels }));
  return engine;
}

/** The engine's module graph may be a separate instance (tsx in dev), so DocliveError is recognised by shape. */
function errorCode(error: unknown): ErrorCode | null {
  const code = (error as { code?: unknown } | null)?.code;
  return (error as Error | null)?.name === 'DocliveError' && typeof code === 'string' && code in ERROR_CATALOGUE ? (code as ErrorCode) : null;
}

export default async function handle(task: WorkerTask): Promise<WorkerReply> {
  try {
    const analysis = await workerEngine();
    if (task.kind === 'pipelines') return { ok: true, pipelines: [...analysis.implementedPipelines()] };
    return { ok: true, result: await analysis.analyse(task.request) };
  } catch (error) {
    return { ok: false, code: errorCode(error), message: (error as Error).message };
  }
}
