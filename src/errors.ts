// The error catalogue: every non-200 answer names one of these codes. docs/errors.md lists the same codes
// (a test keeps them in step). Messages passed to DocliveError say what was wrong and what is accepted.

export const ERROR_CATALOGUE = {
  BAD_REQUEST: { status: 400, summary: 'The request body or query does not have the documented shape.' },
  INVALID_PIPELINE: { status: 400, summary: 'A pipeline name is unknown or not available on this server.' },
  INVALID_CALIBRATION: { status: 400, summary: 'A calibration is not one of REGULAR, SOFT, HARD.' },
  CALIBRATION_COUNT_MISMATCH: { status: 400, summary: 'The number of calibrations is neither zero nor the number of pipelines.' },
  NON_IGNORABLE_ERROR: { status: 400, summary: 'errors_to_ignore names an error that cannot be ignored.' },
  INVALID_DATE_RANGE: { status: 400, summary: 'date_from / date_to missing, not yyyy-MM-dd, or date_from after date_to.' },
  UNAUTHORIZED: { status: 401, summary: 'API keys are configured and X-API-Key is missing or wrong.' },
  PIPELINE_LICENSE_EXPIRED: { status: 403, summary: "A requested pipeline's license has expired." },
  NOT_FOUND: { status: 404, summary: 'No such endpoint.' },
  METHOD_NOT_ALLOWED: { status: 405, summary: 'The endpoint exists but not with this HTTP method.' },
  INVALID_BASE64: { status: 406, summary: 'The image field is not valid base64.' },
  NOT_AN_IMAGE: { status: 406, summary: 'The bytes are not an image in any format doclive reads.' },
  UNSUPPORTED_IMAGE_FORMAT: { status: 406, summary: 'The image format is recognised but not accepted.' },
  IMAGE_TOO_MANY_PIXELS: { status: 406, summary: 'The image has more pixels than IDLIVEDOC_SERVER_MAX_IMAGE_PIXELS.' },
  IMAGE_TOO_SMALL: { status: 406, summary: 'The image is smaller than the minimum size that can be analysed.' },
  IMAGE_DECODE_FAILED: { status: 406, summary: 'The image header was read but its pixels could not be decoded (truncated or corrupt).' },
  ENGINE_OVERLOADED: { status: 408, summary: 'The processing queue is full; retry later.' },
  PROCESSING_TIMEOUT: { status: 408, summary: 'The check did not finish within IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS.' },
  PAYLOAD_TOO_LARGE: { status: 413, summary: 'The body is larger than IDLIVEDOC_SERVER_MAX_BODY_BYTES.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The Content-Type is not the one the endpoint accepts.' },
  CLIENT_CLOSED_REQUEST: { status: 499, summary: 'The client closed the connection before the answer was ready; its check was dropped and nothing is sent.' },
  INTERNAL_ERROR: { status: 500, summary: 'Something unexpected failed; no internals are disclosed.' },
  SERVICE_UNAVAILABLE: { status: 503, summary: 'The server is starting or shutting down.' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class DocliveError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocliveError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
  }
}

export function isDocliveError(value: unknown): value is DocliveError {
  return value instanceof DocliveError;
}
