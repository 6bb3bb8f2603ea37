// Test-only process entry: the real server start-up and shutdown (src/server.ts, configured from the environment
// like main.ts), with the scripted test-double engine in its workers: exact, fast answers for counting tests (the real pipelines
// are exercised by the load and fault tests in this folder).
// Prints "LISTENING <port>" once ready. DOCLIVE_TEST_SCRIPTED_WORKER: JSON of ScriptedWorkerOptions.
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadConfig } from '../../src/config/load.js';
import { exitOnSignals, startServer } from '../../src/server.js';

const config = loadConfig();
const logger = pino({ level: config.logLevel });
const server = await startServer(config, logger, {
  workerFile: fileURLToPath(new URL('./scripted-worker.ts', import.meta.url)),
  engineOptions: JSON.parse(process.env.DOCLIVE_TEST_SCRIPTED_WORKER ?? '{}') as unknown,
});
exitOnSignals(server, logger);
process.stdout.write(`LISTENING ${server.port}\n`);
