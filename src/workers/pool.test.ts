import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import type { AnalysisResult } from '../analysis/types.js';
import { DocliveError } from '../errors.js';
import type { PipelineName } from '../pipelines/registry.js';
import { createPooledAnalysisEngine, WORKER_YOUNG_GENERATION_MB, type PooledAnalysisEngine } from './pool.js';

// Pools of test-double workers (test/workers/double-engine-worker.ts): the image bytes are JSON commands.
const DOUBLE_WORKER = fileURLToPath(new URL('../../test/workers/double-engine-worker.ts', import.meta.url));
const EVIDENCE: PipelineName[] = ['vulture-sr', 'woodpecker-pc', 'hawk-sd', 'robin-pc'];

const command = (value: object): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const ask = (engine: PooledAnalysisEngine, value: object, signal?: AbortSignal): Promise<AnalysisResult> =>
  engine.analyse({ image: command(value), pipelines: EVIDENCE, errorsToIgnore: [] }, signal);
const evidence = (result: AnalysisResult) => ({
  start: result.scores['vulture-sr']?.score ?? Number.NaN,
  end: result.scores['woodpecker-pc']?.score ?? Number.NaN,
  thread: result.scores['hawk-sd']?.score ?? Number.NaN,
  analysedSoFar: result.scores['robin-pc']?.score ?? Number.NaN,
});

function startPool(workers: number, maxQueue: number, observer?: { workerRestarted(): void }): Promise<PooledAnalysisEngine> {
  return createPooledAnalysisEngine({
    workers,
    maxQueue,
    engineOptions: { pipelines: ['vulture-sr', 'hawk-sd'] },
    workerFile: DOUBLE_WORKER,
    ...(observer ? { observer } : {}),
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await delay(10);
  }
  assert.fail(`timed out waiting until ${what}`);
}

describe('pooled analysis engine, one worker', () => {
  let engine: PooledAnalysisEngine;
  let restartsSeen = 0;
  before(async () => {
    engine = await startPool(1, 1, { workerRestarted: () => restartsSeen++ });
  });
  after(() => engine.close());

  test('implementedPipelines is what the worker engine reports', () => {
    assert.deepEqual(engine.implementedPipelines(), ['vulture-sr', 'hawk-sd']);
  });

  test('each worker runs with the smaller young generation the pool asks for', async () => {
    const result = await ask(engine, {});
    assert.equal(result.scores['xenops-ps']?.score, WORKER_YOUNG_GENERATION_MB);
    assert.ok(WORKER_YOUNG_GENERATION_MB < 48, "less than V8's default for a worker (48 MB: 16 MB semi-spaces), for peak RSS");
  });

  test("the image is moved to the worker: the caller's buffer is detached by the call", async () => {
    const image = command({});
    assert.equal(image.byteLength, 2);
    const pending = engine.analyse({ image, pipelines: EVIDENCE, errorsToIgnore: [] });
    assert.equal(image.byteLength, 0, 'the view is detached');
    assert.equal(image.buffer.byteLength, 0, 'the ArrayBuffer is detached');
    assert.equal((await pending).findings.found, true);
  });

  test('a view over part of a larger buffer is copied, leaving the other bytes of that buffer intact', async () => {
    const shared = Buffer.from(`xx${JSON.stringify({})}yy`);
    const view = shared.subarray(2, 4);
    const result = await engine.analyse({ image: view, pipelines: EVIDENCE, errorsToIgnore: [] });
    assert.equal(result.findings.found, true);
    assert.equal(shared.toString(), 'xx{}yy');
  });

  test('beyond the running check and maxQueue waiting ones, a check is refused with 408 ENGINE_OVERLOADED', async () => {
    const running = ask(engine, { sleepMs: 300 });
    const waiting = ask(engine, { sleepMs: 10 });
    await assert.rejects(ask(engine, {}), (error: unknown) => {
      assert.ok(error instanceof DocliveError);
      assert.equal(error.code, 'ENGINE_OVERLOADED');
      assert.equal(error.status, 408);
      assert.match(error.message, /IDLIVEDOC_SERVER_MAX_QUEUE=1/);
      return true;
    });
    const [first, second] = await Promise.all([running, waiting]);
    assert.ok(evidence(second).start >= evidence(first).end, 'the waiting check ran after the running one');
  });

  test('a waiting check whose signal aborts is dropped before it reaches the worker', async () => {
    const before = evidence(await ask(engine, {})).analysedSoFar;
    const running = ask(engine, { sleepMs: 200 });
    const controller = new AbortController();
    const waiting = ask(engine, {}, controller.signal);
    assert.equal(engine.stats().queued, 1);
    controller.abort(new Error('client went away'));
    await assert.rejects(waiting, /client went away/);
    assert.equal(engine.stats().queued, 0);
    await running;
    const afterwards = evidence(await ask(engine, {})).analysedSoFar;
    assert.equal(afterwards, before + 2, 'only the running check and this probe were analysed');
  });

  test('aborting a running check releases the caller at once; the worker finishes it and is not restarted', async () => {
    const before = evidence(await ask(engine, {})).analysedSoFar;
    const restartsBefore = engine.stats().workerRestarts;
    const controller = new AbortController();
    const running = ask(engine, { sleepMs: 1000 }, controller.signal);
    assert.equal(engine.stats().running, 1);
    controller.abort(new Error('deadline passed'));
    await assert.rejects(running, /deadline passed/);
    assert.equal(engine.stats().running, 1, 'the slot stays taken while the worker still works on it');
    await until(() => engine.stats().running === 0, 'the abandoned analysis ends');
    const afterwards = evidence(await ask(engine, {})).analysedSoFar;
    assert.equal(afterwards, before + 2, 'the abandoned check ran to its end on the same worker');
    assert.equal(engine.stats().workerRestarts, restartsBefore);
  });

  test('an already aborted signal is refused without queueing', async () => {
    await assert.rejects(ask(engine, {}, AbortSignal.abort(new Error('gone already'))), /gone already/);
    assert.deepEqual([engine.stats().running, engine.stats().queued], [0, 0]);
  });

  test('engine errors keep their catalogue code; unexpected ones become a 500 without internals', async () => {
    await assert.rejects(ask(engine, { fail: 'IMAGE_DECODE_FAILED' }), (error: unknown) => {
      assert.ok(error instanceof DocliveError);
      assert.equal(error.code, 'IMAGE_DECODE_FAILED');
      assert.equal(error.status, 406);
      return true;
    });
    await assert.rejects(ask(engine, { fail: 'unexpected' }), (error: unknown) => {
      assert.ok(error instanceof DocliveError);
      assert.equal(error.code, 'INTERNAL_ERROR');
      assert.doesNotMatch(error.message, /test double/);
      assert.match(String((error.cause as Error).message), /test double: unexpected failure/);
      return true;
    });
  });

  test('a worker crash fails that check with a 500; the worker is replaced and later checks succeed', async () => {
    const restartsBefore = engine.stats().workerRestarts;
    const threadBefore = evidence(await ask(engine, {})).thread;
    await assert.rejects(ask(engine, { crash: true }), (error: unknown) => {
      assert.ok(error instanceof DocliveError);
      assert.equal(error.code, 'INTERNAL_ERROR');
      assert.equal(error.status, 500);
      return true;
    });
    const next = evidence(await ask(engine, {}));
    assert.notEqual(next.thread, threadBefore, 'a new worker thread answers');
    assert.equal(next.analysedSoFar, 1, 'the new worker has a fresh engine');
    assert.equal(engine.stats().workerRestarts, restartsBefore + 1);
    assert.equal(restartsSeen, engine.stats().workerRestarts, 'the observer saw every restart');
  });
});

describe('pooled analysis engine, two workers', () => {
  test('two slow checks run at the same time on two worker threads', async () => {
    const engine = await startPool(2, 0);
    try {
      const [a, b] = (await Promise.all([ask(engine, { sleepMs: 300 }), ask(engine, { sleepMs: 300 })])).map(evidence);
      assert.ok(a !== undefined && b !== undefined);
      assert.notEqual(a.thread, b.thread);
      assert.ok(a.start < b.end && b.start < a.end, `the two analyses overlap: [${a.start}, ${a.end}] and [${b.start}, ${b.end}]`);
    } finally {
      await engine.close();
    }
  });

  test('close() lets in-flight checks finish, then refuses new ones with 503', async () => {
    const engine = await startPool(2, 2);
    const inFlight = [ask(engine, { sleepMs: 200 }), ask(engine, { sleepMs: 200 }), ask(engine, { sleepMs: 10 })];
    const closed = engine.close();
    await assert.rejects(ask(engine, {}), (error: unknown) => error instanceof DocliveError && error.code === 'SERVICE_UNAVAILABLE');
    const results = await Promise.all(inFlight);
    assert.equal(results.length, 3);
    await closed;
  });
});

describe('pooled analysis engine start-up', () => {
  test('an engine that cannot be created stops start-up with its reason', async () => {
    await assert.rejects(
      createPooledAnalysisEngine({
        workers: 1,
        maxQueue: 0,
        engineOptions: { pipelines: [], failStart: 'model file models/x.onnx is missing' },
        workerFile: DOUBLE_WORKER,
      }),
      /An analysis worker failed to start: model file models\/x\.onnx is missing/,
    );
  });

  test('a replacement worker that cannot create its engine is reported to the observer', async (t) => {
    const marker = join(await mkdtemp(join(tmpdir(), 'doclive-pool-')), 'fail-now');
    t.after(() => rm(dirname(marker), { recursive: true, force: true }));
    const problems: string[] = [];
    const engine = await createPooledAnalysisEngine({
      workers: 1,
      maxQueue: 0,
      engineOptions: { pipelines: [], failStartOnceExists: marker },
      workerFile: DOUBLE_WORKER,
      observer: { workerProblem: (message) => problems.push(message) },
    });
    try {
      await writeFile(marker, '');
      await assert.rejects(ask(engine, { crash: true }), (error: unknown) => error instanceof DocliveError && error.code === 'INTERNAL_ERROR');
      await until(() => problems.some((p) => p.includes('could not start: test double: cannot load models now')), 'the failure is reported');
    } finally {
      await engine.close();
    }
  });

  test('invalid sizes are refused with what is accepted', async () => {
    await assert.rejects(createPooledAnalysisEngine({ workers: 0, maxQueue: 0, engineOptions: {}, workerFile: DOUBLE_WORKER }), /workers must be a whole number >= 1, got 0/);
    await assert.rejects(createPooledAnalysisEngine({ workers: 1, maxQueue: -1, engineOptions: {}, workerFile: DOUBLE_WORKER }), /maxQueue must be a whole number >= 0, got -1/);
  });
});
