// `doclive calibrate <manifest.jsonl> --pipeline NAME --out FILE`: fits REGULAR / SOFT / HARD thresholds and the
// sigmoid slope on the user's labelled images and writes a calibration file the server loads from
// IDLIVEDOC_SERVER_CALIBRATION_DIR (as <pipeline>.json).

import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { CALIBRATIONS, type IgnorableError } from '../domain/types.js';
import { PIPELINES, type PipelineName } from '../pipelines/registry.js';
import { readManifest } from '../eval/manifest.js';
import { runManifest } from '../eval/run.js';
import { metricScore, pipelineImages } from '../eval/evaluate.js';
import { errorRatesAt } from '../eval/metrics.js';
import { fitCalibration, type FitResult } from '../calibration/fit.js';
import { textTable } from '../eval/text.js';
import type { CliDeps } from './deps.js';
import { CliUsageError, parseIgnoreList, parsePipelineName, parsePositiveInteger, selectPipelines } from './options.js';
import { startProgress } from './progress.js';

export interface CalibrateOptions {
  readonly pipeline: PipelineName;
  readonly out: string;
  readonly ignore?: IgnorableError[];
  readonly workers?: number;
  readonly note?: string;
}

const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);

export async function runCalibrate(manifestPath: string, options: CalibrateOptions, deps: CliDeps): Promise<FitResult> {
  const entries = await readManifest(manifestPath);
  const workers = options.workers ?? deps.defaultWorkers;
  const engine = await deps.createEngine({ workers });
  let outcomes;
  try {
    const [pipeline] = selectPipelines([options.pipeline], engine.implementedPipelines());
    const progress = startProgress(entries.length, deps.stderr as NodeJS.WriteStream);
    outcomes = await runManifest(engine, entries, {
      pipelines: [pipeline as PipelineName],
      errorsToIgnore: options.ignore ?? [],
      noDocumentGate: false,
      concurrency: workers,
      onImageDone: (done) => progress.update(done),
    });
    progress.stop();
  } finally {
    await engine.close();
  }
  for (const o of outcomes) if (o.error !== null) deps.stderr.write(`skipped line ${o.entry.line} (${o.entry.image}): ${o.error}\n`);

  const attackType = PIPELINES[options.pipeline].attackType;
  const { bonaFide, attacks } = pipelineImages(outcomes, options.pipeline);
  const own = attacks.get(attackType) ?? [];
  const scoredOnly = (list: typeof bonaFide) => list.filter(({ outcome }) => outcome.status === 'OK').map(({ outcome }) => outcome.score as number);
  const data = { bonaFide: scoredOnly(bonaFide), attack: scoredOnly(own) };
  if (data.bonaFide.length === 0 || data.attack.length === 0) {
    throw new CliUsageError(
      `${options.pipeline} needs scored bona fide images and scored ${attackType} attacks to calibrate; ` +
        `the manifest gave ${data.bonaFide.length} scored bona fide (of ${bonaFide.length}) and ${data.attack.length} scored ${attackType} attacks (of ${own.length})`,
    );
  }
  const result = fitCalibration(data, {
    pipeline: options.pipeline,
    manifest: resolve(manifestPath),
    ...(options.note !== undefined ? { note: options.note } : {}),
  });
  await mkdir(dirname(resolve(options.out)), { recursive: true });
  await writeFile(options.out, JSON.stringify(result.calibration, null, 2) + '\n', 'utf8');

  // Rates on every readable image too: an image the document gate stopped is not accepted at any threshold.
  const all = { bonaFide: bonaFide.map(({ outcome }) => metricScore(outcome)), attack: own.map(({ outcome }) => metricScore(outcome)) };
  const unscored = bonaFide.length - data.bonaFide.length + own.length - data.attack.length;
  deps.stdout.write(
    `${options.pipeline} (${attackType}) calibrated on ${data.bonaFide.length} bona fide images and ${data.attack.length} attacks; slope k = ${result.calibration.k.toPrecision(4)}\n` +
      textTable(
        ['calibration', 'threshold t', 'APCER', 'BPCER', 'APCER (all images)', 'BPCER (all images)'],
        CALIBRATIONS.map((name) => {
          const point = result.calibration.thresholds[name];
          const rates = errorRatesAt(all, point.t);
          return [name, point.t.toPrecision(6), pct(point.apcer), pct(point.bpcer), pct(rates?.apcer ?? null), pct(rates?.bpcer ?? null)];
        }),
      ) +
      '\n' +
      (unscored > 0 ? `${unscored} image(s) did not reach a score (document not found, cropped, colourless ...): not used for fitting, counted as not accepted in "all images"\n` : '') +
      `written to ${options.out}\n`,
  );
  for (const warning of result.warnings) deps.stderr.write(`warning: ${warning}\n`);
  const expected = `${options.pipeline}.json`;
  deps.stderr.write(
    basename(options.out) === expected
      ? `the server uses it with IDLIVEDOC_SERVER_CALIBRATION_DIR=${dirname(resolve(options.out))}\n`
      : `the server looks for ${expected} in IDLIVEDOC_SERVER_CALIBRATION_DIR: copy or rename the file to that name\n`,
  );
  return result;
}

export function calibrateCommand(deps: CliDeps): Command {
  return new Command('calibrate')
    .summary('fit REGULAR / SOFT / HARD for one pipeline on your own labelled images')
    .description(
      'Fit a calibration for one pipeline on a labelled manifest (same format as eval): REGULAR at the equal-error point, ' +
        'SOFT at BPCER <= 1 %, HARD at APCER <= 1 %, and the slope of p = sigmoid(k (s - t)). Uses bona fide images and ' +
        "attacks of the pipeline's own type; prints the APCER/BPCER each calibration reaches and warns when the data are " +
        'too few for a 1 % target.',
    )
    .argument('<manifest>', 'manifest file (.jsonl)')
    .requiredOption('--pipeline <name>', 'pipeline (or alias) to calibrate', parsePipelineName)
    .requiredOption('--out <file>', 'calibration file to write; name it <pipeline>.json inside the directory given to the server as IDLIVEDOC_SERVER_CALIBRATION_DIR')
    .option('--ignore <list>', 'errors to ignore while scoring (as in the API): DOCUMENT_CROPPED, DOCUMENT_IS_COLORLESS', parseIgnoreList)
    .option('--note <text>', 'free text recorded in the file (e.g. where the images come from)')
    .option('--workers <n>', `analysis threads (default: one per core, ${deps.defaultWorkers} here)`, parsePositiveInteger)
    .action(async (manifest: string, options: CalibrateOptions) => {
      await runCalibrate(manifest, options, deps);
    });
}
