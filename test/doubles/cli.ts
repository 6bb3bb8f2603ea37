// CLI harness for tests: the doclive program wired to the test-double engine, output captured, exits thrown.
import type { Command } from 'commander';
import { createAnalysisEngine } from './analysis-engine.js';
import type { CalibrationSet, CliDeps } from '../../src/cli/deps.js';
import { buildProgram } from '../../src/cli/program.js';
import type { PipelineName } from '../../src/pipelines/registry.js';

export function testDeps(calibrations: CalibrationSet = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const requested: { pipelines: readonly PipelineName[]; dir: string | null }[] = [];
  const deps: CliDeps = {
    createEngine: () => createAnalysisEngine({ maxImagePixels: 1e6 }),
    createChecker: async () => {
      throw new Error('no checker in this harness');
    },
    loadCalibrations: async (pipelines, dir) => {
      requested.push({ pipelines, dir });
      return calibrations;
    },
    defaultWorkers: 2,
    env: {},
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
  };
  return { deps, out, err, requested };
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
