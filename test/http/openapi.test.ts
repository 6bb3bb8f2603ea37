import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CATALOGUE } from '../../src/errors.js';
import { testServer } from '../support/doubles.js';

const ENDPOINTS: Record<string, string> = {
  '/check_liveness': 'post',
  '/check_liveness_file': 'post',
  '/license_info': 'get',
  '/api_version': 'get',
  '/bi_report': 'get',
  '/health/live': 'get',
  '/health/ready': 'get',
};

test('GET /v3/api-docs is an OpenAPI document listing every endpoint, schema and error body', async () => {
  const { app } = await testServer();
  const res = await app.inject({ method: 'GET', url: '/v3/api-docs' });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /application\/json/);
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(Object.keys(doc.paths).sort(), Object.keys(ENDPOINTS).sort());
  for (const [path, method] of Object.entries(ENDPOINTS)) assert.ok(doc.paths[path][method], `${method} ${path}`);
  for (const name of ['ErrorBody', 'CheckLivenessRequest', 'CheckLivenessResponse', 'PipelineRequest', 'PipelineResult', 'PipelineOutcome', 'LicenseInfo', 'ApiVersion', 'BiReport', 'Health']) {
    assert.ok(doc.components.schemas[name], name);
  }
  assert.deepEqual(doc.components.schemas.ErrorBody.required, ['timestamp', 'status', 'error', 'message', 'path', 'error_code']);
  assert.deepEqual(doc.components.schemas.ErrorBody.properties.error_code.enum, Object.keys(ERROR_CATALOGUE));
  const check = doc.paths['/check_liveness'].post;
  for (const status of ['200', '400', '401', '403', '406', '408', '413', '415', '500']) assert.ok(check.responses[status], `check_liveness ${status}`);
  assert.equal(check.responses['400'].content['application/json'].schema.$ref, '#/components/schemas/ErrorBody');
  assert.equal(check.requestBody.content['application/json'].schema.$ref, '#/components/schemas/CheckLivenessRequest');
  const file = doc.paths['/check_liveness_file'].post;
  assert.equal(file.requestBody.content['multipart/form-data'].schema.properties.file.format, 'binary');
  assert.deepEqual(file.parameters.map((p: { name: string }) => p.name), ['pipelines', 'calibrations', 'errors_to_ignore', 'explain']);
  assert.ok(doc.paths['/bi_report'].get.responses['400']);
  assert.ok(doc.paths['/health/ready'].get.responses['503']);
  await app.close();
});

test('/swagger-ui/index.html renders the Swagger UI page and every asset it loads is served', async () => {
  const { app } = await testServer();
  const page = await app.inject({ method: 'GET', url: '/swagger-ui/index.html' });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /text\/html/);
  assert.match(page.body, /<div id="swagger-ui"><\/div>/);
  assert.match(page.body, /SwaggerUIBundle\(\{\s*url: new URL\('..\/v3\/api-docs', window.location.href\)/);
  const assets = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] as string);
  assert.ok(assets.length >= 4);
  for (const asset of assets) {
    const res = await app.inject({ method: 'GET', url: new URL(asset, 'http://x/swagger-ui/index.html').pathname });
    assert.equal(res.statusCode, 200, asset);
    assert.ok(res.rawPayload.length > 100, asset);
  }
  await app.close();
});
