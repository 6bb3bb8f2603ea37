import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { loadLicenseState } from '../license/load.js';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, registerLicenseCommands } from './license.js';

const dir = mkdtempSync(join(tmpdir(), 'doclive-license-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `doclive <args>` on a fresh program; resolves with what it printed and the exit code (0 on success). */
async function doclive(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('doclive').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerLicenseCommands(program);
  let exitCode = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  }
  return { out: out.join(''), err: err.join(''), exitCode };
}

test('keygen -> issue -> inspect round trip; the issued license loads in the server', async () => {
  const keys = join(dir, 'keys');
  const keygen = await doclive('license', 'keygen', '--out-dir', keys);
  assert.equal(keygen.exitCode, 0, keygen.err);
  assert.match(readFileSync(join(keys, PRIVATE_KEY_FILE), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
  assert.match(readFileSync(join(keys, PUBLIC_KEY_FILE), 'utf8'), /^-----BEGIN PUBLIC KEY-----/);
  assert.equal(statSync(join(keys, PRIVATE_KEY_FILE)).mode & 0o077, 0, 'the private key is readable by its owner only');

  const licensePath = join(dir, 'license.jwt');
  const issue = await doclive('license', 'issue', '--private-key', join(keys, PRIVATE_KEY_FILE), '--pipelines', 'vulture-sr=2027-05-22, default-pc=2026-12-31,hawk-sd=never', '--licensee', 'Example Bank', '--out', licensePath);
  assert.equal(issue.exitCode, 0, issue.err);

  const inspect = await doclive('license', 'inspect', licensePath, '--public-key', join(keys, PUBLIC_KEY_FILE));
  assert.equal(inspect.exitCode, 0, inspect.err);
  assert.match(inspect.out, /signature: valid\n$/);
  const shown = JSON.parse(inspect.out.slice(0, inspect.out.lastIndexOf('signature:'))) as { header: unknown; payload: { licensee: string; pipelines: unknown }; issuedAt: string };
  assert.deepEqual(shown.header, { alg: 'EdDSA', typ: 'doclive-license+jwt' });
  assert.equal(shown.payload.licensee, 'Example Bank');
  assert.deepEqual(shown.payload.pipelines, [
    { pipeline: 'vulture-sr', expirationDate: '2027-05-22' },
    { pipeline: 'woodpecker-pc', expirationDate: '2026-12-31' }, // the alias is stored as the pipeline name
    { pipeline: 'hawk-sd', expirationDate: null },
  ]);
  assert.ok(Math.abs(Date.parse(shown.issuedAt) - Date.now()) < 3_600_000, 'issued now');

  const state = await loadLicenseState({ licensePath, publicKeyPath: join(keys, PUBLIC_KEY_FILE) });
  assert.equal(state.expirationDate('woodpecker-pc'), '2026-12-31');
  assert.equal(state.covers('robin-pc'), false);
});

test('inspect without a key shows the contents unverified; with another key it fails with exit code 1', async () => {
  const keys = join(dir, 'keys-inspect');
  const otherKeys = join(dir, 'keys-other');
  await doclive('license', 'keygen', '--out-dir', keys);
  await doclive('license', 'keygen', '--out-dir', otherKeys);
  const licensePath = join(dir, 'inspect.jwt');
  await doclive('license', 'issue', '--private-key', join(keys, PRIVATE_KEY_FILE), '--pipelines', 'robin-pc=2027-01-01', '--licensee', 'ACME', '--out', licensePath);

  const unchecked = await doclive('license', 'inspect', licensePath);
  assert.equal(unchecked.exitCode, 0);
  assert.match(unchecked.out, /"licensee": "ACME"/);
  assert.match(unchecked.out, /signature: not checked \(pass --public-key to verify it\)/);

  const wrong = await doclive('license', 'inspect', licensePath, '--public-key', join(otherKeys, PUBLIC_KEY_FILE));
  assert.equal(wrong.exitCode, 1);
  assert.match(wrong.out, /"licensee": "ACME"/, 'the contents are still shown');
  assert.match(wrong.err, /error: signature INVALID: .*signature does not verify/);

  const notALicense = join(dir, 'garbage.jwt');
  writeFileSync(notALicense, 'hello');
  const garbage = await doclive('license', 'inspect', notALicense);
  assert.equal(garbage.exitCode, 1);
  assert.match(garbage.err, /not a doclive license/);
});

test('keygen never overwrites existing keys', async () => {
  const keys = join(dir, 'keys-once');
  assert.equal((await doclive('license', 'keygen', '--out-dir', keys)).exitCode, 0);
  const before = readFileSync(join(keys, PRIVATE_KEY_FILE), 'utf8');
  const again = await doclive('license', 'keygen', '--out-dir', keys);
  assert.equal(again.exitCode, 1);
  assert.match(again.err, /license-private\.pem and .*license-public\.pem already exist; keygen never overwrites keys/);
  assert.equal(readFileSync(join(keys, PRIVATE_KEY_FILE), 'utf8'), before);
});

test('issue refuses bad pipeline lists, bad keys and missing options with what is accepted', async () => {
  const keys = join(dir, 'keys-issue');
  await doclive('license', 'keygen', '--out-dir', keys);
  const privateKey = join(keys, PRIVATE_KEY_FILE);
  const issue = (pipelines: string, key = privateKey) =>
    doclive('license', 'issue', '--private-key', key, '--pipelines', pipelines, '--licensee', 'X', '--out', join(dir, 'bad.jwt'));

  const unknown = await issue('condor-xx=2027-01-01');
  assert.equal(unknown.exitCode, 1);
  assert.match(unknown.err, /unknown pipeline "condor-xx"; accepted: \[vulture-sr, .*default-sr/);
  assert.match((await issue('vulture-sr')).err, /must be <pipeline>=<yyyy-MM-dd>/);
  assert.match((await issue('vulture-sr=2027-02-30')).err, /must be <pipeline>=<yyyy-MM-dd>/);
  assert.match((await issue('vulture-sr=2027-01-01,vulture-sr=2028-01-01')).err, /twice/);
  assert.match((await issue('vulture-sr=2027-01-01', join(keys, PUBLIC_KEY_FILE))).err, /not an Ed25519 private key in PEM \(PKCS8/);

  const missing = await doclive('license', 'issue', '--private-key', privateKey, '--pipelines', 'vulture-sr=2027-01-01', '--out', join(dir, 'x.jwt'));
  assert.equal(missing.exitCode, 1);
  assert.match(missing.err, /required option '--licensee <name>' not specified/);
});
