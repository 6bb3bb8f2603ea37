import { STATUS_CODES } from 'node:http';
import type { ErrorCode } from '../errors.js';

/** The JSON body of every non-200 answer, as the reference (Spring Boot) writes it. */
export interface ErrorBody {
  timestamp: string;
  status: number;
  /** HTTP reason phrase, e.g. "Bad Request". */
  error: string;
  message: string;
  /** Request path without the query string. */
  path: string;
  error_code: ErrorCode;
}

export function errorBody(status: number, code: ErrorCode, message: string, url: string, now: Date): ErrorBody {
  return {
    timestamp: now.toISOString(),
    status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    path: pathOf(url),
    error_code: code,
  };
}

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
