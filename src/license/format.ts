import { assertCalendarDay } from '../domain/calendar-day.js';
import { PIPELINE_NAMES, type PipelineName } from '../pipelines/registry.js';

// The doclive license: a JWT (compact JWS) signed with Ed25519 ("EdDSA"), whose payload names the licensee and
// lists the licensed pipelines with their expiration days. The license as a whole never expires (no "exp"):
// an expired pipeline answers 403 but stays listed, so the server must still start. docs/license.md has examples.

export const LICENSE_ALGORITHM = 'EdDSA';
/** JWS "typ" header: keeps any other JWT signed with the same key from being taken for a license. */
export const LICENSE_TYPE = 'doclive-license+jwt';

export interface LicensedPipeline {
  pipeline: PipelineName;
  /** Last day (yyyy-MM-dd) on which the pipeline may be used, or null for no end. */
  expirationDate: string | null;
}

export interface LicensePayload {
  licensee: string;
  pipelines: LicensedPipeline[];
  /** Issue time, seconds since the epoch (JWT "iat"). */
  iat: number;
}

/** Checks a decoded payload; throws an Error saying which field is wrong and what is accepted. */
export function parseLicensePayload(payload: unknown): LicensePayload {
  if (typeof payload !== 'object' || payload === null) throw new Error('the license payload is not a JSON object');
  const { licensee, pipelines, iat } = payload as Record<string, unknown>;
  if (typeof licensee !== 'string' || licensee.trim() === '') throw new Error('the license has no licensee (a non-empty string)');
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new Error('the license has no issue time ("iat", seconds since 1970)');
  if (!Array.isArray(pipelines) || pipelines.length === 0) {
    throw new Error('the license lists no pipelines ("pipelines": [{"pipeline", "expirationDate"}, ...])');
  }
  const seen = new Set<string>();
  const parsed = pipelines.map((entry: unknown, index) => {
    const { pipeline, expirationDate } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof pipeline !== 'string' || !(PIPELINE_NAMES as readonly string[]).includes(pipeline)) {
      throw new Error(`license entry ${index} names pipeline ${JSON.stringify(pipeline)}; pipelines are one of [${PIPELINE_NAMES.join(', ')}]`);
    }
    if (seen.has(pipeline)) throw new Error(`the license lists pipeline ${pipeline} twice`);
    seen.add(pipeline);
    if (expirationDate !== null) assertCalendarDay(expirationDate, `the expiration date of ${pipeline} (or null for none)`);
    return { pipeline: pipeline as PipelineName, expirationDate };
  });
  return { licensee, pipelines: parsed, iat };
}
