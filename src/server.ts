import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { loadCalibrations } from './calibration/load.js';
import type { Config } from './config/config.js';
import { shutDown } from './lifecycle/shutdown.js';
import { loadLicenseState } from './license/load.js';
import { createMetrics } from './metrics/metrics.js';
import { packageRoot } from './paths.js';
import { resolveOffering } from './pipelines/offering.js';
import { openBiStore } from './store/open.js';
import type { BiStore } from './store/types.js';
import { createPooledAnalysisEngine, type PooledAnalysisEngine } from './workers/pool.js';
import { createPoolAdmission } from './workers/pool-admission.js';

// Start-up of one server process: BI store -> license -> engine (worker pool, models warm) -> offered pipelines ->
// calibrations -> app -> listen; and its graceful stop. main.ts adds the configuration and the signals.

/** Time allowed for shutdown beyond the longest a check may take (REQUEST_TIMEOUT_MS). */
const SHUTDOWN_MARGIN_MS = 10_000;

export interface ServerWorkers {
  /** Worker module; default: the analysis engine's worker (workers/analysis-worker). */
  readonly workerFile?: string;
  /** Options for the worker's engine factory; default: { maxImagePixels } from the config. */
  readonly engineOptions?: unknown;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** The port actually listened on (differs from the config when it asked for 0). */
  readonly port: number;
  /** Stops accepting, lets in-flight checks answer, closes the pool, then the store; bounded in time. */
  stop(): Promise<'clean' | 'timed out'>;
}

/** Starts a server; a failing step closes what was opened and throws an Error naming the step. */
export async function startServer(config: Config, logger: Logger, workers: ServerWorkers = {}): Promise<RunningServer> {
  const opened: { store?: BiStore; engine?: PooledAnalysisEngine; app?: FastifyInstance } = {};
  const metrics = createMetrics();
  try {
    opened.store = await step('open the BI store (IDLIVEDOC_SERVER_DB_URL)', () => openBiStore(config.dbUrl, logger));
    const store = opened.store;
    const license = await step('load the license (IDLIVEDOC_SERVER_LICENSE)', () =>
      loadLicenseState({ licensePath: config.licensePath, publicKeyPath: config.licensePublicKeyPath }),
    );
    opened.engine = await step(`start ${config.workers} analysis workers (IDLIVEDOC_SERVER_WORKERS)`, () =>
      createPooledAnalysisEngine({
        workers: config.workers,
        maxQueue: config.maxQueue,
        engineOptions: workers.engineOptions ?? { maxImagePixels: config.maxImagePixels },
        ...(workers.workerFile === undefined ? {} : { workerFile: workers.workerFile }),
        observer: { ...metrics.poolObserver(), workerProblem: (message) => logger.error(message) },
      }),
    );
    const engine = opened.engine;
    metrics.bind({ workerRestarts: () => engine.stats().workerRestarts });
    const offering = await step('select pipelines', async () => resolveOffering(engine.implementedPipelines(), config.availablePipelines, license));
    const calibrations = await step('load calibrations', async () =>
      loadCalibrations(offering.offered, { modelsDir: join(packageRoot(), 'models'), overrideDir: config.calibrationDir }),
    );
    const admission = createPoolAdmission(engine, config.requestTimeoutMs);
    opened.app = await step('build the HTTP server', () => buildApp({ config, engine, store, license, calibrations, logger, admission, metrics }));
    const app = opened.app;
    await step(`listen on ${config.host}:${config.port}`, () => app.listen({ port: config.port, host: config.host }));
    logger.info({ pipelines: offering.offered }, offering.offered.length > 0 ? 'pipelines offered' : 'no pipeline offered by this build');
    const address = app.server.address();
    return {
      app,
      port: typeof address === 'object' && address !== null ? address.port : config.port,
      stop: () => shutDown({ app, engine, store }, { timeoutMs: config.requestTimeoutMs + SHUTDOWN_MARGIN_MS, logger }),
    };
  } catch (error) {
    await shutDown({ app: opened.app, engine: opened.engine, store: opened.store }, { timeoutMs: 10_000, logger });
    throw error;
  }
}

/** SIGTERM / SIGINT stop the server once; the process exits 0 after a clean stop, 1 when it timed out. */
export function exitOnSignals(server: RunningServer, logger: Logger): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const result = await server.stop();
    if (result === 'timed out') logger.error('shutdown did not finish in time; exiting anyway');
    else logger.info('shut down');
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
