import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDeps } from '../../test/doubles/cli.js';
import { buildProgram } from './program.js';

test('doclive --help lists every command, and each command documents its options', () => {
  const program = buildProgram(testDeps().deps);
  const help = program.helpInformation();
  for (const command of ['check', 'eval', 'calibrate', 'license']) assert.match(help, new RegExp(`\\n\\s+${command}\\b`), command);
  const sub = (name: string): string => {
    const command = program.commands.find((c) => c.name() === name);
    assert.ok(command, name);
    return command.helpInformation();
  };
  for (const option of ['--pipelines', '--calibration ', '--ignore', '--json', '--calibration-dir', '--workers']) assert.ok(sub('check').includes(option), `check ${option}`);
  for (const option of ['--pipelines', '--ignore', '--calibration-dir', '--json', '--report', '--no-document-gate', '--workers']) assert.ok(sub('eval').includes(option), `eval ${option}`);
  for (const option of ['--pipeline', '--out', '--ignore', '--note', '--workers']) assert.ok(sub('calibrate').includes(option), `calibrate ${option}`);
  for (const subcommand of ['keygen', 'issue', 'inspect']) assert.ok(sub('license').includes(subcommand), `license ${subcommand}`);
});
