// Issue 8, item 6: a worker killed mid-request. The server process is the real one (src/server.ts: worker pool,
// real analysis engine and the detectors this build registers), with one worker so that any later answer must come
// from its replacement. The worker module is runtime-test-worker.ts, the real engine plus one test-only ability:
// an image whose bytes carry a marker (a JPEG comment) ends the worker thread 30 ms into its real analysis, as a
// native crash or an out-of-memory kill would. The real engine cannot be made to crash on demand, hence this.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerProblem, errorCode, requireOfferedPipelines } from './harness/answers.js';
import { documentJpeg, withJpegComment } from './harness/document-scene.js';
import { getJson, jsonCheck, metricValue, send, fileCheck, type Outcome } from './harness/http-client.js';
import { DETECTOR_DOUBLES, killIfRunning, RUNTIME_TEST_WORKER, startServerProcess, type ServerProcess } from './harness/server-process.js';

const CRASH_MARKER = 'doclive-test: end this worker thread';

test('a worker killed mid-request: that check fails with 500 INTERNAL_ERROR, the worker is replaced, later checks succeed', { timeout: 600_000 }, async (t) => {
  if (DETECTOR_DOUBLES.length > 0) t.diagnostic(`test-double detectors for ${DETECTOR_DOUBLES.join(', ')} (DOCLIVE_TEST_DETECTOR_DOUBLES)`);
  let server: ServerProcess | undefined;
  t.after(() => killIfRunning(server));
  server = await startServerProcess({
    env: { IDLIVEDOC_SERVER_WORKERS: '1', IDLIVEDOC_SERVER_MAX_QUEUE: '8', IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS: '120000' },
    testWorker: { module: RUNTIME_TEST_WORKER, options: { crashMarker: CRASH_MARKER } },
  });
  const { base } = server;
  const offered = await requireOfferedPipelines(base);
  const image = await documentJpeg(5);
  const restarts = () => metricValue(base, 'doclive_worker_restarts_total');

  const before = await send(base, jsonCheck(image, offered));
  assert.ok(before.kind === 'answer' && before.status === 200, `a check before the crash is answered 200: ${JSON.stringify(before)}`);
  assert.equal(await restarts(), 0);

  // The crashing check, and behind it two checks waiting in the queue for the (then replaced) worker.
  const crashing = send(base, jsonCheck(withJpegComment(image, CRASH_MARKER), offered));
  const waiting: Promise<Outcome>[] = [];
  for (let i = 0; i < 50 && waiting.length === 0; i++) {
    if ((await metricValue(base, 'doclive_queue_depth{state="running"}')) === 1) {
      waiting.push(send(base, jsonCheck(image, offered)), send(base, fileCheck(image, offered)));
    } else await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const crashed = await crashing;
  assert.equal(crashed.kind, 'answer', 'the crashed check still gets a complete answer');
  assert.ok(crashed.kind === 'answer');
  assert.equal(crashed.status, 500);
  assert.equal(answerProblem(crashed, offered), null);
  assert.equal(errorCode(crashed), 'INTERNAL_ERROR');
  assert.match((crashed.json as { message: string }).message, /analysis worker stopped unexpectedly.*retry/);

  // Checks sent after the crash (and any that waited behind it) are answered by the replacement worker.
  const after = [...(await Promise.all(waiting)), await send(base, fileCheck(image, offered)), await send(base, jsonCheck(image, offered))];
  for (const outcome of after) {
    assert.ok(outcome.kind === 'answer' && outcome.status === 200, `a check after the crash is answered 200: ${JSON.stringify(outcome)}`);
    assert.equal(answerProblem(outcome, offered), null);
  }
  assert.equal(await restarts(), 1, 'doclive_worker_restarts_total');
  assert.equal(await metricValue(base, 'doclive_http_requests_total{method="POST",route="/check_liveness",status_code="500"}'), 1);
  assert.ok(server.logs().some((line) => line.level === 50 && line.reqId === crashed.requestId), 'the failure is logged with its request id');
  assert.equal((await getJson(base, '/health/ready')).status, 200);
  assert.equal(await server.stop(), 0);
});
