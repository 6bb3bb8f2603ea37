import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorBody } from '../error-body.js';
import type { RouteContext } from '../context.js';

const PING_TIMEOUT_MS = 2000;

/** /health/live: the process answers. /health/ready: the engine is loaded and the BI store answers its ping. */
export function registerHealth(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/health/live',
    { schema: { summary: 'Liveness probe: 200 while the process runs', operationId: 'healthLive', response: { 200: Type.Ref('Health') } } },
    async () => ({ status: 'UP', checks: {} }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        summary: 'Readiness probe: 200 when the engine is loaded and the store answers, 503 otherwise',
        operationId: 'healthReady',
        response: { 200: Type.Ref('Health'), 503: Type.Ref('HealthDown') },
      },
    },
    async (request, reply) => {
      const storeUp = await pingWithin(() => ctx.store.ping(), PING_TIMEOUT_MS);
      const queue = ctx.admission.stats();
      const checks = {
        engine: 'UP',
        store: storeUp ? 'UP' : 'DOWN',
        pipelines: ctx.offering.offered.length > 0 ? 'UP' : 'NONE',
        queue: `${queue.running} running, ${queue.queued} waiting`,
        bi_record_failures: String(ctx.bi.failures()),
      };
      if (storeUp) return { status: 'UP', checks };
      return reply.code(503).send({
        ...errorBody(503, 'SERVICE_UNAVAILABLE', 'Not ready: the BI store does not answer (check IDLIVEDOC_SERVER_DB_URL and the database).', request.url, ctx.clock()),
        checks,
      });
    },
  );
}

async function pingWithin(ping: () => Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      ping().catch(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
