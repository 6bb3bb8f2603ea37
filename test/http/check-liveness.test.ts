import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import { loadCalibrations } from '../../src/calibration/load.js';
import { defaultModelDir } from '../../src/inference/model-files.js';
import { buildApp } from '../../src/app.js';
import { DETECTOR_FACTORIES } from '../../src/pipelines/detectors.js';
import { PIPELINE_NAMES } from '../../src/pipelines/registry.js';
import { OK_FINDINGS, MemoryStore, ScriptedEngine, calibrationFor, licenseDouble, sigmoid, testConfig, testServer } from '../support/doubles.js';
import { imageBytes } from '../support/images.js';

const post = (payload: object) => ({ method: 'POST' as const, url: '/check_liveness', payload });

test('POST /check_liveness answers the reference shape, aliases echoed with the calibration used', async () => {
  const { app, engine } = await testServer();
  engine.scores = { 'vulture-sr': 2.5, 'woodpecker-pc': 1, 'xenops-ps': 4 };
  engine.findings = { ...OK_FINDINGS, warnings: ['POOR_IMAGE_EXPOSURE'] };
  const image = (await imageBytes('jpeg')).toString('base64');
  const res = await app.inject(
    post({
      image,
      pipelines: [{ pipeline_name: 'default-sr', calibration: 'REGULAR' }, { pipeline_name: 'default-pc' }, { pipeline_name: 'xenops-ps', calibration: 'HARD' }],
      errors_to_ignore: ['DOCUMENT_CROPPED'],
    }),
  );
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /^application\/json/);
  assert.equal(
    res.body,
    JSON.stringify({
      aggregate_liveness_probability: sigmoid(1),
      aggregate_image_quality_warnings: ['POOR_IMAGE_EXPOSURE'],
      pipeline_results: [
        { pipeline_name: 'default-sr', calibration: 'REGULAR', result: { liveness_probability: sigmoid(2.5), liveness_score: 2.5, image_quality_warnings: ['POOR_IMAGE_EXPOSURE'], status_code: 'OK' } },
        { pipeline_name: 'default-pc', calibration: 'REGULAR', result: { liveness_probability: sigmoid(1), liveness_score: 1, image_quality_warnings: ['POOR_IMAGE_EXPOSURE'], status_code: 'OK' } },
        { pipeline_name: 'xenops-ps', calibration: 'HARD', result: { liveness_probability: sigmoid(3), liveness_score: 4, image_quality_warnings: ['POOR_IMAGE_EXPOSURE'], status_code: 'OK' } },
      ],
    }),
  );
  const request = engine.requests[0];
  assert.deepEqual([...(request?.image ?? [])], [...(await imageBytes('jpeg'))]);
  assert.deepEqual(request?.errorsToIgnore, ['DOCUMENT_CROPPED']);
  await app.close();
});

test('a pipeline that is not OK answers only status_code; the aggregate fields are absent', async () => {
  const { app, engine } = await testServer();
  engine.scores = { 'vulture-sr': 1 };
  engine.findings = { ...OK_FINDINGS, colorless: true, documentType: 'PASSPORT' };
  const res = await app.inject(post({ image: (await imageBytes('png')).toString('base64'), pipelines: [{ pipeline_name: 'vulture-sr', calibration: 'SOFT' }] }));
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { pipeline_results: [{ pipeline_name: 'vulture-sr', calibration: 'SOFT', result: { status_code: 'DOCUMENT_IS_COLORLESS' } }] });
  await app.close();
});

test('every answered check is counted in the BI store on its day, with its outcome key', async () => {
  const { app, engine, store } = await testServer({ env: { IDLIVEDOC_SERVER_TIMEZONE: 'Asia/Tokyo' }, now: new Date('2026-03-15T23:30:00Z') });
  const image = (await imageBytes()).toString('base64');
  engine.scores = { 'vulture-sr': 3 };
  await app.inject(post({ image, pipelines: [{ pipeline_name: 'vulture-sr' }] }));
  engine.findings = { ...OK_FINDINGS, found: false, documentType: 'UNKNOWN' };
  await app.inject(post({ image, pipelines: [{ pipeline_name: 'vulture-sr' }] }));
  await app.inject(post({ image, pipelines: [{ pipeline_name: 'nope' }] })); // a 400 is not counted
  await app.close(); // flushes the background writes
  assert.deepEqual(Object.fromEntries(store.days.get('2026-03-16') ?? []), {
    total: 2,
    'auk_ID_CARD_probability_0.9-1.0': 1,
    auk_UNKNOWN_DOCUMENT_NOT_FOUND: 1,
  });
  assert.equal(store.days.size, 1);
});

test('a failing BI store never fails the answer; failures are counted on /health/ready', async () => {
  const { app, engine, store } = await testServer();
  store.failWrites = true;
  engine.scores = { 'vulture-sr': 0 };
  const res = await app.inject(post({ image: (await imageBytes()).toString('base64'), pipelines: [{ pipeline_name: 'vulture-sr' }] }));
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().aggregate_liveness_probability, 0.5);
  await new Promise((r) => setImmediate(r));
  const ready = await app.inject({ method: 'GET', url: '/health/ready' });
  assert.equal(ready.json().checks.bi_record_failures, '1');
  await app.close();
});

test('this build\'s engine offers its trained pipelines (vulture-sr among them) and refuses the others honestly', async () => {
  const config = testConfig();
  const engine = await createAnalysisEngine({ maxImagePixels: config.maxImagePixels });
  // The shipped calibration files of every shipped pipeline load as the server loads them.
  const calibrations = loadCalibrations(engine.implementedPipelines(), { modelsDir: defaultModelDir(), overrideDir: null });
  const app = await buildApp({ config, engine, store: new MemoryStore(), license: licenseDouble(), calibrations, logger: pino({ level: 'silent' }) });
  const shipped = Object.keys(DETECTOR_FACTORIES);
  const version = await app.inject({ method: 'GET', url: '/api_version' });
  assert.ok(shipped.includes('vulture-sr'));
  assert.ok(version.json().availablePipelines.includes('vulture-sr') && version.json().availablePipelines.includes('default-sr'));
  assert.equal(version.json().pipelineAliases['default-sr'], 'vulture-sr');
  const info = (await app.inject({ method: 'GET', url: '/license_info' })).json() as Array<{ pipelineName: string }>;
  assert.deepEqual(info.map((i) => i.pipelineName).sort(), [...shipped].sort());
  // A known pipeline without a trained detector in this build (when there still is one) is refused by name.
  const missing = PIPELINE_NAMES.find((name) => !shipped.includes(name));
  if (missing !== undefined) {
    const res = await app.inject(post({ image: (await imageBytes()).toString('base64'), pipelines: [{ pipeline_name: missing }] }));
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error_code, 'INVALID_PIPELINE');
    assert.match(res.json().message, new RegExp(`'${missing}' exists but no trained detector is available for it in this build`));
  }
  const unknown = await app.inject(post({ image: 'AAAA', pipelines: [{ pipeline_name: 'condor' }] }));
  assert.match(unknown.json().message, /Unknown pipeline 'condor': must be one of \[vulture-sr/);
  await app.close();
});

test('an unexpected engine failure is a 500 that discloses nothing', async () => {
  const { app, engine } = await testServer();
  engine.failWith = new Error('ENOENT /opt/secret/model.onnx');
  const res = await app.inject(post({ image: (await imageBytes()).toString('base64'), pipelines: [{ pipeline_name: 'vulture-sr' }] }));
  assert.equal(res.statusCode, 500);
  assert.equal(res.json().error_code, 'INTERNAL_ERROR');
  assert.equal(res.json().error, 'Internal Server Error');
  assert.doesNotMatch(res.body, /secret|onnx|ENOENT/);
  await app.close();
});

test('logs never contain image data, whether the check succeeds or the body is rejected', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  const engine = new ScriptedEngine();
  engine.scores = { 'vulture-sr': 1 };
  const config = testConfig();
  const app = await buildApp({ config, engine, store: new MemoryStore(), license: licenseDouble(), calibrations: new Map(PIPELINE_NAMES.map((n) => [n, calibrationFor(n)])), logger });
  const image = (await imageBytes('jpeg')).toString('base64');
  // The start of the image (what V8 quotes in JSON syntax errors) and a run from its middle.
  const probes = [image.slice(0, 8), image.slice(100, 140)];
  assert.equal((await app.inject(post({ image, pipelines: [{ pipeline_name: 'vulture-sr' }] }))).statusCode, 200);
  const broken = `{"image": x${image}}`;
  const bad = await app.inject({ method: 'POST', url: '/check_liveness', headers: { 'content-type': 'application/json' }, payload: broken });
  assert.equal(bad.statusCode, 400);
  for (const probe of probes) assert.equal(bad.body.includes(probe), false, bad.body);
  assert.equal((await app.inject(post({ image: `${image}!`, pipelines: [{ pipeline_name: 'vulture-sr' }] }))).statusCode, 406);
  await app.close();
  assert.ok(lines.length > 4);
  for (const line of lines) for (const probe of probes) assert.equal(line.includes(probe), false, line.slice(0, 200));
});

test('null calibration and null errors_to_ignore are read as absent', async () => {
  const { app, engine } = await testServer();
  engine.scores = { 'vulture-sr': 0 };
  const res = await app.inject(post({ image: (await imageBytes()).toString('base64'), pipelines: [{ pipeline_name: 'default-sr', calibration: null }], errors_to_ignore: null }));
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().pipeline_results[0].calibration, 'REGULAR');
  assert.deepEqual(engine.requests[0]?.errorsToIgnore, []);
  await app.close();
});
