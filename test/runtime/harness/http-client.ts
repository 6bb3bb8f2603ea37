// A bounded HTTP client for the runtime tests: one new loopback connection per request (Connection: close), so that
// every outcome is either a complete answer or a connection failure that can be told apart, and every request
// carries its own X-Request-Id, which the server uses as the reqId of its log lines.
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { multipartBody } from '../../support/multipart.js';

export interface HttpRequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
}

export interface Answer {
  readonly kind: 'answer';
  readonly requestId: string;
  readonly status: number;
  readonly text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  readonly json: unknown;
  readonly sentAt: number;
  readonly answeredAt: number;
}

export interface ConnectionFailure {
  readonly kind: 'connection-failure';
  readonly requestId: string;
  /** ECONNREFUSED, ECONNRESET, ... */
  readonly code: string;
  /** True when the status line had arrived before the failure (an answer cut short). */
  readonly answerStarted: boolean;
  readonly sentAt: number;
  readonly answeredAt: number;
}

export type Outcome = Answer | ConnectionFailure;

const TIMEOUT_MS = 120_000;

export function send(base: string, spec: HttpRequestSpec, requestId: string = randomUUID()): Promise<Outcome> {
  const url = new URL(spec.path, base);
  const sentAt = performance.now();
  return new Promise((resolve) => {
    let answerStarted = false;
    let settled = false;
    const fail = (error: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      resolve({ kind: 'connection-failure', requestId, code: error.code ?? error.message, answerStarted, sentAt, answeredAt: performance.now() });
    };
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: spec.method,
        path: `${url.pathname}${url.search}`,
        agent: false,
        timeout: TIMEOUT_MS,
        headers: { 'x-request-id': requestId, ...(spec.body ? { 'content-length': String(spec.body.length) } : {}), ...spec.headers },
      },
      (res) => {
        answerStarted = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('answer aborted'), { code: 'ANSWER_ABORTED' })));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) return fail(Object.assign(new Error('answer incomplete'), { code: 'ANSWER_INCOMPLETE' }));
          settled = true;
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ kind: 'answer', requestId, status: res.statusCode ?? 0, text, json, sentAt, answeredAt: performance.now() });
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', fail);
    req.end(spec.body);
  });
}

/** POST /check_liveness: the image as base64 in JSON. */
export function jsonCheck(image: Buffer, pipelines: readonly string[]): HttpRequestSpec {
  const body = JSON.stringify({ image: image.toString('base64'), pipelines: pipelines.map((pipeline_name) => ({ pipeline_name })) });
  return { method: 'POST', path: '/check_liveness', headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
}

/** POST /check_liveness_file: the image as the multipart part "file", the pipelines in the query. */
export function fileCheck(image: Buffer, pipelines: readonly string[]): HttpRequestSpec {
  const { payload, headers } = multipartBody([{ name: 'file', filename: 'photo.jpg', data: image }]);
  return { method: 'POST', path: `/check_liveness_file?pipelines=${pipelines.map(encodeURIComponent).join(',')}`, headers, body: payload };
}

export async function getJson(base: string, path: string): Promise<{ status: number; json: unknown }> {
  const outcome = await send(base, { method: 'GET', path });
  if (outcome.kind !== 'answer') throw new Error(`GET ${path}: ${outcome.code}`);
  return { status: outcome.status, json: outcome.json };
}

/** One sample of the Prometheus text of GET /metrics, e.g. series 'doclive_worker_restarts_total'; 0 when absent. */
export async function metricValue(base: string, series: string): Promise<number> {
  const outcome = await send(base, { method: 'GET', path: '/metrics' });
  if (outcome.kind !== 'answer' || outcome.status !== 200) throw new Error('GET /metrics failed');
  const line = outcome.text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
