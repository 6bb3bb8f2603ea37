import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { createMetrics, type DocliveMetrics } from './metrics.js';
import { metricsPlugin } from './plugin.js';

async function tinyApp(metrics: DocliveMetrics) {
  const app = Fastify();
  await app.register(metricsPlugin, { metrics });
  app.get('/items/:id', async () => ({ ok: true }));
  app.post('/fail', async (_request, reply) => reply.code(406).send({ error: 'no' }));
  await app.ready();
  return app;
}

async function scrape(app: Awaited<ReturnType<typeof tinyApp>>): Promise<string> {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return response.body;
}

/** Value of one sample line, e.g. sample(text, 'doclive_queue_depth{state="waiting"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('requests are counted by route pattern (not raw URL) and status; unmatched URLs share one label', async () => {
  const metrics = createMetrics();
  const app = await tinyApp(metrics);
  await app.inject({ method: 'GET', url: '/items/1' });
  await app.inject({ method: 'GET', url: '/items/2?x=y' });
  await app.inject({ method: 'POST', url: '/fail' });
  await app.inject({ method: 'GET', url: '/nowhere/123' });
  const text = await scrape(app);
  assert.equal(sample(text, 'doclive_http_requests_total{method="GET",route="/items/:id",status_code="200"}'), 2);
  assert.equal(sample(text, 'doclive_http_requests_total{method="POST",route="/fail",status_code="406"}'), 1);
  assert.equal(sample(text, 'doclive_http_requests_total{method="GET",route="(unmatched)",status_code="404"}'), 1);
  assert.doesNotMatch(text, /\/items\/1|nowhere/);
  assert.equal(sample(text, 'doclive_http_request_duration_seconds_count{method="GET",route="/items/:id",status_code="200"}'), 2);
  await app.close();
});

test('default process metrics are included', async () => {
  const app = await tinyApp(createMetrics());
  const text = await scrape(app);
  assert.match(text, /^doclive_process_cpu_user_seconds_total /m);
  assert.match(text, /^doclive_nodejs_eventloop_lag_seconds /m);
  await app.close();
});

test('queue depth, worker restarts and BI store failures are read from their sources at scrape time', async () => {
  const metrics = createMetrics();
  const app = await tinyApp(metrics);
  let restarts = 1;
  metrics.bind({ queue: () => ({ running: 2, queued: 5 }), workerRestarts: () => restarts, biStoreFailures: () => 3 });
  let text = await scrape(app);
  assert.equal(sample(text, 'doclive_queue_depth{state="running"}'), 2);
  assert.equal(sample(text, 'doclive_queue_depth{state="waiting"}'), 5);
  assert.equal(sample(text, 'doclive_worker_restarts_total'), 1);
  assert.equal(sample(text, 'doclive_bi_store_failures_total'), 3);
  restarts = 4;
  text = await scrape(app);
  assert.equal(sample(text, 'doclive_worker_restarts_total'), 4);
  await app.close();
});

test('stage histograms: queue and analysis from the pool, decode/frontend/pipelines from the engine', async () => {
  const metrics = createMetrics();
  const app = await tinyApp(metrics);
  const observer = metrics.poolObserver();
  observer.taskTimed?.({ queueSeconds: 0.002, analysisSeconds: 0.3, stageSeconds: { decode: 0.02, frontend: 0.1, 'vulture-sr': 0.15 } });
  observer.taskTimed?.({ queueSeconds: 0.5, analysisSeconds: 0.2 });
  metrics.recordStage('decode', 0.03);
  const text = await scrape(app);
  assert.equal(sample(text, 'doclive_stage_duration_seconds_count{stage="queue"}'), 2);
  assert.equal(sample(text, 'doclive_stage_duration_seconds_count{stage="analysis"}'), 2);
  assert.equal(sample(text, 'doclive_stage_duration_seconds_count{stage="decode"}'), 2);
  assert.equal(sample(text, 'doclive_stage_duration_seconds_count{stage="vulture-sr"}'), 1);
  assert.equal(sample(text, 'doclive_stage_duration_seconds_bucket{le="0.25",stage="queue"}'), 1);
  await app.close();
});

test('outcomes are counted by status code and probability bucket', async () => {
  const metrics = createMetrics();
  const app = await tinyApp(metrics);
  metrics.recordOutcome('OK', '0.9-1.0');
  metrics.recordOutcome('OK', '0.9-1.0');
  metrics.recordOutcome('DOCUMENT_NOT_FOUND', null);
  const text = await scrape(app);
  assert.equal(sample(text, 'doclive_check_outcomes_total{status_code="OK",probability_bucket="0.9-1.0"}'), 2);
  assert.equal(sample(text, 'doclive_check_outcomes_total{status_code="DOCUMENT_NOT_FOUND",probability_bucket="none"}'), 1);
  await app.close();
});

test('two apps in one process keep separate registries', async () => {
  const first = createMetrics();
  const second = createMetrics();
  const [a, b] = [await tinyApp(first), await tinyApp(second)];
  await a.inject({ method: 'GET', url: '/items/1' });
  assert.equal(sample(await scrape(a), 'doclive_http_requests_total{method="GET",route="/items/:id",status_code="200"}'), 1);
  assert.equal(sample(await scrape(b), 'doclive_http_requests_total{method="GET",route="/items/:id",status_code="200"}'), undefined);
  await Promise.all([a.close(), b.close()]);
});
