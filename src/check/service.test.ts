import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocliveError, type ErrorCode } from '../errors.js';
import { resolveOffering } from '../pipelines/offering.js';
import { PIPELINE_NAMES, type PipelineName } from '../pipelines/registry.js';
import { OK_FINDINGS, ScriptedEngine, calibrationFor, licenseDouble, sigmoid } from '../../test/support/doubles.js';
import type { LicenseState } from '../license/types.js';
import { createLivenessChecker } from './service.js';
import type { RequestedPipeline } from './types.js';

const IMAGE = new Uint8Array([1, 2, 3]);

function checker(engine = new ScriptedEngine(), license: LicenseState = licenseDouble(), available: PipelineName[] | null = null) {
  const offering = resolveOffering(engine.implementedPipelines(), available, license);
  return createLivenessChecker({
    engine,
    offering,
    license,
    calibrations: new Map(offering.offered.map((name) => [name, calibrationFor(name)])),
    timezone: 'UTC',
    clock: () => new Date('2026-03-15T12:00:00Z'),
  });
}

const run = (c: ReturnType<typeof checker>, pipelines: RequestedPipeline[], errorsToIgnore: string[] = []) =>
  c.check({ image: IMAGE, pipelines, errorsToIgnore });

function throwsCode(fn: () => unknown, code: ErrorCode, message: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof DocliveError && error.code === code && message.test(error.message));
}

test('all OK: calibrated probability per pipeline, aliases echoed, min aggregate, union of warnings', async () => {
  const engine = new ScriptedEngine();
  engine.scores = { 'vulture-sr': 2, 'woodpecker-pc': 0.5 };
  engine.findings = { ...OK_FINDINGS, warnings: ['IMAGE_TOO_BLURRY', 'GLARE_ON_IMAGE'] };
  const response = await run(checker(engine), [{ requested: 'default-sr' }, { requested: 'woodpecker-pc', calibration: 'HARD' }]);
  assert.deepEqual(response, {
    aggregate_liveness_probability: sigmoid(0.5 - 1),
    aggregate_image_quality_warnings: ['IMAGE_TOO_BLURRY', 'GLARE_ON_IMAGE'],
    pipeline_results: [
      {
        pipeline_name: 'default-sr',
        calibration: 'REGULAR',
        result: { liveness_probability: sigmoid(2), liveness_score: 2, image_quality_warnings: ['IMAGE_TOO_BLURRY', 'GLARE_ON_IMAGE'], status_code: 'OK' },
      },
      {
        pipeline_name: 'woodpecker-pc',
        calibration: 'HARD',
        result: { liveness_probability: sigmoid(-0.5), liveness_score: 0.5, image_quality_warnings: ['IMAGE_TOO_BLURRY', 'GLARE_ON_IMAGE'], status_code: 'OK' },
      },
    ],
  });
  assert.deepEqual(engine.requests[0]?.pipelines, ['vulture-sr', 'woodpecker-pc']);
  assert.deepEqual(Object.keys(response), ['aggregate_liveness_probability', 'aggregate_image_quality_warnings', 'pipeline_results']);
});

test('the chosen calibration moves the threshold: SOFT > REGULAR > HARD for the same score', async () => {
  const engine = new ScriptedEngine();
  engine.scores = { 'vulture-sr': 0 };
  const c = checker(engine);
  const p = async (calibration: string) => {
    const r = await run(c, [{ requested: 'vulture-sr', calibration }]);
    return r.aggregate_liveness_probability as number;
  };
  assert.equal(await p('SOFT'), sigmoid(1));
  assert.equal(await p('REGULAR'), 0.5);
  assert.equal(await p('HARD'), sigmoid(-1));
});

test('one pipeline not OK: it answers only status_code and the aggregates are absent', async () => {
  const engine = new ScriptedEngine();
  engine.scores = { 'vulture-sr': 3 };
  engine.findings = { ...OK_FINDINGS, portraitFound: false };
  const response = await run(checker(engine), [{ requested: 'vulture-sr' }, { requested: 'default-ps', calibration: 'SOFT' }]);
  assert.equal('aggregate_liveness_probability' in response, false);
  assert.equal('aggregate_image_quality_warnings' in response, false);
  assert.deepEqual(response.pipeline_results[1], { pipeline_name: 'default-ps', calibration: 'SOFT', result: { status_code: 'DOCUMENT_PHOTO_NOT_FOUND' } });
  assert.equal(response.pipeline_results[0]?.result.status_code, 'OK');
});

test('status precedence: not found > cropped > colorless > photo not found', async () => {
  const engine = new ScriptedEngine();
  engine.scores = { 'xenops-ps': 1 };
  const c = checker(engine);
  const statusOf = async (findings: Partial<typeof OK_FINDINGS>, ignore: string[] = []) =>
    (await run(c, [{ requested: 'xenops-ps' }], ignore)).pipeline_results[0]?.result.status_code;
  const all = { found: false, cropped: true, colorless: true, portraitFound: false };
  engine.findings = { ...OK_FINDINGS, ...all };
  assert.equal(await statusOf(all), 'DOCUMENT_NOT_FOUND');
  engine.findings = { ...OK_FINDINGS, ...all, found: true };
  assert.equal(await statusOf({}), 'DOCUMENT_CROPPED');
  assert.equal(await statusOf({}, ['DOCUMENT_CROPPED']), 'DOCUMENT_IS_COLORLESS');
  assert.equal(await statusOf({}, ['DOCUMENT_CROPPED', 'DOCUMENT_IS_COLORLESS']), 'DOCUMENT_PHOTO_NOT_FOUND');
  engine.findings = { ...OK_FINDINGS, cropped: true, colorless: true };
  assert.equal(await statusOf({}, ['DOCUMENT_IS_COLORLESS', 'DOCUMENT_CROPPED']), 'OK');
  assert.deepEqual(engine.requests.at(-1)?.errorsToIgnore, ['DOCUMENT_IS_COLORLESS', 'DOCUMENT_CROPPED']);
});

test('an ignored crop runs the check and reports DOCUMENT_BORDERS_OUTSIDE_OF_FRAME', async () => {
  const engine = new ScriptedEngine();
  engine.scores = { 'vulture-sr': 1 };
  engine.findings = { ...OK_FINDINGS, cropped: true };
  const response = await run(checker(engine), [{ requested: 'vulture-sr' }], ['DOCUMENT_CROPPED']);
  assert.deepEqual(response.aggregate_image_quality_warnings, ['DOCUMENT_BORDERS_OUTSIDE_OF_FRAME']);
});

test('the same pipeline asked twice (name and alias) is analysed once and answered twice', async () => {
  const engine = new ScriptedEngine();
  engine.scores = { 'vulture-sr': 1 };
  const response = await run(checker(engine), [{ requested: 'vulture-sr', calibration: 'HARD' }, { requested: 'default-sr' }]);
  assert.deepEqual(engine.requests[0]?.pipelines, ['vulture-sr']);
  assert.deepEqual(response.pipeline_results.map((r) => [r.pipeline_name, r.calibration]), [['vulture-sr', 'HARD'], ['default-sr', 'REGULAR']]);
  assert.equal(response.aggregate_liveness_probability, 0.5);
});

test('request validation: unknown, not implemented, not enabled, not licensed, calibration, ignorable errors, empty', () => {
  const c = checker(new ScriptedEngine(['vulture-sr', 'woodpecker-pc', 'robin-pc']), licenseDouble({}, ['vulture-sr', 'woodpecker-pc']), ['vulture-sr', 'robin-pc']);
  throwsCode(() => c.plan([{ requested: 'condor-xx' }], []), 'INVALID_PIPELINE', /Unknown pipeline 'condor-xx': must be one of \[vulture-sr, default-sr\]/);
  throwsCode(() => c.plan([{ requested: 'default-ps' }], []), 'INVALID_PIPELINE', /exists but no trained detector is available/);
  throwsCode(() => c.plan([{ requested: 'default-pc' }], []), 'INVALID_PIPELINE', /not enabled on this server \(IDLIVEDOC_SERVER_AVAILABLE_PIPELINES\)/);
  throwsCode(() => c.plan([{ requested: 'robin-pc' }], []), 'INVALID_PIPELINE', /not covered by this server's license/);
  throwsCode(() => c.plan([{ requested: 'vulture-sr', calibration: 'regular' }], []), 'INVALID_CALIBRATION', /must be one of \[REGULAR, SOFT, HARD\]/);
  throwsCode(() => c.plan([{ requested: 'vulture-sr' }], ['DOCUMENT_NOT_FOUND']), 'NON_IGNORABLE_ERROR', /'DOCUMENT_NOT_FOUND' cannot be ignored/);
  throwsCode(() => c.plan([{ requested: 'vulture-sr' }], ['GLARE']), 'NON_IGNORABLE_ERROR', /only \[DOCUMENT_CROPPED, DOCUMENT_IS_COLORLESS\]/);
  throwsCode(() => c.plan([], []), 'BAD_REQUEST', /at least one pipeline/);
});

test('an expired pipeline is a 403 naming its date; an unexpired one runs', async () => {
  const engine = new ScriptedEngine();
  engine.scores = { 'vulture-sr': 1 };
  const c = checker(engine, licenseDouble({ 'woodpecker-pc': '2026-03-14', 'vulture-sr': '2026-03-15' }));
  throwsCode(() => c.plan([{ requested: 'vulture-sr' }, { requested: 'default-pc' }], []), 'PIPELINE_LICENSE_EXPIRED', /woodpecker-pc \(expired 2026-03-14\)/);
  assert.equal((await run(c, [{ requested: 'vulture-sr' }])).pipeline_results[0]?.result.status_code, 'OK');
});

test('with no implemented pipeline every name is refused with an honest message', () => {
  const c = checker(new ScriptedEngine([]));
  for (const name of PIPELINE_NAMES) {
    throwsCode(() => c.plan([{ requested: name }], []), 'INVALID_PIPELINE', /no trained detector is available for it in this build.*this server offers no pipeline yet/);
  }
});

test('engine errors pass through; a missing score for an OK pipeline is an internal error', async () => {
  const engine = new ScriptedEngine();
  const c = checker(engine);
  await assert.rejects(run(c, [{ requested: 'vulture-sr' }]), /no finite score for OK pipeline vulture-sr/);
  engine.failWith = new DocliveError('IMAGE_DECODE_FAILED', 'truncated');
  await assert.rejects(run(c, [{ requested: 'vulture-sr' }]), (error: unknown) => error instanceof DocliveError && error.code === 'IMAGE_DECODE_FAILED');
});

test('eval-only noDocumentGate: a whole-image score answers OK instead of DOCUMENT_NOT_FOUND; without it the gate holds', async () => {
  const engine = new ScriptedEngine();
  engine.scores = { 'vulture-sr': 2 };
  engine.findings = { ...OK_FINDINGS, found: false, documentType: 'UNKNOWN' };
  const c = checker(engine);
  const request = { image: IMAGE, pipelines: [{ requested: 'vulture-sr' }], errorsToIgnore: [] };
  assert.equal((await c.check(request)).pipeline_results[0]?.result.status_code, 'DOCUMENT_NOT_FOUND');
  assert.equal(engine.requests[0]?.noDocumentGate, undefined);
  const gated = await c.check(request, { noDocumentGate: true });
  assert.equal(gated.aggregate_liveness_probability, sigmoid(2));
  assert.equal(engine.requests[1]?.noDocumentGate, true);
});
