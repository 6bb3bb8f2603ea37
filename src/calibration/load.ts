import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CALIBRATIONS } from '../domain/types.js';
import type { PipelineName } from '../pipelines/registry.js';
import type { CalibrationFile } from './types.js';

// Loads the calibration of every offered pipeline: models/<pipeline>/calibration.json as shipped, unless
// <IDLIVEDOC_SERVER_CALIBRATION_DIR>/<pipeline>.json exists (a user's own calibration, fitted with the CLI).

export interface CalibrationSources {
  /** The repository's models/ directory. */
  readonly modelsDir: string;
  /** IDLIVEDOC_SERVER_CALIBRATION_DIR, or null. */
  readonly overrideDir: string | null;
}

export function calibrationPath(pipeline: PipelineName, sources: CalibrationSources): string {
  if (sources.overrideDir !== null) {
    const override = join(sources.overrideDir, `${pipeline}.json`);
    if (existsSync(override)) return override;
  }
  return join(sources.modelsDir, pipeline, 'calibration.json');
}

/** Throws one Error naming every pipeline whose calibration is missing or invalid, and why. */
export function loadCalibrations(pipelines: readonly PipelineName[], sources: CalibrationSources): Map<PipelineName, CalibrationFile> {
  const loaded = new Map<PipelineName, CalibrationFile>();
  const problems: string[] = [];
  for (const pipeline of pipelines) {
    const path = calibrationPath(pipeline, sources);
    if (!existsSync(path)) {
      problems.push(`${pipeline}: no calibration file at ${path}`);
      continue;
    }
    try {
      loaded.set(pipeline, readCalibrationFile(path, pipeline));
    } catch (error) {
      problems.push(`${pipeline}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new Error(`Cannot load calibrations:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return loaded;
}

/** The calibration file at `path`, checked for `pipeline`; throws saying what is wrong (unreadable, not JSON, invalid). */
export function readCalibrationFile(path: string, pipeline: PipelineName): CalibrationFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path} (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message})`);
  }
  const fileProblems = calibrationProblems(parsed, pipeline);
  if (fileProblems.length > 0) throw new Error(`${path}: ${fileProblems.join('; ')}`);
  return Object.freeze(parsed as CalibrationFile);
}

/** Everything wrong with a parsed calibration file; empty when it is valid for `pipeline`. */
export function calibrationProblems(value: unknown, pipeline: PipelineName): string[] {
  if (typeof value !== 'object' || value === null) return ['must be a JSON object'];
  const file = value as Record<string, unknown>;
  const problems: string[] = [];
  if (file.format !== 'doclive-calibration/1') problems.push(`format must be "doclive-calibration/1"`);
  if (file.pipeline !== pipeline) problems.push(`pipeline must be "${pipeline}"`);
  if (typeof file.k !== 'number' || !Number.isFinite(file.k) || file.k <= 0) problems.push('k must be a number > 0');
  const thresholds = file.thresholds as Record<string, unknown> | undefined;
  if (typeof thresholds !== 'object' || thresholds === null) {
    problems.push(`thresholds must be an object with ${CALIBRATIONS.join(', ')}`);
  } else {
    for (const name of CALIBRATIONS) {
      const point = thresholds[name] as Record<string, unknown> | undefined;
      if (typeof point !== 'object' || point === null || typeof point.t !== 'number' || !Number.isFinite(point.t)) {
        problems.push(`thresholds.${name}.t must be a finite number`);
        continue;
      }
      for (const rate of ['apcer', 'bpcer'] as const) {
        const r = point[rate];
        if (typeof r !== 'number' || !(r >= 0 && r <= 1)) problems.push(`thresholds.${name}.${rate} must be a fraction in [0, 1]`);
      }
    }
  }
  const fitted = file.fitted_on as Record<string, unknown> | undefined;
  if (typeof fitted !== 'object' || fitted === null) problems.push('fitted_on must record the data the calibration was fitted on');
  return problems;
}
