import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { DocliveError } from '../../errors.js';
import { ACCEPTED_FORMATS_TEXT } from '../../image/inspect.js';
import { decodeBase64Image } from '../base64.js';
import type { RouteContext } from '../context.js';
import { clientGoneSignal } from '../client-gone.js';
import { runCheck } from '../run-check.js';
import { CheckLivenessQuerySchema, errorResponses, inOrderSerializer, type CheckLivenessRequestSchema } from '../schemas.js';

type Body = Static<typeof CheckLivenessRequestSchema>;
type Query = Static<typeof CheckLivenessQuerySchema>;
/** The body schema references PipelineRequest by $ref, so its entries are typed here. */
interface PipelineEntry {
  pipeline_name: string;
  calibration?: string | null;
}

export const CHECK_ERROR_RESPONSES = {
  400: 'Malformed JSON, missing or wrong-typed fields, empty or unknown pipelines, bad calibration, non-ignorable error in errors_to_ignore.',
  401: 'API keys are configured and X-API-Key is missing or wrong.',
  403: "A requested pipeline's license has expired.",
  406: `Invalid base64, not an image, unsupported format (accepted: ${ACCEPTED_FORMATS_TEXT}), too many pixels, too small, or undecodable.`,
  408: 'The engine is overloaded (queue full) or the check did not finish in time.',
  413: 'The body is larger than IDLIVEDOC_SERVER_MAX_BODY_BYTES.',
  415: 'Wrong Content-Type.',
  500: 'Unexpected error; no internals are disclosed.',
} as const;

export function registerCheckLiveness(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: Body; Querystring: Query }>(
    '/check_liveness',
    {
      schema: {
        summary: 'Check the liveness of a document photo sent as base64 in JSON',
        description:
          'Runs the requested pipelines on one image. A pipeline whose status is not OK returns only status_code; the aggregate fields are absent when any status is not OK. ' +
          'With explain=true (query parameter or body field) the response adds "explanation": documents, portrait, quality measurements and each detector\'s evidence.',
        operationId: 'checkLiveness',
        querystring: CheckLivenessQuerySchema,
        body: Type.Ref('CheckLivenessRequest'),
        response: { 200: Type.Ref('CheckLivenessResponse'), ...errorResponses(CHECK_ERROR_RESPONSES) },
      },
      serializerCompiler: inOrderSerializer,
      preValidation: async (request) => {
        // A multipart body is parsed by its own parser and would otherwise surface as "body must be an object".
        if (request.isMultipart()) {
          throw new DocliveError('UNSUPPORTED_MEDIA_TYPE', 'POST /check_liveness accepts application/json; for multipart/form-data use POST /check_liveness_file.');
        }
      },
    },
    async (request, reply) => {
      const body = request.body;
      const pipelines = (body.pipelines as PipelineEntry[]).map((p) => ({
        requested: p.pipeline_name,
        // null is read as absent, as clients that serialise optional fields (Python None, Java null) send it.
        ...(p.calibration === undefined || p.calibration === null ? {} : { calibration: p.calibration }),
      }));
      const plan = ctx.checker.plan(pipelines, body.errors_to_ignore ?? []);
      const image = decodeBase64Image(body.image);
      const explain = request.query.explain === true || body.explain === true;
      return runCheck(ctx, plan, image, { clientGone: clientGoneSignal(reply), explain });
    },
  );
}
