import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer } from '../support/doubles.js';

test('/demo serves the page, its module and stylesheet under a strict CSP, without an API key', async () => {
  const { app } = await testServer({ env: { IDLIVEDOC_SERVER_API_KEYS: 'k1' } });
  const page = await app.inject({ method: 'GET', url: '/demo' });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /^text\/html/);
  const csp = page.headers['content-security-policy'] as string;
  for (const directive of ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "img-src 'self' data: blob:"]) assert.ok(csp.includes(directive), directive);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  // Everything the page loads is served, from this server only.
  const assets = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] as string).filter((a) => !a.startsWith('swagger-ui'));
  assert.deepEqual(assets.sort(), ['demo/demo.css', 'demo/demo.js']);
  const types: Record<string, RegExp> = { 'demo/demo.css': /^text\/css/, 'demo/demo.js': /^text\/javascript/ };
  for (const asset of assets) {
    const res = await app.inject({ method: 'GET', url: `/${asset}` });
    assert.equal(res.statusCode, 200, asset);
    assert.match(res.headers['content-type'] as string, types[asset]!);
    assert.ok(res.body.length > 500, asset);
  }
  assert.match(page.body, /<input id="camera" type="file" accept="image\/\*" capture="environment">/);
  // Only those files are open: the API still needs the key, and so does anything else under /demo.
  assert.equal((await app.inject({ method: 'GET', url: '/api_version' })).statusCode, 401);
  assert.equal((await app.inject({ method: 'GET', url: '/demo/other' })).statusCode, 401);
  const slash = await app.inject({ method: 'GET', url: '/demo/' });
  assert.equal(slash.statusCode, 301);
  assert.equal(slash.headers.location, '../demo');
  await app.close();
});

test('the OpenAPI document describes explain and the explanation', async () => {
  const { app } = await testServer();
  const doc = (await app.inject({ method: 'GET', url: '/v3/api-docs' })).json();
  const check = doc.paths['/check_liveness'].post;
  assert.deepEqual(check.parameters.map((p: { name: string; in: string }) => [p.name, p.in]), [['explain', 'query']]);
  assert.ok(doc.components.schemas.CheckLivenessRequest.properties.explain);
  assert.equal(doc.components.schemas.CheckLivenessResponse.properties.explanation.$ref, '#/components/schemas/CheckExplanation');
  const explanation = doc.components.schemas.CheckExplanation;
  assert.deepEqual(Object.keys(explanation.properties), ['image', 'documents', 'main_document', 'portrait', 'quality', 'pipelines']);
  assert.ok(doc.components.schemas.PipelineExplanation.properties.evidence);
  assert.ok(doc.components.schemas.QualityCheck.properties.thresholds);
  // Not a documented API path.
  assert.equal(doc.paths['/demo'], undefined);
  await app.close();
});
