import { STATUS_CODES, type DocumentType, type StatusCode } from '../domain/types.js';
import type { CheckResponse } from './types.js';

// BI report keys: every answered check counts once under "total" and once under its outcome:
// auk_<DOCUMENT_TYPE>_<STATUS> when a pipeline was not OK (the first non-OK status in precedence order), else
// auk_<DOCUMENT_TYPE>_probability_<lo>-<hi> with the aggregate probability in tenths (1.0 falls in 0.9-1.0).

/** Codename of the document localiser, the prefix of every outcome key. */
export const LOCALISER_CODENAME = 'auk';
export const BI_TOTAL_KEY = 'total';

export function outcomeKey(documentType: DocumentType, response: CheckResponse): string {
  const statuses = new Set<StatusCode>(response.pipeline_results.map((entry) => entry.result.status_code));
  const firstNotOk = STATUS_CODES.find((status) => status !== 'OK' && statuses.has(status));
  if (firstNotOk !== undefined) return `${LOCALISER_CODENAME}_${documentType}_${firstNotOk}`;
  const probability = response.aggregate_liveness_probability ?? 0;
  return `${LOCALISER_CODENAME}_${documentType}_probability_${probabilityBucket(probability)}`;
}

/** "0.0-0.1" ... "0.9-1.0"; 1.0 belongs to the last bucket. */
export function probabilityBucket(probability: number): string {
  const tenth = Math.min(9, Math.max(0, Math.floor(probability * 10)));
  return `${(tenth / 10).toFixed(1)}-${((tenth + 1) / 10).toFixed(1)}`;
}

/** The keys one answered check adds to the BI store. */
export function biKeys(documentType: DocumentType, response: CheckResponse): string[] {
  return [BI_TOTAL_KEY, outcomeKey(documentType, response)];
}
