// What the CLI commands need from the outside world, so that tests can inject a test-double engine and capture
// output while the product wires the real engine, calibration files and process streams.

import type { AnalysisEngine } from '../analysis/types.js';
import type { CalibrationFile } from '../calibration/types.js';
import type { LivenessChecker } from '../check/service.js';
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

export interface CliDeps {
  /** The server's checker (src/check/service.ts) on `engine`, with `calibrationDir` (or null) as CALIBRATION_DIR. */
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
  /** Exit status for a command that finished but not entirely well (e.g. some images could not be checked). */
  setExitCode(code: number): void;
}
