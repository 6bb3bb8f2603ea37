import { errors, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { LICENSE_ALGORITHM, LICENSE_TYPE, parseLicensePayload, type LicensePayload } from './format.js';

/** Imports an Ed25519 public key from PEM (SPKI, "-----BEGIN PUBLIC KEY-----"). */
export async function importLicensePublicKey(pem: string, where: string): Promise<CryptoKey> {
  try {
    return await importSPKI(pem.trim(), LICENSE_ALGORITHM);
  } catch (error) {
    throw new Error(
      `${where} is not an Ed25519 public key in PEM (SPKI, "-----BEGIN PUBLIC KEY-----"; create one with ` +
        `\`doclive license keygen\`): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Verifies the signature and the payload of a license; throws an Error saying why it is refused. */
export async function verifyLicenseToken(token: string, publicKey: CryptoKey, where: string): Promise<LicensePayload> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token.trim(), publicKey, { algorithms: [LICENSE_ALGORITHM], typ: LICENSE_TYPE }));
  } catch (error) {
    throw new Error(`${where} is refused: ${verificationProblem(error)}`, { cause: error });
  }
  try {
    return parseLicensePayload(payload);
  } catch (error) {
    throw new Error(`${where} is refused: ${(error as Error).message}`, { cause: error });
  }
}

function verificationProblem(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'its signature does not verify with the public key (the license was altered, or signed with another key)';
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return `it is not a well-formed doclive license (a compact JWS, header.payload.signature): ${(error as Error).message}`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return `it is not signed with ${LICENSE_ALGORITHM} (Ed25519)`;
  if (error instanceof errors.JWTClaimValidationFailed) return `it is not a doclive license (${(error as Error).message}; expected typ "${LICENSE_TYPE}")`;
  return (error as Error).message;
}
