import { readFile } from 'node:fs/promises';
import { licensedState, openLicenseState } from './state.js';
import type { LicenseState } from './types.js';
import { importLicensePublicKey, verifyLicenseToken } from './verify.js';

// Start-up license check: the server prints the message of any Error thrown here and exits 1.

export interface LicenseFiles {
  /** IDLIVEDOC_SERVER_LICENSE: the license file, or null for none. */
  licensePath: string | null;
  /** IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY: the PEM public key that verifies it, or null. */
  publicKeyPath: string | null;
}

/** Both null: every pipeline open. Otherwise the license must verify with the key, or this throws. */
export async function loadLicenseState(opts: LicenseFiles): Promise<LicenseState> {
  const { licensePath, publicKeyPath } = opts;
  if (licensePath === null && publicKeyPath === null) return openLicenseState();
  if (licensePath === null) {
    throw new Error('A license public key (IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY) is set but no license file (IDLIVEDOC_SERVER_LICENSE): set both, or neither to run without a license');
  }
  if (publicKeyPath === null) {
    throw new Error('A license file (IDLIVEDOC_SERVER_LICENSE) is set but no public key to verify it (IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY): set both, or neither to run without a license');
  }
  const [token, publicKeyPem] = await Promise.all([readText(licensePath, 'license file'), readText(publicKeyPath, 'license public key file')]);
  const publicKey = await importLicensePublicKey(publicKeyPem, `The license public key file ${publicKeyPath}`);
  const payload = await verifyLicenseToken(token, publicKey, `The license file ${licensePath}`);
  return licensedState(payload.pipelines);
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the ${what} ${path}: ${(error as Error).message}`, { cause: error });
  }
}
