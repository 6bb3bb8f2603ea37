import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { createPooledAnalysisEngine, type PooledAnalysisEngine } from '../../src/workers/pool.js';
import { createPoolAdmission } from '../../src/workers/pool-admission.js';
import { calibrationFor, licenseDouble, MemoryStore, testConfig } from '../support/doubles.js';
import { imageBytes } from '../support/images.js';
import type { ScriptedWorkerOptions } from './scripted-worker.js';

// The real app wired as main.ts wires it (worker pool, pool admission, shared metrics), with a test-double engine
// inside the workers.

const SCRIPTED_WORKER = fileURLToPath(new URL('./scripted-worker.ts', import.meta.url));

interface PoolServer {
  app: FastifyInstance;
  engine: PooledAnalysisEngine;
  store: MemoryStore;
  close(): Promise<void>;
}

async function poolServer(env: Record<string, string>, worker: Partial<ScriptedWorkerOptions> = {}): Promise<PoolServer> {
  const config = testConfig(env);
  const metrics = createMetrics();
  const engine = await createPooledAnalysisEngine({
    workers: config.workers,
    maxQueue: config.maxQueue,
    engineOptions: { pipelines: ['vulture-sr'], score: 2, delayMs: 0, ...worker } satisfies ScriptedWorkerOptions,
    workerFile: SCRIPTED_WORKER,
    observer: metrics.poolObserver(),
  });
  metrics.bind({ workerRestarts: () => engine.stats().workerRestarts });
  const store = new MemoryStore();
  const app = await buildApp({
    config,
    engine,
    store,
    license: licenseDouble(),
    calibrations: new Map([['vulture-sr', calibrationFor('vulture-sr')]]),
    logger: pino({ level: 'silent' }),
    admission: createPoolAdmission(engine, config.requestTimeoutMs),
    metrics,
  });
  return {
    app,
    engine,
    store,
    close: async () => {
      await app.close();
      await engine.close();
    },
  };
}

const payload = async () => ({ image: (await imageBytes()).toString('base64'), pipelines: [{ pipeline_name: 'default-sr' }] });

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('a check analysed in a worker is answered, counted in the BI store and in the metrics', async () => {
  const server = await poolServer({ IDLIVEDOC_SERVER_WORKERS: '2', IDLIVEDOC_SERVER_API_KEYS: 'k1' });
  try {
    const answer = await server.app.inject({ method: 'POST', url: '/check_liveness', headers: { 'x-api-key': 'k1' }, payload: await payload() });
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.json().pipeline_results[0].result.liveness_score, 2);
    await server.app.inject({ method: 'GET', url: '/api_version', headers: { 'x-api-key': 'k1' } });
    // /metrics needs no API key, like the health probes.
    const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(metrics.statusCode, 200);
    const text = metrics.body;
    assert.equal(sample(text, 'doclive_check_outcomes_total{status_code="OK",probability_bucket="0.8-0.9"}'), 1, 'sigmoid(2) = 0.88');
    assert.equal(sample(text, 'doclive_http_requests_total{method="POST",route="/check_liveness",status_code="200"}'), 1);
    assert.equal(sample(text, 'doclive_http_requests_total{method="GET",route="/api_version",status_code="200"}'), 1);
    for (const stage of ['queue', 'analysis', 'decode', 'frontend']) {
      assert.equal(sample(text, `doclive_stage_duration_seconds_count{stage="${stage}"}`), 1, stage);
    }
    assert.equal(sample(text, 'doclive_worker_restarts_total'), 0);
    const keys = await server.store.report('2000-01-01', '2100-01-01');
    assert.equal(keys.total, 1);
  } finally {
    await server.close();
  }
});

test('through the pool: a full queue answers 408 ENGINE_OVERLOADED, a late check 408 PROCESSING_TIMEOUT', async () => {
  const busy = await poolServer({ IDLIVEDOC_SERVER_WORKERS: '1', IDLIVEDOC_SERVER_MAX_QUEUE: '0' }, { delayMs: 400 });
  try {
    const body = await payload();
    const first = busy.app.inject({ method: 'POST', url: '/check_liveness', payload: body });
    while (busy.engine.stats().running === 0) await delay(5);
    const second = await busy.app.inject({ method: 'POST', url: '/check_liveness', payload: body });
    assert.equal(second.statusCode, 408);
    assert.equal(second.json().error_code, 'ENGINE_OVERLOADED');
    assert.equal(second.json().error, 'Request Timeout');
    assert.equal((await first).statusCode, 200);
  } finally {
    await busy.close();
  }

  const slow = await poolServer({ IDLIVEDOC_SERVER_WORKERS: '1', IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS: '50' }, { delayMs: 400 });
  try {
    const late = await slow.app.inject({ method: 'POST', url: '/check_liveness', payload: await payload() });
    assert.equal(late.statusCode, 408);
    assert.equal(late.json().error_code, 'PROCESSING_TIMEOUT');
    assert.equal(slow.store.days.size, 0, 'a check answered 408 is not counted');
  } finally {
    await slow.close();
  }
});

test('a waiting check whose client disconnects is dropped from the queue and never counted', async () => {
  const server = await poolServer({ IDLIVEDOC_SERVER_WORKERS: '1', IDLIVEDOC_SERVER_MAX_QUEUE: '4' }, { delayMs: 1500 });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.app.server.address() as AddressInfo;
  const body = JSON.stringify(await payload());
  const send = () => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/check_liveness', headers: { 'content-type': 'application/json' } });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.end(body);
    return { req, answered };
  };
  try {
    const first = send();
    while (server.engine.stats().running === 0) await delay(5);
    const second = send();
    second.answered.catch(() => undefined);
    while (server.engine.stats().queued === 0) await delay(5);
    second.req.destroy();
    for (let i = 0; i < 100 && server.engine.stats().queued > 0; i++) await delay(5);
    assert.deepEqual(server.engine.stats(), { running: 1, queued: 0, workers: 1, workerRestarts: 0 }, 'dropped while the first still runs');
    assert.equal(await first.answered, 200);
    await delay(50);
    assert.equal((await server.store.report('2000-01-01', '2100-01-01')).total, 1, 'only the answered check is counted');
  } finally {
    await server.close();
  }
});
