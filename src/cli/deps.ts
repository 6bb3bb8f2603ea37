// What the CLI commands need from the outside world, so that tests can inject a test-double engine and capture
// output while the product wires the real engine, calibration files and process streams.

import type { AnalysisEngine } from '../analysis/types.js';
import type { CalibrationFile } from '../calibration/types.js';
import type { CalibrationName, IgnorableError } from '../domain/types.js';
import type { PipelineName } from '../pipelines/registry.js';

export interface LoadedCalibration {
  readonly file: CalibrationFile;
  /** Where it was read from (shown in reports). */
  readonly source: string;
}

export type CalibrationSet = Partial<Record<PipelineName, LoadedCalibration>>;

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** One /check_liveness request, transport-free (as src/check/service.ts takes it). */
export interface CheckRequest {
  readonly image: Uint8Array;
  /** Names or aliases as the user typed them (aliases are echoed back). */
  readonly pipelines: readonly { readonly requested: string; readonly calibration?: CalibrationName }[];
  readonly errorsToIgnore: readonly IgnorableError[];
}

/** The /check_liveness response body, as far as the CLI reads it (it prints the rest as it is). */
export interface CheckResponseBody {
  readonly aggregate_liveness_probability?: number;
  readonly aggregate_image_quality_warnings?: readonly string[];
  readonly pipeline_results: readonly {
    readonly pipeline_name: string;
    readonly calibration: string;
    readonly result: {
      readonly status_code: string;
      readonly liveness_probability?: number;
      readonly liveness_score?: number;
      readonly image_quality_warnings?: readonly string[];
    };
  }[];
}

export interface LivenessChecker {
  check(request: CheckRequest): Promise<CheckResponseBody>;
}

export interface CliDeps {
  /** The server's checker on top of `engine`, with `calibrationDir` (or null) as CALIBRATION_DIR. */
  createChecker(engine: AnalysisEngine, calibrationDir: string | null): Promise<LivenessChecker>;
  /** An engine running on `workers` threads. */
  createEngine(options: { workers: number }): Promise<AnalysisEngine>;
  /** Calibration per pipeline as the server would load it, with `calibrationDir` (or null) as CALIBRATION_DIR. */
  loadCalibrations(pipelines: readonly PipelineName[], calibrationDir: string | null): Promise<CalibrationSet>;
  /** Default worker count (cores). */
  readonly defaultWorkers: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}
