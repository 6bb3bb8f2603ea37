// What a check answer must look like: 200 with a body valid against the CheckLivenessResponse schema (the one the
// OpenAPI document publishes) and one result per requested pipeline, echoed in order; anything else the ErrorBody
// schema with a catalogue code (src/errors.ts, docs/errors.md) whose status is the HTTP status.
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { ERROR_CATALOGUE, type ErrorCode } from '../../../src/errors.js';
import { SHARED_SCHEMAS } from '../../../src/http/schemas.js';
import type { Answer } from './http-client.js';
import { getJson } from './http-client.js';

const ajv = new Ajv({ strict: false, allErrors: true });
for (const schema of SHARED_SCHEMAS) ajv.addSchema(schema);
const validResponse = ajv.compile({ $ref: 'CheckLivenessResponse' });
const validErrorBody = ajv.compile({ $ref: 'ErrorBody' });

interface ResponseBody {
  aggregate_liveness_probability?: number;
  pipeline_results: { pipeline_name: string; result: { status_code: string } }[];
}

/** Why `answer` is not a valid answer to a check of `requested` pipelines, or null when it is. */
export function answerProblem(answer: Answer, requested: readonly string[]): string | null {
  if (answer.json === undefined) return `status ${answer.status}: the body is not JSON: ${answer.text.slice(0, 200)}`;
  if (answer.status === 200) {
    if (!validResponse(answer.json)) return `200 body does not match CheckLivenessResponse: ${ajv.errorsText(validResponse.errors)}`;
    const body = answer.json as ResponseBody;
    const names = body.pipeline_results.map((r) => r.pipeline_name);
    if (names.join() !== requested.join()) return `200 body answers [${names.join(', ')}] for [${requested.join(', ')}]`;
    const allOk = body.pipeline_results.every((r) => r.result.status_code === 'OK');
    if (allOk !== (body.aggregate_liveness_probability !== undefined)) return '200 body: the aggregate is present exactly when every status is OK';
    return null;
  }
  return errorBodyProblem(answer);
}

/** Why a non-200 answer is not a catalogue error body, or null. */
export function errorBodyProblem(answer: Answer): string | null {
  if (!validErrorBody(answer.json)) return `status ${answer.status}: body does not match ErrorBody: ${ajv.errorsText(validErrorBody.errors)}`;
  const code = (answer.json as { error_code: ErrorCode; status: number }).error_code;
  if (ERROR_CATALOGUE[code].status !== answer.status) return `status ${answer.status} with error_code ${code}, which the catalogue gives status ${ERROR_CATALOGUE[code].status}`;
  if ((answer.json as { status: number }).status !== answer.status) return `status ${answer.status} but the body says ${(answer.json as { status: number }).status}`;
  return null;
}

export function errorCode(answer: Answer): string | undefined {
  return (answer.json as { error_code?: string } | undefined)?.error_code;
}

/**
 * The pipelines the server offers (GET /api_version), by name. Fails with a clear message when it offers none: a
 * check then answers 400 whatever the image, and a load or fault test would pass without testing anything.
 */
export async function requireOfferedPipelines(base: string): Promise<string[]> {
  const { status, json } = await getJson(base, '/api_version');
  assert.equal(status, 200);
  const offered = Object.keys((json as { expirationDates: Record<string, unknown> }).expirationDates);
  assert.ok(
    offered.length > 0,
    'This build offers no pipeline (src/pipelines/detectors.ts registers no detector), so every check would be a 400 ' +
      'and this test would prove nothing. It passes once trained detectors are registered; before that, run it with ' +
      'DOCLIVE_TEST_DETECTOR_DOUBLES=vulture-sr,woodpecker-pc,robin-pc,xenops-ps,hawk-sd to use test-double detectors.',
  );
  return offered;
}
