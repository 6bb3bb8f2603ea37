import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createAnalysisEngine } from './analysis/engine.js';
import type { AnalysisEngine } from './analysis/types.js';
import { buildApp } from './app.js';
import { loadCalibrations } from './calibration/load.js';
import { ConfigError, loadConfig } from './config/load.js';
import { loadLicenseState } from './license/load.js';
import { packageRoot } from './paths.js';
import { resolveOffering } from './pipelines/offering.js';
import { openBiStore } from './store/open.js';
import type { BiStore } from './store/types.js';

// Process entry: config -> BI store -> license -> engine -> calibrations -> app -> listen.
// Any start-up problem prints one clear message and exits 1; SIGTERM / SIGINT close the app (in-flight requests
// finish), then the engine and the store.

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  const opened: { store?: BiStore; engine?: AnalysisEngine } = {};
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
    opened.engine = await step('load the analysis engine', () => createAnalysisEngine({ maxImagePixels: config.maxImagePixels }));
    const engine = opened.engine;
    const offering = await step('select pipelines', async () =>
      resolveOffering(engine.implementedPipelines(), config.availablePipelines, license),
    );
    const calibrations = await step('load calibrations', async () =>
      loadCalibrations(offering.offered, { modelsDir: join(packageRoot(), 'models'), overrideDir: config.calibrationDir }),
    );
    app = await step('build the HTTP server', () => buildApp({ config, engine, store: opened.store as BiStore, license, calibrations, logger }));
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
    try {
      await app?.close();
    } finally {
      await closeResources();
    }
    process.exit(0);
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
