// One generator worker thread: loads the lab parts once, then makes and writes the images it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { makeSample, writeSample } from './generate.js';
import type { JobMessage, RunConfig, WorkerReply } from './generate-pool.js';
import { loadParts } from './generate-pool.js';

const config = (workerData as { config: RunConfig }).config;
const port = parentPort;
if (!port) throw new Error('generate-worker must run in a worker thread');
const parts = await loadParts(config);

port.on('message', async (msg: JobMessage) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  const t = Date.now();
  try {
    const made = await makeSample(msg.index, config, parts);
    const entry = await writeSample(config.out, msg.index, made, config);
    port.postMessage({ type: 'done', index: msg.index, entry, cls: made.cls, ms: Date.now() - t } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ type: 'failed', index: msg.index, message: (err as Error).stack ?? String(err) } satisfies WorkerReply);
  }
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
