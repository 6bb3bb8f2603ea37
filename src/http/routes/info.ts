import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { PIPELINES, type PipelineName } from '../../pipelines/registry.js';
import { offeredSpellings } from '../../pipelines/offering.js';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../../version.js';
import type { RouteContext } from '../context.js';
import { errorResponses } from '../schemas.js';

const INFO_ERRORS = { 401: 'API keys are configured and X-API-Key is missing or wrong.', 500: 'Unexpected error.' };

/** GET /license_info and GET /api_version: what this server offers and until when. */
export function registerInfoRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const offered = ctx.offering.offered;

  app.get(
    '/license_info',
    {
      schema: {
        summary: 'Licensed pipelines with their attack type and expiration date',
        operationId: 'licenseInfo',
        response: { 200: Type.Ref('LicenseInfo'), ...errorResponses(INFO_ERRORS) },
      },
    },
    async () =>
      offered.map((name) => ({
        attackType: PIPELINES[name].attackType,
        pipelineName: name,
        expirationDate: ctx.license.expirationDate(name),
      })),
  );

  app.get(
    '/api_version',
    {
      schema: {
        summary: 'Product, version, available pipelines and aliases, expiration dates',
        operationId: 'apiVersion',
        response: { 200: Type.Ref('ApiVersion'), ...errorResponses(INFO_ERRORS) },
      },
    },
    async () => ({
      product: PRODUCT_NAME,
      version: PRODUCT_VERSION,
      availablePipelines: offeredSpellings(offered),
      pipelineAliases: Object.fromEntries(
        offered.filter((name) => PIPELINES[name].alias !== null).map((name) => [PIPELINES[name].alias as string, name]),
      ),
      expirationDates: Object.fromEntries(offered.map((name: PipelineName) => [name, ctx.license.expirationDate(name)])),
    }),
  );
}
