import pino from 'pino';
import { ConfigError, loadConfig } from './config/load.js';
import { exitOnSignals, startServer } from './server.js';

// Process entry: configuration -> server (see server.ts) -> signals. Any start-up problem prints one clear message
// and exits 1. SIGTERM / SIGINT: stop accepting, let in-flight checks answer and their BI writes finish, close the
// worker pool, close the store, exit 0; past REQUEST_TIMEOUT_MS + 10 s, exit 1 instead of hanging.

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  try {
    exitOnSignals(await startServer(config, logger), logger);
  } catch (error) {
    fail((error as Error).message);
  }
}

function fail(message: string): never {
  process.stderr.write(`doclive: ${message}\n`);
  process.exit(1);
}

await main();
