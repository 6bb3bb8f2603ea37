import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { DocliveError, isDocliveError } from '../errors.js';
import { errorBody } from './error-body.js';
import { validationToDocliveError } from './validation.js';

// Every non-200 answer gets the JSON error body, whoever raised it: our DocliveErrors, Fastify's own errors
// (body limit, content type, validation), @fastify/multipart's, unknown routes and wrong methods.

/** What each route accepts, for 415 messages. */
const ACCEPTED_CONTENT_TYPE: Record<string, string> = {
  '/check_liveness': 'application/json',
  '/check_liveness_file': 'multipart/form-data with the image in a part named "file"',
};

export function installErrorHandling(app: FastifyInstance, opts: { clock: () => Date; maxBodyBytes: number }): void {
  const knownMethods = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const set = knownMethods.get(route.url) ?? new Set<string>();
    for (const method of methods) set.add(method);
    knownMethods.set(route.url, set);
  });

  const send = (request: FastifyRequest, reply: FastifyReply, error: DocliveError): FastifyReply =>
    reply
      .code(error.status)
      .type('application/json; charset=utf-8')
      .send(errorBody(error.status, error.code, error.message, request.url, opts.clock()));

  app.setErrorHandler((raw: FastifyError | Error, request, reply) => {
    const error = toDocliveError(raw, request, opts.maxBodyBytes);
    if (error.status >= 500) request.log.error({ err: raw }, 'unexpected error');
    else request.log.info({ error_code: error.code }, error.message);
    return send(request, reply, error);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const methods = knownMethods.get(path);
    if (methods !== undefined && !methods.has(request.method)) {
      const allowed = [...methods].filter((m) => m !== 'HEAD').sort();
      reply.header('allow', allowed.join(', '));
      return send(request, reply, new DocliveError('METHOD_NOT_ALLOWED', `${request.method} is not supported on ${path}; use ${allowed.join(' or ')}.`));
    }
    return send(
      request,
      reply,
      new DocliveError(
        'NOT_FOUND',
        `No endpoint ${request.method} ${path}. Endpoints: POST /check_liveness, POST /check_liveness_file, GET /license_info, GET /api_version, GET /bi_report, GET /health/live, GET /health/ready; API documentation at /swagger-ui/index.html and /v3/api-docs.`,
      ),
    );
  });
}

function toDocliveError(raw: FastifyError | Error, request: FastifyRequest, maxBodyBytes: number): DocliveError {
  if (isDocliveError(raw)) return raw;
  const error = raw as FastifyError & { validation?: ErrorObject[]; validationContext?: string; part?: unknown };
  if (error.validation !== undefined) {
    return validationToDocliveError(error.validation, error.validationContext ?? 'body', request.routeOptions.url);
  }
  const accepted = ACCEPTED_CONTENT_TYPE[request.routeOptions.url ?? ''] ?? 'application/json';
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new DocliveError(
        'PAYLOAD_TOO_LARGE',
        `The request body is larger than ${maxBodyBytes} bytes (IDLIVEDOC_SERVER_MAX_BODY_BYTES). Send a smaller image.`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new DocliveError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '(none)')} is not accepted here; send ${accepted}.`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DocliveError('BAD_REQUEST', 'The request body is empty; send a JSON object.');
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new DocliveError('BAD_REQUEST', 'The multipart body has too many parts; send one part named "file" with the image.');
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return new DocliveError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBodyBytes} bytes (IDLIVEDOC_SERVER_MAX_BODY_BYTES).`);
  if (status === 415) return new DocliveError('UNSUPPORTED_MEDIA_TYPE', `This Content-Type is not accepted here; send ${accepted}.`);
  if (status >= 400 && status < 500) {
    // Fastify's and busboy's client-error messages describe the request, not our internals.
    return new DocliveError('BAD_REQUEST', `The request could not be read: ${error.message}`);
  }
  return new DocliveError('INTERNAL_ERROR', `An unexpected error occurred (request ${request.id}); it has been logged.`);
}

