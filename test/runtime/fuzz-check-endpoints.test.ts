// Issue 8, item 6: fuzzing both check endpoints of a real server process (src/main.ts, real engine and pipelines)
// with fast-check: random JSON bodies (any JSON, non-JSON text, request-shaped objects with random fields, cut-off
// bodies) at POST /check_liveness, random multipart uploads and queries at POST /check_liveness_file, and as images
// random bytes, noise behind a real format's signature, truncated and corrupted real images. Every answer must be a
// 200 valid against the response schema or a documented 4xx (ErrorBody with a catalogue code of that status), never
// a 5xx; afterwards the server is ready and answers a valid check. DOCLIVE_FUZZ_RUNS runs per endpoint (default 150).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import sharp from 'sharp';
import { IGNORABLE_ERRORS, STATUS_CODES } from '../../src/domain/types.js';
import { PIPELINES, type PipelineName } from '../../src/pipelines/registry.js';
import { multipartBody } from '../support/multipart.js';
import { answerProblem, errorBodyProblem, requireOfferedPipelines } from './harness/answers.js';
import { documentJpeg } from './harness/document-scene.js';
import { getJson, jsonCheck, metricValue, send, type HttpRequestSpec } from './harness/http-client.js';
import { DETECTOR_DOUBLES, killIfRunning, startServerProcess, type ServerProcess } from './harness/server-process.js';

const RUNS = Number(process.env.DOCLIVE_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.DOCLIVE_FUZZ_SEED ?? 20261127);

/** Signatures of formats doclive reads or recognises, followed by noise in the fuzz. */
const SIGNATURES = [
  [0xff, 0xd8, 0xff, 0xe0],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
  [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  [0x49, 0x49, 0x2a, 0x00],
  [0x42, 0x4d],
].map((bytes) => Buffer.from(bytes));

interface Images {
  readonly valid: readonly Buffer[];
}

function imageBytes({ valid }: Images): fc.Arbitrary<Buffer> {
  const realImage = fc.constantFrom(...valid);
  // Positions as whole percents: fast-check biases numbers towards their bounds, and a flip in the first bytes only
  // ever tests the signature check.
  const percent = (min: number, max: number) => fc.integer({ min, max });
  return fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
    fc.tuple(fc.constantFrom(...SIGNATURES), fc.uint8Array({ maxLength: 2048 })).map(([head, tail]) => Buffer.concat([head, tail])),
    fc.tuple(realImage, percent(1, 99)).map(([image, keep]) => image.subarray(0, Math.floor((image.length * keep) / 100))),
    {
      arbitrary: fc
        .tuple(realImage, fc.array(fc.tuple(percent(5, 99), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }))
        .map(([image, flips]) => {
          const copy = Buffer.from(image);
          for (const [where, value] of flips) copy[Math.floor((where * copy.length) / 100)] = value;
          return copy;
        }),
      weight: 2,
    },
    realImage,
  );
}

/** Mostly names this server offers (so requests reach the image), sometimes aliases, other pipelines or junk. */
function pipelineName(offered: readonly string[]): fc.Arbitrary<string> {
  const aliases = offered.map((name) => PIPELINES[name as PipelineName]?.alias).filter((a): a is string => typeof a === 'string');
  return fc.oneof(
    { arbitrary: fc.constantFrom(...offered), weight: 6 },
    { arbitrary: fc.constantFrom(...offered, ...aliases, ...Object.keys(PIPELINES)), weight: 2 },
    { arbitrary: fc.string({ maxLength: 24 }), weight: 1 },
  );
}

// Each field is mostly valid, so that most requests get past validation to the image; a few are junk.
const calibration = fc.oneof(
  { arbitrary: fc.constantFrom('REGULAR', 'SOFT', 'HARD', null), weight: 6 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);
const errorsToIgnore = fc.oneof(
  { arbitrary: fc.constantFrom(undefined, null), weight: 4 },
  { arbitrary: fc.subarray([...IGNORABLE_ERRORS]), weight: 4 },
  { arbitrary: fc.array(fc.oneof(fc.constantFrom(...STATUS_CODES), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 3 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

interface JsonCase {
  readonly spec: HttpRequestSpec;
  /** Pipelines a 200 must answer, in order, when the body named them as documented. */
  readonly requested: readonly string[] | null;
}

function jsonCases(offered: readonly string[], images: Images): fc.Arbitrary<JsonCase> {
  const entry = fc.oneof(
    { arbitrary: fc.record({ pipeline_name: pipelineName(offered), calibration }, { requiredKeys: ['pipeline_name'] }), weight: 10 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  );
  const fields = {
    image: fc.oneof(
      { arbitrary: imageBytes(images).map((bytes) => bytes.toString('base64')), weight: 8 },
      { arbitrary: fc.string({ maxLength: 64 }), weight: 1 },
      { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
    ),
    pipelines: fc.oneof({ arbitrary: fc.array(entry, { minLength: 1, maxLength: 3 }), weight: 8 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 }),
    errors_to_ignore: errorsToIgnore,
  };
  const shaped = fc.oneof(
    { arbitrary: fc.record(fields, { requiredKeys: ['image', 'pipelines'] }), weight: 8 },
    { arbitrary: fc.record(fields, { requiredKeys: [] }), weight: 1 },
  );
  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 8 },
    { arbitrary: fc.constantFrom('text/plain', 'application/octet-stream', 'multipart/form-data; boundary=x', 'application/json; charset=latin1'), weight: 1 },
  );
  const body: fc.Arbitrary<{ text: string; requested: readonly string[] | null }> = fc.oneof(
    { arbitrary: shaped.map((value) => ({ text: JSON.stringify(value), requested: requestedBy(value.pipelines) })), weight: 6 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ text: JSON.stringify(value) ?? 'null', requested: null })), weight: 1 },
    { arbitrary: fc.string({ maxLength: 64 }).map((text) => ({ text, requested: null })), weight: 1 },
    {
      arbitrary: fc.tuple(shaped, fc.integer({ min: 0, max: 99 })).map(([value, keep]) => {
        const text = JSON.stringify(value);
        return { text: text.slice(0, Math.floor((text.length * keep) / 100)), requested: null };
      }),
      weight: 1,
    },
  );
  return fc.tuple(body, contentType).map(([{ text, requested }, type]) => ({
    spec: { method: 'POST', path: '/check_liveness', headers: { 'content-type': type }, body: Buffer.from(text) },
    requested,
  }));
}

function requestedBy(pipelines: unknown): readonly string[] | null {
  if (!Array.isArray(pipelines)) return null;
  const names = pipelines.map((entry: unknown) => (entry as { pipeline_name?: unknown } | null)?.pipeline_name);
  return names.every((name): name is string => typeof name === 'string') ? names : null;
}

function fileCases(offered: readonly string[], images: Images): fc.Arbitrary<JsonCase> {
  const list = (item: fc.Arbitrary<string>, minLength: number) => fc.array(item, { minLength, maxLength: 3 });
  return fc
    .record({
      pipelines: fc.oneof({ arbitrary: list(pipelineName(offered), 1), weight: 8 }, { arbitrary: list(pipelineName(offered), 0), weight: 1 }),
      calibrations: fc.option(list(fc.oneof(fc.constantFrom('REGULAR', 'SOFT', 'HARD'), fc.string({ maxLength: 8 })), 0), { nil: undefined, freq: 2 }),
      errorsToIgnore: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 4 },
        { arbitrary: fc.subarray([...IGNORABLE_ERRORS]), weight: 4 },
        { arbitrary: list(fc.constantFrom(...STATUS_CODES), 1), weight: 1 },
      ),
      partName: fc.oneof({ arbitrary: fc.constant('file'), weight: 8 }, { arbitrary: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => /^[\w-]+$/.test(s)), weight: 1 }),
      image: imageBytes(images),
      keep: fc.oneof({ arbitrary: fc.constant(100), weight: 8 }, { arbitrary: fc.integer({ min: 0, max: 99 }), weight: 1 }),
    })
    .map(({ pipelines, calibrations, errorsToIgnore: ignored, partName, image, keep }) => {
      const query = new URLSearchParams({ pipelines: pipelines.join(',') });
      if (calibrations !== undefined) query.set('calibrations', calibrations.join(','));
      if (ignored !== undefined) query.set('errors_to_ignore', ignored.join(','));
      const { payload, headers } = multipartBody([{ name: partName, filename: 'photo.jpg', data: image }]);
      const body = payload.subarray(0, Math.floor((payload.length * keep) / 100));
      return {
        spec: { method: 'POST', path: `/check_liveness_file?${query}`, headers: { ...headers, 'content-length': String(body.length) }, body },
        requested: pipelines,
      };
    });
}

async function expectDocumentedAnswer(base: string, { spec, requested }: JsonCase): Promise<void> {
  const outcome = await send(base, spec);
  assert.equal(outcome.kind, 'answer', `no answer: ${JSON.stringify(outcome)}`);
  assert.ok(outcome.kind === 'answer');
  assert.ok(outcome.status < 500, `5xx: ${outcome.text}`);
  if (outcome.status === 200) {
    assert.notEqual(requested, null, `200 for a request that names no pipelines as documented: ${outcome.text}`);
    assert.equal(answerProblem(outcome, requested ?? []), null);
  } else {
    assert.ok(outcome.status >= 400, `status ${outcome.status}`);
    assert.equal(errorBodyProblem(outcome), null);
  }
}

test(`fuzzing both check endpoints (${RUNS} runs each): only 200 or documented 4xx, never 5xx, healthy afterwards`, { timeout: 900_000 }, async (t) => {
  if (DETECTOR_DOUBLES.length > 0) t.diagnostic(`test-double detectors for ${DETECTOR_DOUBLES.join(', ')} (DOCLIVE_TEST_DETECTOR_DOUBLES)`);
  let server: ServerProcess | undefined;
  t.after(() => killIfRunning(server));
  server = await startServerProcess({ env: { IDLIVEDOC_SERVER_WORKERS: '1', IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS: '120000' } });
  const { base } = server;
  const offered = await requireOfferedPipelines(base);
  const jpeg = await documentJpeg(31, 640, 400);
  const images: Images = { valid: [jpeg, await sharp(jpeg).png().toBuffer(), await sharp(jpeg).webp().toBuffer()] };

  await fc.assert(fc.asyncProperty(jsonCases(offered, images), (c) => expectDocumentedAnswer(base, c)), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  await fc.assert(fc.asyncProperty(fileCases(offered, images), (c) => expectDocumentedAnswer(base, c)), { numRuns: RUNS, seed: SEED + 1, endOnFailure: true });

  const statuses = (await send(base, { method: 'GET', path: '/metrics' })) as { text?: string };
  const served = (statuses.text ?? '').split('\n').filter((l) => l.startsWith('doclive_http_requests_total{method="POST"'));
  t.diagnostic(served.join('\n'));
  const codes = new Map<string, number>();
  for (const line of server.logs()) if (typeof line.error_code === 'string') codes.set(line.error_code, (codes.get(line.error_code) ?? 0) + 1);
  t.diagnostic(`error codes answered: ${[...codes].map(([code, n]) => `${code} ${n}`).join(', ')}`);
  assert.deepEqual(served.filter((l) => /status_code="5\d\d"/.test(l)), [], 'the server counted no 5xx');
  assert.equal((await getJson(base, '/health/ready')).status, 200, 'ready after the fuzz');
  const valid = await send(base, jsonCheck(jpeg, offered));
  assert.ok(valid.kind === 'answer' && valid.status === 200, `a valid check is still answered: ${JSON.stringify(valid)}`);
  assert.equal(answerProblem(valid, offered), null);
  assert.ok((await metricValue(base, 'doclive_worker_restarts_total')) === 0, 'no worker died');
  assert.equal(await server.stop(), 0);
});
