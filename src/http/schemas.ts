import { Type, type TSchema } from 'typebox';
import { ATTACK_TYPES, CALIBRATIONS, DEFAULT_CALIBRATION, DOCUMENT_TYPES, IGNORABLE_ERRORS, QUALITY_WARNINGS, STATUS_CODES } from '../domain/types.js';
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
    explain: Type.Optional(
      Type.Union([Type.Boolean(), Type.Null()], {
        description: 'true adds the "explanation" object to the response (also ?explain=true). Absent, null or false: the response is exactly the reference\'s.',
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

const PointSchema = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[x, y] in pixels.' });
const QuadSchema = Type.Array(PointSchema, { minItems: 4, maxItems: 4, description: 'Four corners [x, y], clockwise from the document\'s own top-left.' });
const BoxSchema = Type.Object({ x: Type.Number(), y: Type.Number(), width: Type.Number(), height: Type.Number() });
const nullable = <T extends TSchema>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });

export const QualityCheckSchema = Type.Object(
  {
    name: stringEnum([...QUALITY_WARNINGS, 'DOCUMENT_IS_COLORLESS'], 'The warning (or the DOCUMENT_IS_COLORLESS status) this rule decides.'),
    raised: Type.Boolean({ description: 'Whether the rule fired on this image.' }),
    rule: Type.String({ description: 'The rule in words, with its thresholds.' }),
    measured: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.Null()]), {
      description: 'The values the rule read, e.g. blur_sigma_mm; null when not measurable (no document).',
    }),
    thresholds: Type.Record(Type.String(), Type.Number(), { description: 'The thresholds it compared them with (docs/quality.md).' }),
  },
  { $id: 'QualityCheck' },
);

export const PipelineExplanationSchema = Type.Object(
  {
    pipeline_name: Type.String({ description: 'As sent (aliases are echoed back), as in pipeline_results.' }),
    pipeline: Type.String({ description: 'The pipeline the name resolved to.' }),
    calibration: stringEnum(CALIBRATIONS, 'The calibration used (region probabilities use it too).'),
    status_code: stringEnum(STATUS_CODES),
    evidence: nullable(
      Type.Object({
        features: Type.Array(
          Type.Object({
            name: Type.String(),
            value: nullable(Type.Number(), 'The feature\'s value (null when not finite).'),
            contribution: nullable(Type.Number(), 'Its share of the raw score (linear models: weight x standardised value); null for other models.'),
          }),
          { description: "The detector model's inputs, strongest |contribution| first." },
        ),
        details: Type.Record(Type.String(), Type.Unknown(), { description: 'Detector-specific facts, e.g. the strongest spectral peaks and where they are.' }),
        region_map: nullable(
          Type.Object({
            rows: Type.Integer({ minimum: 1 }),
            cols: Type.Integer({ minimum: 1 }),
            scores: Type.Array(Type.Number(), { description: 'Raw score per cell, row-major over the canonical document (higher = more live).' }),
            probabilities: Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { description: 'Each cell\'s score through the calibration used.' }),
            png: Type.String({ description: 'PNG (base64) of the map: 16 x 16 px per cell, red (probability 0) - yellow (0.5) - green (1). It covers the canonical document corner to corner; main_document.canonical_to_image places it on the image.' }),
          }),
          'A coarse map of the score over the document; null when the detector has none.',
        ),
      }),
      'What the detector based its score on; null when it did not run (status not OK) or cannot explain.',
    ),
  },
  { $id: 'PipelineExplanation' },
);

export const CheckExplanationSchema = Type.Object(
  {
    image: Type.Object({ width: Type.Integer(), height: Type.Integer() }, { description: 'Size of the image after EXIF orientation: every image-pixel coordinate refers to it.' }),
    documents: Type.Object(
      { count: Type.Integer({ minimum: 0 }), document_type: stringEnum(DOCUMENT_TYPES, 'Type of the main document.'), quads: Type.Array(QuadSchema, { description: 'Every document found, main first, in image pixels.' }) },
    ),
    main_document: nullable(
      Type.Object({
        quad: QuadSchema,
        document_type: stringEnum(DOCUMENT_TYPES),
        canonical_width: Type.Integer({ description: 'Width of the rectified document the detectors and region maps refer to.' }),
        canonical_height: Type.Integer(),
        canonical_to_image: Type.Array(Type.Number(), { minItems: 9, maxItems: 9, description: 'Row-major 3x3 homography from canonical-document pixels to image pixels.' }),
      }),
      'null when no document was found.',
    ),
    portrait: nullable(
      Type.Object({
        face_score: Type.Number({ description: 'Face detector confidence, 0..1.' }),
        canonical_box: BoxSchema,
        image_quad: QuadSchema,
        image_box: BoxSchema,
      }),
      'The portrait (photo area) of the main document, on the canonical document and in image pixels; null when none was found.',
    ),
    quality: Type.Array(Type.Ref('QualityCheck'), { description: 'Every quality rule: measured values, thresholds, raised or not.' }),
    pipelines: Type.Array(Type.Ref('PipelineExplanation'), { description: 'One entry per entry of pipeline_results, same order.' }),
  },
  { $id: 'CheckExplanation', description: 'The evidence behind a check (explain=true). Never contains image data beyond the colour-mapped region maps.' },
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
    explanation: Type.Optional(Type.Ref('CheckExplanation', { description: 'Only with explain=true: the evidence behind the answer.' })),
  },
  { $id: 'CheckLivenessResponse' },
);

const EXPLAIN_DESCRIPTION = 'true adds the "explanation" object to the response (see CheckExplanation); absent or false: the response is exactly the reference\'s.';

export const CheckLivenessQuerySchema = Type.Object({
  explain: Type.Optional(Type.Boolean({ description: EXPLAIN_DESCRIPTION })),
});

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
  explain: Type.Optional(Type.Boolean({ description: EXPLAIN_DESCRIPTION })),
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
  QualityCheckSchema,
  PipelineExplanationSchema,
  CheckExplanationSchema,
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
