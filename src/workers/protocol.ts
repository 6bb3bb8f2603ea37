import type { AnalysisResult } from '../analysis/types.js';
import type { IgnorableError } from '../domain/types.js';
import { DocliveError, ERROR_CATALOGUE, type ErrorCode } from '../errors.js';
import type { PipelineName } from '../pipelines/registry.js';

// What crosses the thread boundary between the pool (main thread) and a worker. Errors travel as plain data
// because structured cloning keeps neither the class nor the code of a DocliveError.

/**
 * The workerData of every pool worker: the module that bootstrap-worker.mjs loads (it exports
 * `serveEngine(factory)`) and the options its engine factory receives.
 */
export interface WorkerSetup<EngineOptions = unknown> {
  readonly workerModule: string;
  readonly engineOptions: EngineOptions;
}

/** One analysis; `image` is moved (transfer list), never copied. */
export interface AnalyseTask {
  readonly image: ArrayBuffer;
  readonly pipelines: readonly PipelineName[];
  readonly errorsToIgnore: readonly IgnorableError[];
  readonly noDocumentGate?: boolean;
  /** AnalysisRequest.explain; the reply's result then carries its (structured-cloneable) explanation. */
  readonly explain?: boolean;
}

export type WorkerError =
  /** An error the engine meant for the client (bad image, unknown pipeline ...). */
  | { readonly kind: 'doclive'; readonly code: ErrorCode; readonly message: string }
  /** Anything else: reported as a 500 without its message; the message is kept as the cause for the logs. */
  | { readonly kind: 'unexpected'; readonly message: string };

export type AnalyseReply =
  | { readonly ok: true; readonly result: AnalysisResult; readonly analysisMs: number }
  | { readonly ok: false; readonly error: WorkerError; readonly analysisMs: number };

/** Posted by a worker on its parent port once its engine is created and warmed up. */
export interface WorkerReadyMessage {
  readonly type: 'doclive:worker-ready';
  readonly threadId: number;
  readonly pipelines: readonly PipelineName[];
}

/**
 * Posted by a worker whose engine could not be created or warmed up, just before it fails. Piscina's own error for
 * that worker may not carry the reason (under tsx its module loader retries and reports its own failure instead).
 */
export interface WorkerFailedMessage {
  readonly type: 'doclive:worker-failed';
  readonly message: string;
}

export type WorkerLifecycleMessage = WorkerReadyMessage | WorkerFailedMessage;

export function isWorkerLifecycleMessage(message: unknown): message is WorkerLifecycleMessage {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  return type === 'doclive:worker-ready' || type === 'doclive:worker-failed';
}

export function toWorkerError(error: unknown): WorkerError {
  if (error instanceof DocliveError) return { kind: 'doclive', code: error.code, message: error.message };
  return { kind: 'unexpected', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

export function fromWorkerError(error: WorkerError): DocliveError {
  if (error.kind === 'doclive' && error.code in ERROR_CATALOGUE) return new DocliveError(error.code, error.message);
  return new DocliveError('INTERNAL_ERROR', 'The analysis failed unexpectedly; the failure was logged.', {
    cause: new Error(error.message),
  });
}
