// Test-only process entry: the real server start-up, HTTP app, worker pool and shutdown (src/server.ts, configured
// from the environment like main.ts), with a test-only worker module in the pool. DOCLIVE_TEST_WORKER: its path;
// DOCLIVE_TEST_WORKER_OPTIONS: JSON options for its engine factory, to which maxImagePixels is added.
import pino from 'pino';
import { loadConfig } from '../../src/config/load.js';
import { exitOnSignals, startServer } from '../../src/server.js';

const workerFile = process.env.DOCLIVE_TEST_WORKER;
if (workerFile === undefined) throw new Error('DOCLIVE_TEST_WORKER must name the worker module');
const config = loadConfig();
const logger = pino({ level: config.logLevel });
const options = JSON.parse(process.env.DOCLIVE_TEST_WORKER_OPTIONS ?? '{}') as Record<string, unknown>;
const server = await startServer(config, logger, { workerFile, engineOptions: { maxImagePixels: config.maxImagePixels, ...options } });
exitOnSignals(server, logger);
