import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer } from '../support/doubles.js';
import { imageBytes } from '../support/images.js';

const KEYS = { IDLIVEDOC_SERVER_API_KEYS: 'key-one,key-two' };

test('with API keys every API endpoint needs X-API-Key: 401 without or with a wrong key, 200 with either key', async () => {
  const { app, engine } = await testServer({ env: KEYS });
  engine.scores = { 'vulture-sr': 1 };
  const image = (await imageBytes()).toString('base64');
  const requests = [
    { method: 'POST' as const, url: '/check_liveness', payload: { image, pipelines: [{ pipeline_name: 'default-sr' }] } },
    { method: 'GET' as const, url: '/license_info' },
    { method: 'GET' as const, url: '/api_version' },
    { method: 'GET' as const, url: '/bi_report?date_from=2026-01-01&date_to=2026-01-02' },
  ];
  for (const request of requests) {
    const none = await app.inject(request);
    assert.equal(none.statusCode, 401, request.url);
    assert.equal(none.json().error_code, 'UNAUTHORIZED');
    assert.equal(none.json().error, 'Unauthorized');
    assert.match(none.json().message, /send it in the X-API-Key header/);
    const wrong = await app.inject({ ...request, headers: { 'x-api-key': 'key-three' } });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.json().message, /does not hold a valid API key/);
    for (const key of ['key-one', 'key-two']) {
      const ok = await app.inject({ ...request, headers: { 'x-api-key': key } });
      assert.equal(ok.statusCode, 200, `${request.url} ${ok.body}`);
    }
  }
  // Unknown paths do not reveal themselves to callers without a key.
  assert.equal((await app.inject({ method: 'GET', url: '/secret' })).statusCode, 401);
  await app.close();
});

test('health probes and the API documentation need no key', async () => {
  const { app } = await testServer({ env: KEYS });
  for (const url of ['/health/live', '/health/ready', '/v3/api-docs', '/swagger-ui/index.html']) {
    assert.equal((await app.inject({ method: 'GET', url })).statusCode, 200, url);
  }
  const docs = (await app.inject({ method: 'GET', url: '/v3/api-docs' })).json();
  assert.deepEqual(docs.security, [{ apiKey: [] }]);
  assert.deepEqual(docs.components.securitySchemes.apiKey, { type: 'apiKey', in: 'header', name: 'X-API-Key' });
  await app.close();
});

test('without API keys nothing needs one', async () => {
  const { app } = await testServer();
  assert.equal((await app.inject({ method: 'GET', url: '/api_version' })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: '/v3/api-docs' })).json().security, undefined);
  await app.close();
});

test('/health/live is 200; /health/ready is 503 with a JSON body while the store does not answer', async () => {
  const { app, store } = await testServer();
  const live = await app.inject({ method: 'GET', url: '/health/live' });
  assert.deepEqual(live.json(), { status: 'UP', checks: {} });
  const ready = await app.inject({ method: 'GET', url: '/health/ready' });
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().checks.store, 'UP');
  store.up = false;
  const down = await app.inject({ method: 'GET', url: '/health/ready' });
  assert.equal(down.statusCode, 503);
  assert.equal(down.json().error_code, 'SERVICE_UNAVAILABLE');
  assert.equal(down.json().error, 'Service Unavailable');
  assert.equal(down.json().checks.store, 'DOWN');
  assert.match(down.json().message, /BI store does not answer/);
  store.ping = async () => Promise.reject(new Error('connection refused'));
  assert.equal((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 503);
  assert.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200);
  await app.close();
});
