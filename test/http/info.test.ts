import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedEngine, licenseDouble, testServer } from '../support/doubles.js';
import { imageBytes } from '../support/images.js';

test('GET /api_version lists offered names and aliases, aliases and expiration dates', async () => {
  const { app } = await testServer({
    engine: new ScriptedEngine(['vulture-sr', 'robin-pc', 'xenops-ps']),
    env: { IDLIVEDOC_SERVER_AVAILABLE_PIPELINES: 'default-sr,robin-pc,xenops-ps' },
    license: licenseDouble({ 'vulture-sr': '2027-05-22' }, ['vulture-sr', 'robin-pc']),
  });
  const res = await app.inject({ method: 'GET', url: '/api_version' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), {
    product: 'doclive',
    version: '0.1.0',
    availablePipelines: ['vulture-sr', 'robin-pc', 'default-sr'],
    pipelineAliases: { 'default-sr': 'vulture-sr' },
    expirationDates: { 'vulture-sr': '2027-05-22', 'robin-pc': null },
  });
  await app.close();
});

test('GET /license_info lists each offered pipeline with attack type and date; expired ones stay listed and answer 403', async () => {
  const { app, engine } = await testServer({ license: licenseDouble({ 'woodpecker-pc': '2026-01-31', 'hawk-sd': '2027-01-01' }) });
  const res = await app.inject({ method: 'GET', url: '/license_info' });
  assert.deepEqual(res.json(), [
    { attackType: 'SCREEN_REPLAY', pipelineName: 'vulture-sr', expirationDate: null },
    { attackType: 'PRINTED_COPY', pipelineName: 'woodpecker-pc', expirationDate: '2026-01-31' },
    { attackType: 'PRINTED_COPY', pipelineName: 'robin-pc', expirationDate: null },
    { attackType: 'PORTRAIT_SUBSTITUTION', pipelineName: 'xenops-ps', expirationDate: null },
    { attackType: 'DIGITAL_MANIPULATIONS', pipelineName: 'hawk-sd', expirationDate: '2027-01-01' },
  ]);
  engine.scores = { 'hawk-sd': 1 };
  const image = (await imageBytes()).toString('base64');
  const expired = await app.inject({ method: 'POST', url: '/check_liveness', payload: { image, pipelines: [{ pipeline_name: 'default-pc' }] } });
  assert.equal(expired.statusCode, 403);
  assert.equal(expired.json().error, 'Forbidden');
  assert.equal(expired.json().error_code, 'PIPELINE_LICENSE_EXPIRED');
  assert.match(expired.json().message, /woodpecker-pc \(expired 2026-01-31\)/);
  const valid = await app.inject({ method: 'POST', url: '/check_liveness', payload: { image, pipelines: [{ pipeline_name: 'default-sd' }] } });
  assert.equal(valid.statusCode, 200);
  await app.close();
});
