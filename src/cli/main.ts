// Entry of the `doclive` command (bin/doclive runs the build of this file). Wires the commands to the real
// analysis engine (one per worker thread), the server's liveness checker, calibration loading and configuration.

import { join } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { createLivenessChecker } from '../check/service.js';
import { calibrationPath, loadCalibrations } from '../calibration/load.js';
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/config.js';
import { isDocliveError } from '../errors.js';
import { loadLicenseState } from '../license/load.js';
import { packageRoot } from '../paths.js';
import { resolveOffering } from '../pipelines/offering.js';
import { ManifestError } from '../eval/manifest.js';
import { CalibrationFitError } from '../calibration/fit.js';
import type { CalibrationSet, CliDeps } from './deps.js';
import { CliUsageError } from './options.js';
import { createCliEngine, defaultWorkerCount } from './engine.js';
import { buildProgram } from './program.js'; // registers check, eval, calibrate and license (registerLicenseCommands)

/** Server configuration from the environment, read once and only by commands that analyse images. */
function configReader(env: NodeJS.ProcessEnv): () => Config {
  let config: Config | null = null;
  return () => (config ??= loadConfig(env));
}

function realDeps(): CliDeps {
  const config = configReader(process.env);
  const modelsDir = join(packageRoot(), 'models');
  return {
    defaultWorkers: defaultWorkerCount(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    setExitCode: (code) => {
      process.exitCode = code;
    },
    createEngine: ({ workers }) => createCliEngine({ workers, maxImagePixels: config().maxImagePixels }),
    async loadCalibrations(pipelines, calibrationDir) {
      // Eval measures what it can: a pipeline without a usable calibration gets null calibration metrics.
      const set: CalibrationSet = {};
      for (const pipeline of pipelines) {
        const sources = { modelsDir, overrideDir: calibrationDir };
        try {
          const file = loadCalibrations([pipeline], sources).get(pipeline);
          if (file !== undefined) set[pipeline] = { file, source: calibrationPath(pipeline, sources) };
        } catch (error) {
          process.stderr.write(`warning: ${(error as Error).message}\n`);
        }
      }
      return set;
    },
    async createChecker(engine, calibrationDir) {
      const cfg = config();
      const license = await loadLicenseState({ licensePath: cfg.licensePath, publicKeyPath: cfg.licensePublicKeyPath });
      const offering = resolveOffering(engine.implementedPipelines(), cfg.availablePipelines, license);
      const calibrations = loadCalibrations(offering.offered, { modelsDir, overrideDir: calibrationDir });
      return createLivenessChecker({ engine, offering, license, calibrations, timezone: cfg.timezone });
    },
  };
}

/** Applies `apply` to the program and every subcommand (commander does not inherit these settings). */
function everyCommand(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const sub of command.commands) everyCommand(sub, apply);
}

const USAGE_ERRORS = [CliUsageError, ManifestError, CalibrationFitError, ConfigError];

async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram(realDeps());
  everyCommand(program, (command) => command.exitOverride());
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its message (or the help) already; a command's own failure keeps its exit code
      return error.code === 'commander.error' || error.exitCode === 0 ? error.exitCode : 2;
    }
    process.stderr.write(`doclive: ${(error as Error).message}\n`);
    if (USAGE_ERRORS.some((type) => error instanceof type) || (isDocliveError(error) && error.status === 400)) return 2;
    return 1;
  }
}

process.exitCode = await main(process.argv);
