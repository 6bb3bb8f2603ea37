// The `doclive` command tree. main.ts wires it to the real engine and process; tests wire test doubles.

import { Command } from 'commander';
import type { CliDeps } from './deps.js';
import { evalCommand } from './eval-command.js';
import { calibrateCommand } from './calibrate-command.js';
import { checkCommand } from './check-command.js';
import { registerLicenseCommands } from './license.js';

export function buildProgram(deps: CliDeps): Command {
  const program = new Command('doclive')
    .description(
      'doclive: document liveness checks on your own images, with the analysis code the server runs.\n' +
        'Commands measure (eval), recalibrate (calibrate) and manage licenses (license). See docs/cli.md.',
    )
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(checkCommand(deps));
  program.addCommand(evalCommand(deps));
  program.addCommand(calibrateCommand(deps));
  registerLicenseCommands(program);
  return program;
}
