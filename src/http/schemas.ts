import { Type, type TSchema } from 'typebox';
import { ATTACK_TYPES, CALIBRATIONS, DEFAULT_CALIBRATION, IGNORABLE_ERRORS, QUALITY_WARNINGS, STATUS_CODES } from '../domain/types.js';
import { ERROR_CATALOGUE } from '../errors.js';
import { ACCEPTED_FORMATS_TEXT } from '../image/inspect.js';

// TypeBox schemas: request validation, response serialisation and the OpenAPI document come from these.
// Shared ones carry an $id, are added with app.addSchema and appear under components/schemas in the OpenAPI.

const stringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description === undefined ? {} : { description }) });

const nullableDay = (description: string) =>
  Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()], { description });

export const ErrorBodySchema = Type.Object(
  {
    timestamp: Type.String({ description: 'When the error was answered (ISO 8601, UTC).' }),
    status: Type.Integer({ description: 'HTTP status code.' }),
    error: Type.String({ description: 'HTTP reason phrase, e.g. "Bad Request".' }),
    message: Type.String({ description: 'What was wrong and what is accepted.' }),
    path: Type.String({ description: 'Request path.' }),
    error_code: stringEnum(Object.keys(ERROR_CATALOGUE), 'Machine-readable code; see docs/errors.md.'),
  },
  { $id: 'ErrorBody', description: 'Body of every non-200 answer.' },
);

export const PipelineRequestSchema = Type.Object(
  {
    pipeline_name: Type.String({ description: 'Pipeline name or alias (see GET /api_version), e.g. "vulture-sr" or "default-sr".' }),
    calibration: Type.Optional(
      Type.Union([stringEnum(CALIBRATIONS), Type.Null()], { description: `Calibration to use; ${DEFAULT_CALIBRATION} when absent or null.` }),
    ),
  },
  { $id: 'PipelineRequest' },
);

export const CheckLivenessRequestSchema = Type.Object(
  {
    image: Type.String({
      description:
        `The image file, base64-encoded. Line breaks and spaces inside the string are ignored (the output of \`base64 file\` works as is); ` +
        `a "data:image/...;base64," prefix is accepted. Formats: ${ACCEPTED_FORMATS_TEXT}.`,
    }),
    pipelines: Type.Array(Type.Ref('PipelineRequest'), { minItems: 1, description: 'Pipelines to run; at least one.' }),
    errors_to_ignore: Type.Optional(
      Type.Union([Type.Array(stringEnum(IGNORABLE_ERRORS)), Type.Null()], {
        description: `Validation errors to ignore: only ${IGNORABLE_ERRORS.join(' and ')}. Absent or null = none.`,
      }),
    ),
  },
  { $id: 'CheckLivenessRequest' },
);

export const PipelineOutcomeSchema = Type.Object(
  {
    liveness_probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Calibrated probability that the document is live; live when > 0.5. Only when status_code is OK.' })),
    liveness_score: Type.Optional(Type.Number({ description: 'Raw, unbounded detector score (higher = more live). Only when status_code is OK.' })),
    image_quality_warnings: Type.Optional(Type.Array(stringEnum(QUALITY_WARNINGS), { description: 'Only when status_code is OK.' })),
    status_code: stringEnum(STATUS_CODES, 'OK, or the first validation error that stopped this pipeline.'),
  },
  { $id: 'PipelineOutcome' },
);

export const PipelineResultSchema = Type.Object(
  {
    pipeline_name: Type.String({ description: 'As sent (aliases are echoed back).' }),
    calibration: stringEnum(CALIBRATIONS, 'The calibration used.'),
    result: Type.Ref('PipelineOutcome'),
  },
  { $id: 'PipelineResult' },
);

export const CheckLivenessResponseSchema = Type.Object(
  {
    aggregate_liveness_probability: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'Minimum of the pipelines\' probabilities. Absent when any status_code is not OK.' }),
    ),
    aggregate_image_quality_warnings: Type.Optional(
      Type.Array(stringEnum(QUALITY_WARNINGS), { description: 'Union of the pipelines\' warnings. Absent when any status_code is not OK.' }),
    ),
    pipeline_results: Type.Array(Type.Ref('PipelineResult')),
  },
  { $id: 'CheckLivenessResponse' },
);

export const CheckLivenessFileQuerySchema = Type.Object({
  pipelines: Type.Array(Type.String(), {
    description: 'Pipeline names or aliases: a comma-separated list (pipelines=default-sr,default-pc) or repeated parameters.',
  }),
  calibrations: Type.Optional(
    Type.Array(Type.String(), {
      description: `Calibrations (${CALIBRATIONS.join(', ')}), one per pipeline in the same order, or none (all ${DEFAULT_CALIBRATION}).`,
    }),
  ),
  errors_to_ignore: Type.Optional(
    Type.Array(Type.String(), { description: `Validation errors to ignore: ${IGNORABLE_ERRORS.join(', ')}.` }),
  ),
});

export const CheckLivenessFileBodySchema = Type.Object({
  file: Type.String({ format: 'binary', description: `The image file (${ACCEPTED_FORMATS_TEXT}).` }),
});

export const LicenseInfoSchema = Type.Array(
  Type.Object({
    attackType: stringEnum(ATTACK_TYPES),
    pipelineName: Type.String(),
    expirationDate: nullableDay('yyyy-MM-dd; null when no license file limits it.'),
  }),
  { $id: 'LicenseInfo' },
);

export const ApiVersionSchema = Type.Object(
  {
    product: Type.String(),
    version: Type.String(),
    availablePipelines: Type.Array(Type.String(), { description: 'Names and aliases that resolve to a pipeline this server offers.' }),
    pipelineAliases: Type.Record(Type.String(), Type.String(), { description: 'Alias -> pipeline name, for offered pipelines.' }),
    expirationDates: Type.Record(Type.String(), nullableDay('yyyy-MM-dd or null'), { description: 'Pipeline name -> license expiration date.' }),
  },
  { $id: 'ApiVersion' },
);

export const BiReportQuerySchema = Type.Object({
  date_from: Type.String({ description: 'First day, yyyy-MM-dd, inclusive.' }),
  date_to: Type.String({ description: 'Last day, yyyy-MM-dd, inclusive; not before date_from.' }),
});

export const BiReportSchema = Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
  $id: 'BiReport',
  description:
    'Counts of answered checks over the days: "total", and one key per outcome, e.g. "auk_ID_CARD_probability_0.9-1.0" or "auk_UNKNOWN_DOCUMENT_NOT_FOUND".',
});

export const HealthSchema = Type.Object(
  {
    status: Type.String({ description: 'UP' }),
    checks: Type.Record(Type.String(), Type.String(), { description: 'Component -> UP / DOWN.' }),
  },
  { $id: 'Health' },
);

export const HealthDownSchema = Type.Object(
  {
    timestamp: Type.String(),
    status: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    path: Type.String(),
    error_code: Type.String(),
    checks: Type.Record(Type.String(), Type.String()),
  },
  { $id: 'HealthDown', description: 'The error body, plus the state of each component.' },
);

/**
 * Check answers are built in the reference's field order (aggregates first, status_code last); fast-json-stringify
 * would write required fields first, so these routes serialise with JSON.stringify (the schema still documents them).
 */
export const inOrderSerializer = () => (data: unknown) => JSON.stringify(data);

/** Every shared schema, in an order where each is added after what it references. */
export const SHARED_SCHEMAS: readonly TSchema[] = [
  ErrorBodySchema,
  PipelineRequestSchema,
  CheckLivenessRequestSchema,
  PipelineOutcomeSchema,
  PipelineResultSchema,
  CheckLivenessResponseSchema,
  LicenseInfoSchema,
  ApiVersionSchema,
  BiReportSchema,
  HealthSchema,
  HealthDownSchema,
];

export const errorRef = (description: string) => ({ ...Type.Ref('ErrorBody'), description });

/** Error responses for a route's OpenAPI entry: status -> description. */
export function errorResponses(statuses: Record<number, string>): Record<number, unknown> {
  return Object.fromEntries(Object.entries(statuses).map(([status, description]) => [status, errorRef(description)]));
}
