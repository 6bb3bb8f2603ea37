// CLI harness for tests: the doclive program wired to the test-double engine, output captured, exits thrown.
import type { Command } from 'commander';
import { createAnalysisEngine } from './analysis-engine.js';
import type { CalibrationSet, CliDeps } from '../../src/cli/deps.js';
import { buildProgram } from '../../src/cli/program.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import type { CalibrationFile } from '../../src/calibration/types.js';
import { createLivenessChecker } from '../../src/check/service.js';
import { openLicenseState } from '../../src/license/state.js';
import { resolveOffering } from '../../src/pipelines/offering.js';

/** p = sigmoid(s - t) with t = 0 (REGULAR), -1 (SOFT), 1 (HARD). */
export function unitCalibration(pipeline: PipelineName): CalibrationFile {
  return {
    format: 'doclive-calibration/1',
    pipeline,
    k: 1,
    thresholds: { REGULAR: { t: 0, apcer: 0, bpcer: 0 }, SOFT: { t: -1, apcer: 0, bpcer: 0 }, HARD: { t: 1, apcer: 0, bpcer: 0 } },
    fitted_on: { manifest: 'test', n_bona_fide: 0, n_attack: 0, date: '2026-01-01' },
  };
}

export function testDeps(calibrations: CalibrationSet = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const exitCodes: number[] = [];
  const requested: { pipelines: readonly PipelineName[]; dir: string | null }[] = [];
  const deps: CliDeps = {
    createEngine: () => createAnalysisEngine({ maxImagePixels: 1e6 }),
    // The server's real checker on the test-double engine, every pipeline open, a fixed calibration.
    createChecker: async (engine) => {
      const license = openLicenseState();
      const offering = resolveOffering(engine.implementedPipelines(), null, license);
      const checkerCalibrations = new Map(offering.offered.map((pipeline) => [pipeline, calibrations[pipeline]?.file ?? unitCalibration(pipeline)]));
      return createLivenessChecker({ engine, offering, license, calibrations: checkerCalibrations, timezone: 'UTC' });
    },
    loadCalibrations: async (pipelines, dir) => {
      requested.push({ pipelines, dir });
      return calibrations;
    },
    defaultWorkers: 2,
    env: {},
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    setExitCode: (code) => exitCodes.push(code),
  };
  return { deps, out, err, requested, exitCodes };
}

/** The program with every command throwing instead of exiting, and commander's own messages silenced. */
export function testProgram(deps: CliDeps, build: (deps: CliDeps) => Command = buildProgram): Command {
  const program = build(deps);
  const quiet = (command: Command): void => {
    command.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    command.commands.forEach(quiet);
  };
  quiet(program);
  return program;
}

export async function runCli(deps: CliDeps, args: readonly string[]): Promise<void> {
  await testProgram(deps).parseAsync(['node', 'doclive', ...args]);
}
