import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
// Brings in the `hide` schema flag: /metrics is for Prometheus, not part of the documented API.
import type {} from '@fastify/swagger';
import type { DocliveMetrics } from './metrics.js';

/** Route label for requests that matched no route (404s): raw URLs would give one time series per URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

export interface MetricsPluginOptions {
  readonly metrics: DocliveMetrics;
}

/**
 * Serves GET /metrics (Prometheus text format) and records every answered request by method, route pattern and
 * status code. Wrapped with fastify-plugin so its onResponse hook sees the routes of the whole app.
 */
export const metricsPlugin = fp<MetricsPluginOptions>(
  async (app: FastifyInstance, { metrics }) => {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      metrics.recordRequest({ method: request.method, route, statusCode: reply.statusCode }, reply.elapsedTime / 1000);
    });

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    });
  },
  { name: 'doclive-metrics', fastify: '5.x' },
);
