// Issue 8, item 6: SIGTERM under load loses no accepted request. A real server process (src/main.ts, real engine
// and pipelines) is kept busy by clients that each open a new connection per check; SIGTERM arrives while checks
// run and wait; the clients go on until the server refuses their connection. Every request carries an
// X-Request-Id, which the server logs as reqId on its "incoming request" line, so the server's log says which
// requests it accepted. Asserted: every accepted request got a complete answer (200, or 503 for one that arrived
// while closing); a request without an answer failed at the connection and was never accepted; checks that were
// in progress at SIGTERM were answered 200; the process exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { answerProblem, errorCode, requireOfferedPipelines } from './harness/answers.js';
import { documentJpeg } from './harness/document-scene.js';
import { fileCheck, jsonCheck, metricValue, send, type Answer, type Outcome } from './harness/http-client.js';
import { DETECTOR_DOUBLES, killIfRunning, startServerProcess, type ServerProcess } from './harness/server-process.js';

const CLIENTS = 8;
const WORKERS = 2;
/** Enough room for every client: a check is never refused, so all accepted work is real work. */
const MAX_QUEUE = CLIENTS;
/** After the connection is refused, a client stops; this bounds the test if the server never stops listening. */
const MAX_SECONDS_AFTER_SIGTERM = 120;

test('SIGTERM under load: every accepted request is answered, the rest are refused at connection, exit 0', { timeout: 600_000 }, async (t) => {
  if (DETECTOR_DOUBLES.length > 0) t.diagnostic(`test-double detectors for ${DETECTOR_DOUBLES.join(', ')} (DOCLIVE_TEST_DETECTOR_DOUBLES)`);
  let server: ServerProcess | undefined;
  t.after(() => killIfRunning(server));
  server = await startServerProcess({
    env: { IDLIVEDOC_SERVER_WORKERS: String(WORKERS), IDLIVEDOC_SERVER_MAX_QUEUE: String(MAX_QUEUE), IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS: '120000' },
  });
  const { base } = server;
  const offered = await requireOfferedPipelines(base);
  const images = await Promise.all([11, 12].map((seed) => documentJpeg(seed)));
  const requests = images.flatMap((image) => [jsonCheck(image, offered), fileCheck(image, offered)]);

  const outcomes: Outcome[] = [];
  let sigtermAt = Number.POSITIVE_INFINITY;
  const clients = Array.from({ length: CLIENTS }, async (_, client) => {
    for (let i = 0; performance.now() < sigtermAt + MAX_SECONDS_AFTER_SIGTERM * 1000; i++) {
      const outcome = await send(base, requests[(client + i) % requests.length]!, `c${client}-r${i}`);
      outcomes.push(outcome);
      if (outcome.kind === 'connection-failure' && outcome.code === 'ECONNREFUSED') return;
    }
  });

  // SIGTERM once the server is busy: both workers running and checks waiting, some already answered.
  for (let i = 0; i < 3000; i++) {
    const waiting = await metricValue(base, 'doclive_queue_depth{state="waiting"}');
    if (waiting >= 2 && outcomes.some((o) => o.kind === 'answer' && o.status === 200)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  sigtermAt = performance.now();
  const exitCode = server.stop();
  await Promise.all(clients);
  assert.equal(await exitCode, 0, 'exit status after SIGTERM');

  const accepted = new Set(server.logs().filter((l) => l.msg === 'incoming request').map((l) => l.reqId));
  const answers = outcomes.filter((o): o is Answer => o.kind === 'answer');
  const failures = outcomes.filter((o) => o.kind === 'connection-failure');
  const inProgressAtSigterm = answers.filter((a) => a.status === 200 && a.sentAt < sigtermAt && a.answeredAt > sigtermAt);
  t.diagnostic(
    `${outcomes.length} requests: ${answers.filter((a) => a.status === 200).length} answered 200 (${inProgressAtSigterm.length} of them in progress at SIGTERM), ` +
      `${answers.filter((a) => a.status === 503).length} answered 503, connection failures: ${failures.map((f) => f.code).join(', ')}`,
  );

  const lost = outcomes.filter((o) => o.kind !== 'answer' && accepted.has(o.requestId));
  assert.deepEqual(lost, [], 'no request the server accepted went without a complete answer');
  assert.deepEqual(
    failures.filter((f) => f.kind === 'connection-failure' && (f.answerStarted || !['ECONNREFUSED', 'ECONNRESET'].includes(f.code))),
    [],
    'the only failures are refused (or reset, never accepted) connections',
  );
  assert.deepEqual(answers.filter((a) => !accepted.has(a.requestId)).map((a) => a.requestId), [], 'every answer is one the server logged as accepted');
  for (const answer of answers) {
    assert.equal(answerProblem(answer, offered), null);
    assert.ok(answer.status === 200 || (answer.status === 503 && errorCode(answer) === 'SERVICE_UNAVAILABLE'), `status ${answer.status}: ${answer.text}`);
  }
  assert.ok(inProgressAtSigterm.length >= WORKERS, `checks running or waiting at SIGTERM were answered 200 (${inProgressAtSigterm.length})`);
  assert.equal(CLIENTS, failures.filter((f) => f.kind === 'connection-failure' && f.code === 'ECONNREFUSED').length, 'every client was refused in the end');
});
