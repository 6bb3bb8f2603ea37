// `doclive eval <manifest.jsonl>`: runs the analysis over a labelled manifest and reports ISO/IEC 30107-3 metrics.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import type { IgnorableError } from '../domain/types.js';
import type { PipelineName } from '../pipelines/registry.js';
import { readManifest } from '../eval/manifest.js';
import { runManifest } from '../eval/run.js';
import { summarise, type EvaluationSummary } from '../eval/evaluate.js';
import { writeReport } from '../eval/report.js';
import { formatSummaryText } from '../eval/text.js';
import type { CliDeps } from './deps.js';
import { parseDirectory, parseIgnoreList, parsePipelineList, parsePositiveInteger, selectPipelines } from './options.js';
import { startProgress } from './progress.js';

export interface EvalOptions {
  readonly pipelines?: PipelineName[];
  readonly ignore?: IgnorableError[];
  readonly calibrationDir?: string;
  readonly json?: string;
  readonly report?: string;
  readonly documentGate: boolean;
  readonly workers?: number;
}

export async function runEval(manifestPath: string, options: EvalOptions, deps: CliDeps): Promise<EvaluationSummary> {
  const entries = await readManifest(manifestPath);
  const workers = options.workers ?? deps.defaultWorkers;
  const engine = await deps.createEngine({ workers });
  try {
    const pipelines = selectPipelines(options.pipelines, engine.implementedPipelines());
    const calibrationDir = options.calibrationDir ?? deps.env.IDLIVEDOC_SERVER_CALIBRATION_DIR ?? null;
    const calibrations = await deps.loadCalibrations(pipelines, calibrationDir);
    const progress = startProgress(entries.length, deps.stderr as NodeJS.WriteStream);
    const noDocumentGate = !options.documentGate;
    const outcomes = await runManifest(engine, entries, {
      pipelines,
      errorsToIgnore: options.ignore ?? [],
      noDocumentGate,
      concurrency: workers,
      onImageDone: (done) => progress.update(done),
    });
    progress.stop();
    const summary = summarise({ manifest: manifestPath, outcomes, pipelines, calibrations, noDocumentGate });
    for (const skipped of summary.unreadable_images) deps.stderr.write(`skipped line ${skipped.line} (${skipped.image}): ${skipped.error}\n`);
    if (options.json !== '-') deps.stdout.write(formatSummaryText(summary));
    const json = JSON.stringify(summary, null, 2) + '\n';
    if (options.json === '-') deps.stdout.write(json);
    else if (options.json !== undefined) {
      await mkdir(dirname(options.json), { recursive: true });
      await writeFile(options.json, json, 'utf8');
      deps.stderr.write(`metrics written to ${options.json}\n`);
    }
    if (options.report !== undefined) {
      await mkdir(dirname(options.report), { recursive: true });
      await writeReport(options.report, { summary, outcomes, calibrations });
      deps.stderr.write(`report written to ${options.report}\n`);
    }
    return summary;
  } finally {
    await engine.close();
  }
}

export function evalCommand(deps: CliDeps): Command {
  return new Command('eval')
    .summary('measure doclive on a labelled manifest: ISO/IEC 30107-3 metrics, JSON, HTML report')
    .description(
      'Measure doclive on a labelled manifest (JSON lines: {"image", "label": "bona_fide"|"attack", "attack", "quad"?, "document_type"?}; ' +
        'image paths relative to the manifest). Prints APCER/BPCER per calibration, EER, ROC AUC, BPCER@APCER 1 %/5 %, ' +
        'APCER@BPCER 1 % per pipeline over bona fide images and attacks of its own type, a per-attack-type breakdown, ' +
        'localisation IoU and timing. Unreadable images are reported and skipped.',
    )
    .argument('<manifest>', 'manifest file (.jsonl)')
    .option('--pipelines <list>', 'comma-separated pipelines or aliases (default: every pipeline this build has)', parsePipelineList)
    .option('--ignore <list>', 'errors to ignore, as errors_to_ignore in the API: DOCUMENT_CROPPED, DOCUMENT_IS_COLORLESS', parseIgnoreList)
    .option('--calibration-dir <dir>', 'directory with <pipeline>.json calibration files overriding the shipped ones (default: $IDLIVEDOC_SERVER_CALIBRATION_DIR)', parseDirectory)
    .option('--json <file>', 'write the metrics as JSON to this file ("-" for stdout instead of the table)')
    .option('--report <file>', 'write a self-contained HTML report (DET/ROC curves, histograms, tables, worst misses)')
    .addOption(new Option('--no-document-gate', 'research only: where no document is found, let each detector judge the whole image instead of answering DOCUMENT_NOT_FOUND (never available in the API)'))
    .option('--workers <n>', `analysis threads (default: one per core, ${deps.defaultWorkers} here)`, parsePositiveInteger)
    .action(async (manifest: string, options: EvalOptions) => {
      await runEval(manifest, options, deps);
    });
}
