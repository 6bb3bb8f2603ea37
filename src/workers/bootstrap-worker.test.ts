import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { BOOTSTRAP_WORKER_FILE } from './worker-file.js';

// The bootstrap in a worker thread started with no loader hook at all (execArgv: [], unlike the test runner's
// --import tsx): it must load a TypeScript worker module by itself, and a JavaScript one natively.

async function messageFromWorkerModule(fileName: string, source: string): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-bootstrap-'));
  try {
    const workerModule = join(dir, fileName);
    await writeFile(workerModule, source);
    const worker = new Worker(BOOTSTRAP_WORKER_FILE, { workerData: { workerModule, engineOptions: { answer: 42 } }, execArgv: [] });
    try {
      const [message] = (await once(worker, 'message')) as [unknown];
      return message;
    } finally {
      await worker.terminate();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const WORKER_MODULE = (typed: boolean) => `
import { parentPort, workerData } from 'node:worker_threads';
const answer${typed ? ': number' : ''} = workerData.engineOptions.answer;
parentPort${typed ? '!' : '?'}.postMessage({ answer });
export default async () => answer;
`;

test('a .ts worker module is loaded through tsx in a thread that has no tsx hooks', async () => {
  assert.deepEqual(await messageFromWorkerModule('worker.ts', WORKER_MODULE(true)), { answer: 42 });
});

test('a .mjs worker module is imported natively', async () => {
  assert.deepEqual(await messageFromWorkerModule('worker.mjs', WORKER_MODULE(false)), { answer: 42 });
});
