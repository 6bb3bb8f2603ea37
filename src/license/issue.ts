import { decodeJwt, decodeProtectedHeader, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { isCalendarDay } from '../domain/calendar-day.js';
import { resolvePipelineName, allPipelineSpellings } from '../pipelines/registry.js';
import { LICENSE_ALGORITHM, LICENSE_TYPE, parseLicensePayload, type LicensedPipeline, type LicensePayload } from './format.js';
import { importLicensePublicKey, verifyLicenseToken } from './verify.js';

// The vendor's side of licensing, used by `doclive license keygen | issue | inspect`: key pairs, signing and
// reading licenses. The server only verifies (load.ts).

export interface LicenseKeyPair {
  /** PKCS8 PEM; keep it secret, it signs licenses. */
  privateKeyPem: string;
  /** SPKI PEM; ship it with the server (IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY). */
  publicKeyPem: string;
}

export async function generateLicenseKeyPair(): Promise<LicenseKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(LICENSE_ALGORITHM, { crv: 'Ed25519', extractable: true });
  return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
}

/**
 * Parses "vulture-sr=2027-05-22,default-pc=never": pipeline names or aliases, each with its last licensed day
 * (yyyy-MM-dd) or "never" for no expiration.
 */
export function parsePipelineList(list: string): LicensedPipeline[] {
  const entries = list.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (entries.length === 0) throw new Error('--pipelines is empty; expected e.g. vulture-sr=2027-05-22,woodpecker-pc=never');
  return entries.map((entry) => {
    const [nameOrAlias = '', date, ...rest] = entry.split('=').map((part) => part.trim());
    const pipeline = resolvePipelineName(nameOrAlias);
    if (pipeline === null) {
      throw new Error(`--pipelines names unknown pipeline "${nameOrAlias}"; accepted: [${allPipelineSpellings().join(', ')}]`);
    }
    if (date === undefined || rest.length > 0 || !(date === 'never' || isCalendarDay(date))) {
      throw new Error(`--pipelines entry "${entry}" must be <pipeline>=<yyyy-MM-dd> (last licensed day) or <pipeline>=never`);
    }
    return { pipeline, expirationDate: date === 'never' ? null : date };
  });
}

export interface IssueLicenseRequest {
  privateKeyPem: string;
  licensee: string;
  pipelines: LicensedPipeline[];
  /** Defaults to now. */
  issuedAt?: Date;
}

/** Signs a license and returns its text (a compact JWS, one line). The payload is checked before signing. */
export async function issueLicense(request: IssueLicenseRequest): Promise<string> {
  let privateKey;
  try {
    privateKey = await importPKCS8(request.privateKeyPem.trim(), LICENSE_ALGORITHM);
  } catch (error) {
    throw new Error(
      `the private key is not an Ed25519 private key in PEM (PKCS8, "-----BEGIN PRIVATE KEY-----"; create one with \`doclive license keygen\`): ${(error as Error).message}`,
      { cause: error },
    );
  }
  const iat = Math.floor((request.issuedAt ?? new Date()).getTime() / 1000);
  const payload = parseLicensePayload({ licensee: request.licensee, pipelines: request.pipelines, iat });
  return new SignJWT({ licensee: payload.licensee, pipelines: payload.pipelines })
    .setProtectedHeader({ alg: LICENSE_ALGORITHM, typ: LICENSE_TYPE })
    .setIssuedAt(iat)
    .sign(privateKey);
}

export interface LicenseInspection {
  header: Record<string, unknown>;
  /** The payload as written in the file, whether or not it is valid. */
  payload: Record<string, unknown>;
  /** yyyy-MM-dd'T'HH:mm:ss'Z' from "iat", or null when absent. */
  issuedAt: string | null;
  /** 'valid': signed by the given key and well-formed; 'invalid': see problem; 'not checked': no key given. */
  signature: 'valid' | 'invalid' | 'not checked';
  problem: string | null;
  /** The checked payload, when the signature is valid. */
  verified: LicensePayload | null;
}

/** Decodes a license for display and, given the public key, says whether it verifies. Throws only if unreadable. */
export async function inspectLicense(token: string, publicKeyPem: string | null): Promise<LicenseInspection> {
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token.trim()) as Record<string, unknown>;
    payload = decodeJwt(token.trim()) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`this is not a doclive license (a compact JWS, header.payload.signature): ${(error as Error).message}`, { cause: error });
  }
  const issuedAt = typeof payload.iat === 'number' ? new Date(payload.iat * 1000).toISOString() : null;
  if (publicKeyPem === null) return { header, payload, issuedAt, signature: 'not checked', problem: null, verified: null };
  const publicKey = await importLicensePublicKey(publicKeyPem, 'the public key');
  try {
    const verified = await verifyLicenseToken(token, publicKey, 'the license');
    return { header, payload, issuedAt, signature: 'valid', problem: null, verified };
  } catch (error) {
    return { header, payload, issuedAt, signature: 'invalid', problem: (error as Error).message, verified: null };
  }
}
