import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { generateLicenseKeyPair, inspectLicense, issueLicense, parsePipelineList } from '../license/issue.js';

// `doclive license keygen | issue | inspect`. Output goes through commander's configured writers (tests capture
// them); failures go through command.error(), which prints "error: ..." and exits 1.

export const PRIVATE_KEY_FILE = 'license-private.pem';
export const PUBLIC_KEY_FILE = 'license-public.pem';

export function registerLicenseCommands(program: Command): void {
  const license = program.command('license').description('create license key pairs, issue and inspect EdDSA-signed licenses');

  license
    .command('keygen')
    .description(`write a new Ed25519 key pair: ${PRIVATE_KEY_FILE} (secret, signs licenses) and ${PUBLIC_KEY_FILE} (for the server)`)
    .requiredOption('--out-dir <dir>', 'folder for the two PEM files (created if missing; existing key files are never overwritten)')
    .action(async (options: { outDir: string }, command: Command) => {
      const dir = resolve(options.outDir);
      const keys = await generateLicenseKeyPair();
      await failOnError(command, async () => {
        // Never replace a key: licenses signed with a lost private key could no longer be renewed or checked.
        const existing = [PRIVATE_KEY_FILE, PUBLIC_KEY_FILE].map((file) => join(dir, file)).filter((path) => existsSync(path));
        if (existing.length > 0) {
          throw new Error(`${existing.join(' and ')} already exist; keygen never overwrites keys: choose another --out-dir or move them away`);
        }
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, PRIVATE_KEY_FILE), keys.privateKeyPem, { flag: 'wx', mode: 0o600 });
        await writeFile(join(dir, PUBLIC_KEY_FILE), keys.publicKeyPem, { flag: 'wx', mode: 0o644 });
      });
      write(command, `wrote ${join(dir, PRIVATE_KEY_FILE)} (keep it secret) and ${join(dir, PUBLIC_KEY_FILE)} (IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY)\n`);
    });

  license
    .command('issue')
    .description('sign a license listing pipelines and their last licensed day')
    .requiredOption('--private-key <file>', `PEM private key from \`license keygen\` (${PRIVATE_KEY_FILE})`)
    .requiredOption('--pipelines <list>', 'comma list of <pipeline>=<yyyy-MM-dd> (last licensed day) or <pipeline>=never, e.g. vulture-sr=2027-05-22,woodpecker-pc=2027-05-22')
    .requiredOption('--licensee <name>', 'who the license is for')
    .requiredOption('--out <file>', 'license file to write (IDLIVEDOC_SERVER_LICENSE)')
    .action(async (options: { privateKey: string; pipelines: string; licensee: string; out: string }, command: Command) => {
      const token = await failOnError(command, async () => {
        const privateKeyPem = await readFile(options.privateKey, 'utf8');
        return issueLicense({ privateKeyPem, licensee: options.licensee, pipelines: parsePipelineList(options.pipelines) });
      });
      await failOnError(command, () => writeFile(options.out, `${token}\n`));
      write(command, `wrote ${resolve(options.out)}\n`);
    });

  license
    .command('inspect')
    .description('print the contents of a license and, with --public-key, whether its signature verifies')
    .argument('<file>', 'license file')
    .option('--public-key <file>', `PEM public key (${PUBLIC_KEY_FILE}) to verify the signature with`)
    .action(async (file: string, options: { publicKey?: string }, command: Command) => {
      const inspection = await failOnError(command, async () => {
        const token = await readFile(file, 'utf8');
        const publicKeyPem = options.publicKey === undefined ? null : await readFile(options.publicKey, 'utf8');
        return inspectLicense(token, publicKeyPem);
      });
      const shown = { header: inspection.header, payload: inspection.payload, issuedAt: inspection.issuedAt };
      write(command, `${JSON.stringify(shown, null, 2)}\n`);
      if (inspection.signature === 'valid') write(command, 'signature: valid\n');
      else if (inspection.signature === 'not checked') write(command, 'signature: not checked (pass --public-key to verify it)\n');
      else command.error(`error: signature INVALID: ${inspection.problem ?? 'unknown problem'}`);
    });
}

/** Runs `work`; any failure becomes "error: <message>" and exit code 1. */
async function failOnError<T>(command: Command, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    command.error(`error: ${(error as Error).message}`);
  }
}

function write(command: Command, text: string): void {
  const writeOut = command.configureOutput().writeOut ?? ((chunk: string) => process.stdout.write(chunk));
  writeOut(text);
}
