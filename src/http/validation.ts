import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { DocliveError, type ErrorCode } from '../errors.js';

// Two validators: bodies are checked without type coercion (a number where a string is expected is a 400, not a
// string "123"); query strings coerce single values into arrays so ?pipelines=a and ?pipelines=a&pipelines=b
// arrive the same way. Fastify's own defaults are kept otherwise.

// verbose: errors carry the offending value, so messages can quote it.
const common = { useDefaults: true, removeAdditional: true, allErrors: false, strict: false, verbose: true } as const;

/** Routes whose body is read as a multipart stream, not validated as JSON (their body schema documents the form). */
const STREAMED_BODY_URLS = new Set(['/check_liveness_file']);

/** A validator compiler for one app; `sharedSchemas` (with $id) are known to both validators. */
export function createValidatorCompiler(sharedSchemas: readonly object[]): FastifySchemaCompiler<object> {
  const bodyAjv = new Ajv({ ...common, coerceTypes: false });
  const queryAjv = new Ajv({ ...common, coerceTypes: 'array' });
  for (const schema of sharedSchemas) {
    bodyAjv.addSchema(schema);
    queryAjv.addSchema(schema);
  }
  return ({ schema, httpPart, url }) => {
    if (httpPart === 'body' && STREAMED_BODY_URLS.has(url)) return () => true;
    const ajv = httpPart === 'body' ? bodyAjv : queryAjv;
    const validate: ValidateFunction = ajv.compile(schema);
    return (data: unknown) =>
      validate(data) ? { value: data } : { error: Object.assign(new Error('validation'), { validation: validate.errors ?? [] }) };
  };
}

/** Turns the first Ajv error of a request into a DocliveError whose message says what is accepted. */
export function validationToDocliveError(errors: readonly ErrorObject[], httpPart: string, routeUrl: string | undefined): DocliveError {
  const error = errors[0];
  const where = httpPart === 'querystring' ? 'query parameter' : 'field';
  if (error === undefined) return new DocliveError('BAD_REQUEST', `The request ${httpPart} is not valid.`);
  const path = fieldPath(error.instancePath);
  let code: ErrorCode = routeUrl === '/bi_report' ? 'INVALID_DATE_RANGE' : 'BAD_REQUEST';
  let message: string;
  switch (error.keyword) {
    case 'required': {
      const missing = joinPath(path, String(error.params.missingProperty));
      message = `Missing required ${where} '${missing}'.`;
      if (routeUrl === '/bi_report') message += ' Both date_from and date_to are required, as yyyy-MM-dd.';
      break;
    }
    case 'type':
      message = `The ${where} '${path || httpPart}' must be ${article(String(error.params.type))}.`;
      if (httpPart === 'body' && path === '') message = 'The request body must be a JSON object.';
      break;
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).join(', ');
      message = `The ${where} '${path}' has an unsupported value ${JSON.stringify(error.data)}: must be one of [${allowed}].`;
      if (/^pipelines\[\d+\]\.calibration$/.test(path)) code = 'INVALID_CALIBRATION';
      if (/^errors_to_ignore\[\d+\]$/.test(path)) {
        code = 'NON_IGNORABLE_ERROR';
        message = `errors_to_ignore: ${JSON.stringify(error.data)} cannot be ignored; only [${allowed}] may be ignored.`;
      }
      break;
    }
    case 'minItems':
      message = `The ${where} '${path}' must contain at least ${String(error.params.limit)} item(s).`;
      if (path === 'pipelines') message += ' See GET /api_version for the available pipelines.';
      break;
    default:
      message = `The ${where} '${path || httpPart}' ${error.message ?? 'is not valid'}.`;
  }
  return new DocliveError(code, message);
}

function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((s) => s !== '')
    .map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}

function joinPath(base: string, property: string): string {
  return base === '' ? property : `${base}.${property}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
