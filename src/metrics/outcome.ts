import { probabilityBucket } from '../check/outcome-key.js';
import type { CheckResponse } from '../check/types.js';
import { STATUS_CODES, type StatusCode } from '../domain/types.js';

/**
 * The outcome labels of one answered check, as the BI report classifies it: the first non-OK pipeline status in
 * precedence order (no bucket), or OK with the aggregate probability's bucket.
 */
export function outcomeLabels(response: CheckResponse): { status: StatusCode; bucket: string | null } {
  const statuses = new Set<StatusCode>(response.pipeline_results.map((entry) => entry.result.status_code));
  const firstNotOk = STATUS_CODES.find((status) => status !== 'OK' && statuses.has(status));
  if (firstNotOk !== undefined) return { status: firstNotOk, bucket: null };
  return { status: 'OK', bucket: probabilityBucket(response.aggregate_liveness_probability ?? 0) };
}
