import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createThrowawayDatabase, TEST_PG_UNAVAILABLE } from '../store/postgres-databases.js';
import { testNeeding } from '../store/test-needing.js';
import { calibrationFor } from '../support/doubles.js';
import { imageBytes } from '../support/images.js';
import type { ScriptedWorkerOptions } from './scripted-worker.js';

// Item 4 of issue 8: two server processes on one PostgreSQL, checks sent through both, and /bi_report (asked of
// either) counts every answered check exactly once. The processes run the real start-up, HTTP app, BI recorder,
// PostgreSQL store and graceful shutdown (src/server.ts); only the engine inside their workers is a test double
// (test/runtime/scripted-worker.ts), so that the counts are exact and the test stays fast; the real pipelines are
// exercised by load.test.ts and the fault tests beside it.

const ENTRY = fileURLToPath(new URL('./serve-scripted.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const CHECKS_PER_SERVER = 12;

interface ServerProcess {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms: ${errors}`)), START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${errors}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, exited };
}

async function check(base: string, pipeline: string, image: string): Promise<number> {
  const response = await fetch(`${base}/check_liveness`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ image, pipelines: [{ pipeline_name: pipeline }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function report(base: string): Promise<Record<string, number>> {
  const response = await fetch(`${base}/bi_report?date_from=2000-01-01&date_to=2100-12-31`);
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, number>;
}

testNeeding(TEST_PG_UNAVAILABLE, 'two server processes on one PostgreSQL count every answered check exactly once', async (t) => {
  const database = await createThrowawayDatabase();
  const calibrationDir = await mkdtemp(join(tmpdir(), 'doclive-two-servers-'));
  const servers: ServerProcess[] = [];
  t.after(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await database.drop();
    await rm(calibrationDir, { recursive: true, force: true });
  });
  await writeFile(join(calibrationDir, 'vulture-sr.json'), JSON.stringify(calibrationFor('vulture-sr')));
  const worker: ScriptedWorkerOptions = { pipelines: ['vulture-sr'], score: 2, delayMs: 20 };
  const env = {
    IDLIVEDOC_SERVER_PORT: '0',
    IDLIVEDOC_SERVER_HOST: '127.0.0.1',
    IDLIVEDOC_SERVER_WORKERS: '1',
    IDLIVEDOC_SERVER_MAX_QUEUE: '64',
    IDLIVEDOC_SERVER_DB_URL: database.url,
    IDLIVEDOC_SERVER_CALIBRATION_DIR: calibrationDir,
    IDLIVEDOC_SERVER_LOG_LEVEL: 'warn',
    DOCLIVE_TEST_SCRIPTED_WORKER: JSON.stringify(worker),
  };
  // Both start at once on a fresh database: their migrations race, as replicas' do on a first deploy.
  servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
  const [a, b] = servers as [ServerProcess, ServerProcess];

  const image = (await imageBytes()).toString('base64');
  const answered = await Promise.all(
    Array.from({ length: CHECKS_PER_SERVER * 2 }, (_, i) => check(i % 2 === 0 ? a.base : b.base, 'default-sr', image)),
  );
  assert.deepEqual(answered, Array(CHECKS_PER_SERVER * 2).fill(200));
  // Checks that are not answered 200 are not counted, on either server.
  assert.equal(await check(a.base, 'no-such-pipeline', image), 400);
  assert.equal(await check(b.base, 'default-pc', image), 400);

  // Counts are written in the background after each answer; wait until both reports settle, then compare.
  const expected = { total: CHECKS_PER_SERVER * 2, 'auk_ID_CARD_probability_0.8-0.9': CHECKS_PER_SERVER * 2 };
  let reports: Record<string, number>[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    reports = await Promise.all([report(a.base), report(b.base)]);
    if (reports.every((r) => r.total === expected.total)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(reports[0], expected, 'report asked of server A');
  assert.deepEqual(reports[1], expected, 'report asked of server B');

  // SIGTERM with a check in flight: it is answered, counted, and the process exits 0.
  const slow = await startServerProcess({ ...env, DOCLIVE_TEST_SCRIPTED_WORKER: JSON.stringify({ ...worker, delayMs: 1500 }) });
  servers.push(slow);
  const inFlight = check(slow.base, 'default-sr', image);
  let running = false;
  for (let attempt = 0; attempt < 100 && !running; attempt++) {
    const metrics = await (await fetch(`${slow.base}/metrics`)).text();
    running = /^doclive_queue_depth\{state="running"\} 1$/m.test(metrics);
    if (!running) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(running, 'the slow check reached a worker before SIGTERM');
  slow.child.kill('SIGTERM');
  assert.equal(await inFlight, 200, 'the in-flight check is answered during shutdown');
  assert.equal(await slow.exited, 0);
  assert.equal((await report(a.base)).total, expected.total + 1, 'and counted before the process exited');

  for (const server of [a, b]) server.child.kill('SIGTERM');
  assert.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0]);
});
