// `doclive check <image|dir>...`: the /check_liveness answer for each image, computed by the server's own checker
// on the local engine, as a table or as JSON lines ({"file", ...response body} or {"file", "error"}).

import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { DEFAULT_CALIBRATION, type CalibrationName, type IgnorableError } from '../domain/types.js';
import { allPipelineSpellings, type PipelineName } from '../pipelines/registry.js';
import { isDocliveError } from '../errors.js';
import type { LivenessChecker } from '../check/service.js';
import type { CheckRequest, CheckResponse } from '../check/types.js';
import type { CliDeps } from './deps.js';
import { CliUsageError, parseCalibrationList, parseDirectory, parseIgnoreList, parsePositiveInteger } from './options.js';
import { IMAGE_EXTENSIONS, expandImagePaths } from './image-files.js';
import { startProgress } from './progress.js';
import { textTable } from '../eval/text.js';

export interface CheckOptions {
  readonly pipelines?: string;
  readonly calibration?: CalibrationName[];
  readonly ignore?: IgnorableError[];
  readonly json?: boolean;
  readonly calibrationDir?: string;
  readonly workers?: number;
}

export type CheckLine = { readonly file: string } & ({ readonly error: string } | CheckResponse);

function requestedPipelines(value: string | undefined, available: readonly PipelineName[]): string[] {
  if (value === undefined) {
    if (available.length === 0) throw new CliUsageError('this build has no trained detector yet: no pipeline can be checked');
    return [...available];
  }
  const names = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (names.length === 0) throw new CliUsageError(`--pipelines needs at least one of ${allPipelineSpellings().join(', ')}`);
  return names;
}

async function checkOne(checker: LivenessChecker, file: string, request: Omit<CheckRequest, 'image'>): Promise<CheckLine> {
  let image: Uint8Array;
  try {
    image = await readFile(file);
  } catch (error) {
    return { file, error: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  try {
    return { file, ...(await checker.check({ image, ...request })) };
  } catch (error) {
    return { file, error: (error as Error).message };
  }
}

function formatProbability(p: number | undefined): string {
  return p === undefined ? '' : p.toFixed(3);
}

function tableRows(lines: readonly CheckLine[], pipelines: readonly string[]): string[][] {
  return lines.map((line) => {
    if ('error' in line) return [line.file, 'error', ...pipelines.map(() => ''), line.error];
    const cells = pipelines.map((_, i) => {
      const result = line.pipeline_results[i]?.result;
      if (result === undefined) return '';
      return result.status_code === 'OK' ? formatProbability(result.liveness_probability) : result.status_code;
    });
    const aggregate = line.aggregate_liveness_probability;
    const verdict = aggregate === undefined ? 'not checked' : aggregate > 0.5 ? `live ${formatProbability(aggregate)}` : `NOT LIVE ${formatProbability(aggregate)}`;
    return [line.file, verdict, ...cells, (line.aggregate_image_quality_warnings ?? []).join(' ')];
  });
}

export async function runCheck(paths: readonly string[], options: CheckOptions, deps: CliDeps): Promise<CheckLine[]> {
  const files = await expandImagePaths(paths);
  if (files.length === 0) throw new CliUsageError(`no image found in ${paths.join(', ')} (looked for files ending in ${IMAGE_EXTENSIONS.join(' ')})`);
  const workers = options.workers ?? deps.defaultWorkers;
  const engine = await deps.createEngine({ workers });
  try {
    const pipelines = requestedPipelines(options.pipelines, engine.implementedPipelines());
    const calibrations = options.calibration ?? [];
    if (calibrations.length > 1 && calibrations.length !== pipelines.length) {
      throw new CliUsageError(`give one calibration for every pipeline, or one for all: ${calibrations.length} calibrations for ${pipelines.length} pipelines`);
    }
    const request = {
      pipelines: pipelines.map((requested, i) => ({ requested, calibration: calibrations.length === 1 ? (calibrations[0] as CalibrationName) : (calibrations[i] ?? DEFAULT_CALIBRATION) })),
      errorsToIgnore: options.ignore ?? [],
    };
    const checker = await deps.createChecker(engine, options.calibrationDir ?? deps.env.IDLIVEDOC_SERVER_CALIBRATION_DIR ?? null);
    // The request is the same for every image: the checker's own validation (names, availability, license)
    // runs once, so a bad pipeline is one clear message rather than an error per image.
    try {
      checker.plan(request.pipelines, request.errorsToIgnore);
    } catch (error) {
      if (isDocliveError(error)) throw new CliUsageError(error.message);
      throw error;
    }
    const lines: CheckLine[] = new Array(files.length);
    const progress = startProgress(files.length, deps.stderr as NodeJS.WriteStream);
    let next = 0;
    let done = 0;
    let printed = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const index = next++;
        lines[index] = await checkOne(checker, files[index] as string, request);
        done += 1;
        progress.update(done);
        // JSON lines stream out in argument order as soon as every earlier image is done.
        while (options.json === true && printed < files.length && lines[printed] !== undefined) {
          deps.stdout.write(JSON.stringify(lines[printed]) + '\n');
          printed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, files.length) }, worker));
    progress.stop();
    if (options.json !== true) deps.stdout.write(textTable(['file', 'verdict', ...pipelines, 'warnings / error'], tableRows(lines, pipelines)) + '\n');
    return lines;
  } finally {
    await engine.close();
  }
}

export function checkCommand(deps: CliDeps): Command {
  return new Command('check')
    .summary('the /check_liveness answer for images or directories (table or JSON lines)')
    .description(
      'Check images as POST /check_liveness would: for each image the liveness probability per pipeline and the aggregate ' +
        '(live when > 0.5), or the status code that stopped a pipeline. Directories are walked for image files. ' +
        'Exit code 1 when any image could not be checked.',
    )
    .argument('<paths...>', 'image files and/or directories')
    .option('--pipelines <list>', 'comma-separated pipelines or aliases, echoed as given (default: every pipeline this build has)')
    .option('--calibration <list>', 'REGULAR (default), SOFT or HARD: one for all pipelines, or one per pipeline in --pipelines order', parseCalibrationList)
    .option('--ignore <list>', 'errors to ignore, as errors_to_ignore in the API: DOCUMENT_CROPPED, DOCUMENT_IS_COLORLESS', parseIgnoreList)
    .option('--calibration-dir <dir>', 'directory with <pipeline>.json calibration files (default: $IDLIVEDOC_SERVER_CALIBRATION_DIR)', parseDirectory)
    .option('--json', 'one JSON line per image: {"file", ...response body} or {"file", "error"}')
    .option('--workers <n>', `analysis threads (default: one per core, ${deps.defaultWorkers} here)`, parsePositiveInteger)
    .action(async (paths: string[], options: CheckOptions) => {
      const lines = await runCheck(paths, options, deps);
      if (lines.some((line) => 'error' in line)) deps.setExitCode(1);
    });
}
