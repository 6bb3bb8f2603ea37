import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { BI_TOTAL_KEY } from '../../check/outcome-key.js';
import { isCalendarDay } from '../../domain/day.js';
import { DocliveError } from '../../errors.js';
import type { RouteContext } from '../context.js';
import { BiReportQuerySchema, errorResponses } from '../schemas.js';

type Query = Static<typeof BiReportQuerySchema>;

export function registerBiReport(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: Query }>(
    '/bi_report',
    {
      schema: {
        summary: 'Counts of answered checks per outcome over a range of days',
        description: `Days are counted in ${ctx.config.timezone} (IDLIVEDOC_SERVER_TIMEZONE). Only counters are stored, never images.`,
        operationId: 'biReport',
        querystring: BiReportQuerySchema,
        response: {
          200: Type.Ref('BiReport'),
          ...errorResponses({
            400: 'date_from / date_to missing, not a real yyyy-MM-dd date, or date_from after date_to.',
            401: 'API keys are configured and X-API-Key is missing or wrong.',
            500: 'Unexpected error, e.g. the database is unreachable.',
          }),
        },
      },
    },
    async (request) => {
      const { date_from: from, date_to: to } = request.query;
      for (const [name, value] of [['date_from', from], ['date_to', to]] as const) {
        if (!isCalendarDay(value)) {
          throw new DocliveError('INVALID_DATE_RANGE', `${name}=${JSON.stringify(value)} is not a date: use yyyy-MM-dd, e.g. 2026-01-31.`);
        }
      }
      if (from > to) throw new DocliveError('INVALID_DATE_RANGE', `date_from (${from}) is after date_to (${to}); both are inclusive.`);
      const counts = await ctx.store.report(from, to);
      return { [BI_TOTAL_KEY]: 0, ...counts };
    },
  );
}
