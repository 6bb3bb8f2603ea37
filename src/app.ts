import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { AnalysisEngine } from './analysis/types.js';
import { createAdmission, type Admission } from './check/admission.js';
import { createBiRecorder } from './check/bi-recorder.js';
import { createLivenessChecker } from './check/service.js';
import type { CalibrationFile } from './calibration/types.js';
import type { Config } from './config/config.js';
import { DocliveError } from './errors.js';
import { installApiKeys } from './http/api-keys.js';
import type { RouteContext } from './http/context.js';
import { installErrorHandling } from './http/error-handler.js';
import { parseLenientJson } from './http/lenient-json.js';
import { registerBiReport } from './http/routes/bi-report.js';
import { registerCheckLivenessFile } from './http/routes/check-liveness-file.js';
import { registerCheckLiveness } from './http/routes/check-liveness.js';
import { registerDemo } from './http/routes/demo.js';
import { registerDocs } from './http/routes/docs.js';
import { registerHealth } from './http/routes/health.js';
import { registerInfoRoutes } from './http/routes/info.js';
import { SHARED_SCHEMAS } from './http/schemas.js';
import { createValidatorCompiler } from './http/validation.js';
import type { LicenseState } from './license/types.js';
import { createMetrics, type DocliveMetrics } from './metrics/metrics.js';
import { metricsPlugin } from './metrics/plugin.js';
import { resolveOffering } from './pipelines/offering.js';
import type { PipelineName } from './pipelines/registry.js';
import type { BiStore } from './store/types.js';
import { PRODUCT_VERSION } from './version.js';

export interface AppDeps {
  readonly config: Config;
  readonly engine: AnalysisEngine;
  readonly store: BiStore;
  readonly license: LicenseState;
  /** Calibration file of every offered pipeline (see calibration/load.ts). */
  readonly calibrations: ReadonlyMap<PipelineName, CalibrationFile>;
  readonly logger?: Logger;
  readonly clock?: () => Date;
  /** Replaces the in-process admission (tests, or the worker pool's: see workers/pool-admission.ts). */
  readonly admission?: Admission;
  /** Prometheus metrics of this instance (main.ts shares them with the worker pool); default: a fresh set. */
  readonly metrics?: DocliveMetrics;
}

/**
 * The Fastify instance with every plugin and route, not listening (main.ts listens; tests use app.inject).
 * Throws when AVAILABLE_PIPELINES names a pipeline the engine does not implement or a calibration is missing.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? pino({ level: config.logLevel });
  const offering = resolveOffering(deps.engine.implementedPipelines(), config.availablePipelines, deps.license);

  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.maxBodyBytes,
    // Checks are bounded by REQUEST_TIMEOUT_MS inside; this only guards against clients that never finish sending.
    requestTimeout: config.requestTimeoutMs + 60_000,
    // Our own hook answers 503 with the error body while closing (Fastify's would not use it).
    return503OnClosing: false,
    // A request id set by the reverse proxy (nginx's $request_id, deploy/nginx.conf) ties its log to ours.
    requestIdHeader: 'x-request-id',
  }) as unknown as FastifyInstance;

  installErrorHandling(app, { clock, maxBodyBytes: config.maxBodyBytes });
  app.setValidatorCompiler(createValidatorCompiler(SHARED_SCHEMAS));
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);

  // Only the content types the endpoints accept; anything else is a 415 with the error body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseLenientJson(body as string));
    } catch (error) {
      done(new DocliveError('BAD_REQUEST', `The body is not valid JSON (${jsonErrorWhere(error)}). Send a JSON object as documented at /swagger-ui/index.html.`), undefined);
    }
  });
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.maxBodyBytes, files: 1, parts: 20, fields: 10, fieldSize: 64 * 1024 },
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'doclive',
        version: PRODUCT_VERSION,
        description:
          'Self-hosted document liveness server, compatible with the IDLive Doc Server REST API v2. Every non-200 answer has the ErrorBody shape; error codes are listed in docs/errors.md.',
      },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
      ...(config.apiKeys.length > 0 ? { security: [{ apiKey: [] }] } : {}),
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/swagger-ui' });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing) throw new DocliveError('SERVICE_UNAVAILABLE', 'The server is shutting down; retry in a moment or on another instance.');
  });
  // While closing, every answer (in-flight checks included) ends its keep-alive connection; otherwise close()
  // would wait for clients' idle connections to time out.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  installApiKeys(app, config.apiKeys);
  const metrics = deps.metrics ?? createMetrics();
  await app.register(metricsPlugin, { metrics });

  const ctx: RouteContext = {
    config,
    engine: deps.engine,
    store: deps.store,
    license: deps.license,
    offering,
    checker: createLivenessChecker({
      engine: deps.engine,
      offering,
      license: deps.license,
      calibrations: deps.calibrations,
      timezone: config.timezone,
      clock,
    }),
    admission:
      deps.admission ?? createAdmission({ concurrency: config.workers, maxQueue: config.maxQueue, timeoutMs: config.requestTimeoutMs }),
    bi: createBiRecorder({ store: deps.store, timezone: config.timezone, clock, logger }),
    metrics,
    clock,
  };
  metrics.bind({ biStoreFailures: () => ctx.bi.failures(), queue: () => ctx.admission.stats() });
  registerCheckLiveness(app, ctx);
  registerCheckLivenessFile(app, ctx);
  registerInfoRoutes(app, ctx);
  registerBiReport(app, ctx);
  registerHealth(app, ctx);
  registerDocs(app);
  registerDemo(app);

  // Writes to the BI store still in flight finish before the store is closed by the caller.
  app.addHook('onClose', async () => ctx.bi.flush());
  return app;
}

/**
 * Where JSON parsing failed, without V8's excerpt of the input: the excerpt may be part of the image, which is
 * neither logged nor echoed.
 */
function jsonErrorWhere(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `syntax error at character ${position}`;
  if (/Unexpected end of JSON input/.test(message)) return 'the body ends too early';
  if (/prototype|constructor/.test(message)) return 'the keys "__proto__" and "constructor" are not allowed';
  return 'syntax error';
}
