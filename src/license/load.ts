// PLACEHOLDER-MERGE: replaced by branch store-license
import type { LicenseState } from './types.js';

export async function loadLicenseState(opts: { licensePath: string | null; publicKeyPath: string | null }): Promise<LicenseState> {
  void opts;
  throw new Error('provided by branch store-license');
}
