// Parsing of the CLI's list options, with messages that say what was wrong and what is accepted.

import { statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { CALIBRATIONS, IGNORABLE_ERRORS, isOneOf, type CalibrationName, type IgnorableError } from '../domain/types.js';
import { allPipelineSpellings, resolvePipelineName, type PipelineName } from '../pipelines/registry.js';

function splitList(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/** "a,b" -> pipeline names (aliases resolved, duplicates removed). */
export function parsePipelineList(value: string): PipelineName[] {
  const names = splitList(value);
  if (names.length === 0) throw new InvalidArgumentError(`give at least one pipeline, one of ${allPipelineSpellings().join(', ')}`);
  const resolved: PipelineName[] = [];
  for (const name of names) {
    const pipeline = resolvePipelineName(name);
    if (pipeline === null) throw new InvalidArgumentError(`unknown pipeline "${name}": must be one of ${allPipelineSpellings().join(', ')}`);
    if (!resolved.includes(pipeline)) resolved.push(pipeline);
  }
  return resolved;
}

export function parsePipelineName(value: string): PipelineName {
  const pipeline = resolvePipelineName(value.trim());
  if (pipeline === null) throw new InvalidArgumentError(`unknown pipeline "${value}": must be one of ${allPipelineSpellings().join(', ')}`);
  return pipeline;
}

/** "DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS" -> ignorable errors. */
export function parseIgnoreList(value: string): IgnorableError[] {
  const errors: IgnorableError[] = [];
  for (const name of splitList(value)) {
    if (!isOneOf(IGNORABLE_ERRORS, name)) throw new InvalidArgumentError(`"${name}" cannot be ignored: only ${IGNORABLE_ERRORS.join(', ')} may be`);
    if (!errors.includes(name)) errors.push(name);
  }
  return errors;
}

/** "REGULAR" or "SOFT,HARD" (one per pipeline, as the API's calibrations parameter). */
export function parseCalibrationList(value: string): CalibrationName[] {
  const names = splitList(value);
  for (const name of names) {
    if (!isOneOf(CALIBRATIONS, name)) throw new InvalidArgumentError(`unknown calibration "${name}": must be one of ${CALIBRATIONS.join(', ')}`);
  }
  return names as CalibrationName[];
}

export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`must be a whole number >= 1, got "${value}"`);
  return n;
}

/** Checks requested pipelines against what the engine implements; null request = every implemented one. */
export function selectPipelines(requested: readonly PipelineName[] | undefined, available: readonly PipelineName[]): PipelineName[] {
  if (requested === undefined) return [...available];
  const missing = requested.filter((p) => !available.includes(p));
  if (missing.length > 0) {
    const offered = available.length === 0 ? 'none (this build has no trained detector yet)' : available.join(', ');
    throw new CliUsageError(`pipeline${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not available in this build; available: ${offered}`);
  }
  return [...requested];
}

/** A user error the CLI reports in one line, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** --calibration-dir must name an existing directory (a typo would otherwise silently use the shipped files). */
export function parseDirectory(value: string): string {
  let isDirectory = false;
  try {
    isDirectory = statSync(value).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new InvalidArgumentError(`"${value}" is not a directory: give the directory holding <pipeline>.json calibration files`);
  return value;
}
