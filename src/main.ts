import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.js';
import { loadCalibrations } from './calibration/load.js';
import { ConfigError, loadConfig } from './config/load.js';
import { shutDown } from './lifecycle/shutdown.js';
import { loadLicenseState } from './license/load.js';
import { createMetrics } from './metrics/metrics.js';
import { packageRoot } from './paths.js';
import { resolveOffering } from './pipelines/offering.js';
import { openBiStore } from './store/open.js';
import type { BiStore } from './store/types.js';
import { createPooledAnalysisEngine, type PooledAnalysisEngine } from './workers/pool.js';
import { createPoolAdmission } from './workers/pool-admission.js';

// Process entry: config -> BI store -> license -> engine (worker pool, models warm) -> calibrations -> app -> listen.
// Any start-up problem prints one clear message and exits 1. SIGTERM / SIGINT: stop accepting, let in-flight
// checks answer and their BI writes finish, close the worker pool, close the store, exit 0; if that takes longer
// than the request deadline plus a margin, exit 1 instead of hanging.

/** Time allowed for shutdown beyond the longest a check may take (REQUEST_TIMEOUT_MS). */
const SHUTDOWN_MARGIN_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  const opened: { store?: BiStore; engine?: PooledAnalysisEngine } = {};
  const metrics = createMetrics();
  const closeResources = async (): Promise<void> => {
    await opened.engine?.close().catch((error: unknown) => logger.error({ err: error }, 'closing the engine failed'));
    await opened.store?.close().catch((error: unknown) => logger.error({ err: error }, 'closing the BI store failed'));
  };

  let app: FastifyInstance | undefined;
  try {
    opened.store = await step('open the BI store (IDLIVEDOC_SERVER_DB_URL)', () => openBiStore(config.dbUrl, logger));
    const license = await step('load the license (IDLIVEDOC_SERVER_LICENSE)', () =>
      loadLicenseState({ licensePath: config.licensePath, publicKeyPath: config.licensePublicKeyPath }),
    );
    opened.engine = await step(`start ${config.workers} analysis workers (IDLIVEDOC_SERVER_WORKERS)`, () =>
      createPooledAnalysisEngine({
        workers: config.workers,
        maxQueue: config.maxQueue,
        engineOptions: { maxImagePixels: config.maxImagePixels },
        observer: metrics.poolObserver(),
      }),
    );
    const engine = opened.engine;
    metrics.bind({ workerRestarts: () => engine.stats().workerRestarts });
    const offering = await step('select pipelines', async () =>
      resolveOffering(engine.implementedPipelines(), config.availablePipelines, license),
    );
    const calibrations = await step('load calibrations', async () =>
      loadCalibrations(offering.offered, { modelsDir: join(packageRoot(), 'models'), overrideDir: config.calibrationDir }),
    );
    const admission = createPoolAdmission(engine, config.requestTimeoutMs);
    app = await step('build the HTTP server', () =>
      buildApp({ config, engine, store: opened.store as BiStore, license, calibrations, logger, admission, metrics }),
    );
    await step(`listen on ${config.host}:${config.port}`, () => (app as FastifyInstance).listen({ port: config.port, host: config.host }));
    logger.info({ pipelines: offering.offered }, offering.offered.length > 0 ? 'pipelines offered' : 'no pipeline offered by this build');
  } catch (error) {
    await closeResources();
    fail((error as Error).message);
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const result = await shutDown(
      { app, engine: opened.engine, store: opened.store },
      { timeoutMs: config.requestTimeoutMs + SHUTDOWN_MARGIN_MS, logger },
    );
    if (result === 'timed out') logger.error('shutdown did not finish in time; exiting anyway');
    process.exit(result === 'clean' ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Runs one start-up step; its failure names the step. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`Cannot ${what}: ${(error as Error).message}`, { cause: error });
  }
}

function fail(message: string): never {
  process.stderr.write(`doclive: ${message}\n`);
  process.exit(1);
}

await main();
