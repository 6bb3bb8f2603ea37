import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { splitList } from '../../config/load.js';
import { CALIBRATIONS } from '../../domain/types.js';
import { DocliveError } from '../../errors.js';
import type { RouteContext } from '../context.js';
import { clientGoneSignal } from '../client-gone.js';
import { runCheck } from '../run-check.js';
import { CheckLivenessFileBodySchema, CheckLivenessFileQuerySchema, errorResponses, inOrderSerializer } from '../schemas.js';
import { CHECK_ERROR_RESPONSES } from './check-liveness.js';

type Query = Static<typeof CheckLivenessFileQuerySchema>;

/** Query lists arrive as repeated parameters, comma lists, or both: ?pipelines=a,b&pipelines=c -> [a, b, c]. */
function flattenList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => splitList(value));
}

export function registerCheckLivenessFile(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Querystring: Query }>(
    '/check_liveness_file',
    {
      schema: {
        summary: 'Check the liveness of a document photo uploaded as a file',
        description: 'multipart/form-data with the image in the part "file"; pipelines, calibrations, errors_to_ignore and explain in the query.',
        operationId: 'checkLivenessFile',
        consumes: ['multipart/form-data'],
        querystring: CheckLivenessFileQuerySchema,
        body: CheckLivenessFileBodySchema,
        response: { 200: Type.Ref('CheckLivenessResponse'), ...errorResponses(CHECK_ERROR_RESPONSES) },
      },
      serializerCompiler: inOrderSerializer,
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new DocliveError(
          'UNSUPPORTED_MEDIA_TYPE',
          `POST /check_liveness_file accepts multipart/form-data with the image in a part named "file" (got ${JSON.stringify(request.headers['content-type'] ?? '(none)')}); for base64 in JSON use POST /check_liveness.`,
        );
      }
      const names = flattenList(request.query.pipelines);
      const calibrations = flattenList(request.query.calibrations);
      if (names.length === 0) {
        throw new DocliveError('BAD_REQUEST', 'The query parameter pipelines is empty; name at least one pipeline, e.g. ?pipelines=default-sr,default-pc.');
      }
      if (calibrations.length !== 0 && calibrations.length !== names.length) {
        throw new DocliveError(
          'CALIBRATION_COUNT_MISMATCH',
          `${calibrations.length} calibrations for ${names.length} pipelines: give none (all REGULAR) or exactly one per pipeline, in the same order, each one of [${CALIBRATIONS.join(', ')}].`,
        );
      }
      const plan = ctx.checker.plan(
        names.map((requested, i) => {
          const calibration = calibrations[i];
          return calibration === undefined ? { requested } : { requested, calibration };
        }),
        flattenList(request.query.errors_to_ignore),
      );
      const image = await readFilePart(request);
      return runCheck(ctx, plan, image, { clientGone: clientGoneSignal(reply), explain: request.query.explain === true });
    },
  );
}

/** The bytes of the part named "file"; other parts are drained and ignored. */
async function readFilePart(request: FastifyRequest): Promise<Uint8Array> {
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file' && part.fieldname === 'file') {
        const bytes = await part.toBuffer();
        if (bytes.length === 0) throw new DocliveError('NOT_AN_IMAGE', 'The part "file" is empty; send the image file in it.');
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
      }
      if (part.type === 'file') await part.toBuffer(); // drain parts we do not use
    }
  } catch (error) {
    throw asClientError(error);
  }
  throw new DocliveError('BAD_REQUEST', 'The multipart body has no file part named "file"; send the image as -F "file=@photo.jpg".');
}

/**
 * A multipart body cut off inside a part (or missing its closing boundary) ends the part's stream with a plain
 * stream error (ERR_STREAM_PREMATURE_CLOSE) that carries no HTTP status: the request is at fault, not the server.
 * Errors that already have a status (413 file too large, too many parts, ours) keep it.
 */
function asClientError(error: unknown): unknown {
  if (error instanceof DocliveError || typeof (error as { statusCode?: unknown } | null)?.statusCode === 'number') return error;
  return new DocliveError(
    'BAD_REQUEST',
    'The multipart body ends before its last part is complete (cut off, or the closing boundary is missing); send the whole form with the image in a part named "file".',
  );
}
