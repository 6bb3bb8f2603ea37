import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocliveError } from '../errors.js';
import { createAdmission } from './admission.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const isCode = (code: string) => (error: unknown) => error instanceof DocliveError && error.code === code && error.status === 408;

test('runs up to `concurrency` at once, queues up to `maxQueue`, refuses the next with ENGINE_OVERLOADED', async () => {
  const admission = createAdmission({ concurrency: 1, maxQueue: 1, timeoutMs: 60_000 });
  const gate = deferred();
  const order: string[] = [];
  const first = admission.run(async () => {
    order.push('first');
    await gate.promise;
    return 1;
  });
  const second = admission.run(async () => {
    order.push('second');
    return 2;
  });
  assert.deepEqual(admission.stats(), { running: 1, queued: 1 });
  await assert.rejects(admission.run(async () => 3), isCode('ENGINE_OVERLOADED'));
  gate.resolve();
  assert.deepEqual(await Promise.all([first, second]), [1, 2]);
  assert.deepEqual(order, ['first', 'second']);
  assert.deepEqual(admission.stats(), { running: 0, queued: 0 });
});

test('past the deadline the caller gets PROCESSING_TIMEOUT, the work is aborted, and its slot is held until it ends', async () => {
  const admission = createAdmission({ concurrency: 1, maxQueue: 0, timeoutMs: 20 });
  const gate = deferred();
  let seenSignal: AbortSignal | undefined;
  const slow = admission.run(async (signal) => {
    seenSignal = signal;
    await gate.promise;
    return 'late';
  });
  await assert.rejects(slow, isCode('PROCESSING_TIMEOUT'));
  assert.equal(seenSignal?.aborted, true);
  assert.deepEqual(admission.stats(), { running: 1, queued: 0 });
  await assert.rejects(admission.run(async () => 'x'), isCode('ENGINE_OVERLOADED'));
  gate.resolve();
  await new Promise((r) => setImmediate(r));
  assert.equal(await admission.run(async () => 'next'), 'next');
});

test('a check that times out while queued leaves the queue and never runs', async () => {
  const admission = createAdmission({ concurrency: 1, maxQueue: 5, timeoutMs: 20 });
  const gate = deferred();
  const running = assert.rejects(admission.run(() => gate.promise), isCode('PROCESSING_TIMEOUT'));
  let ran = false;
  await assert.rejects(
    admission.run(async () => {
      ran = true;
    }),
    isCode('PROCESSING_TIMEOUT'),
  );
  assert.equal(admission.stats().queued, 0);
  gate.resolve();
  await running;
  assert.equal(ran, false);
});

test('errors of the work reach the caller and free the slot', async () => {
  const admission = createAdmission({ concurrency: 1, maxQueue: 0, timeoutMs: 60_000 });
  await assert.rejects(admission.run(async () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(await admission.run(async () => 'ok'), 'ok');
});
