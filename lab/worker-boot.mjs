// Worker-thread entry: workers do not inherit tsx's loader from `node --import tsx`, so register it here and then
// load the TypeScript module named in workerData.entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
