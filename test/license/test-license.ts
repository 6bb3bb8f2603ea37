import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineName } from '../../src/pipelines/registry.js';
import { generateLicenseKeyPair, issueLicense } from '../../src/license/issue.js';

/**
 * Writes a freshly signed license and its public key to a new temporary folder, for end-to-end tests of the
 * server (IDLIVEDOC_SERVER_LICENSE / IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY). Keys are generated per call and never
 * committed. `dates` maps each licensed pipeline to its last licensed day (yyyy-MM-dd) or null for none.
 * The caller removes `dir` when done.
 */
export async function writeTestLicense(
  dates: Partial<Record<PipelineName, string | null>>,
): Promise<{ dir: string; licensePath: string; publicKeyPath: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'doclive-test-license-'));
  const keys = await generateLicenseKeyPair();
  const token = await issueLicense({
    privateKeyPem: keys.privateKeyPem,
    licensee: 'doclive tests',
    pipelines: Object.entries(dates).map(([pipeline, expirationDate]) => ({ pipeline: pipeline as PipelineName, expirationDate: expirationDate ?? null })),
  });
  const licensePath = join(dir, 'doclive.license');
  const publicKeyPath = join(dir, 'license-public.pem');
  writeFileSync(licensePath, `${token}\n`);
  writeFileSync(publicKeyPath, keys.publicKeyPem);
  return { dir, licensePath, publicKeyPath };
}
