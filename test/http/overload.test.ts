import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdmission } from '../../src/check/admission.js';
import { testServer } from '../support/doubles.js';
import { imageBytes } from '../support/images.js';

test('a full queue answers 408 ENGINE_OVERLOADED; a check past its deadline answers 408 PROCESSING_TIMEOUT', async () => {
  let release!: () => void;
  const { app, engine } = await testServer({ admission: createAdmission({ concurrency: 1, maxQueue: 0, timeoutMs: 60_000 }) });
  engine.scores = { 'vulture-sr': 1 };
  engine.gate = new Promise<void>((r) => (release = r));
  const payload = { image: (await imageBytes()).toString('base64'), pipelines: [{ pipeline_name: 'vulture-sr' }] };
  const first = app.inject({ method: 'POST', url: '/check_liveness', payload });
  while (engine.requests.length === 0) await new Promise((r) => setImmediate(r));
  const second = await app.inject({ method: 'POST', url: '/check_liveness', payload });
  assert.equal(second.statusCode, 408);
  assert.equal(second.json().error_code, 'ENGINE_OVERLOADED');
  assert.match(second.json().message, /busy.*Retry later/);
  release();
  assert.equal((await first).statusCode, 200);
  await app.close();

  const slow = await testServer({ env: { IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS: '30' } });
  slow.engine.gate = new Promise<void>(() => {}); // never finishes
  const late = await slow.app.inject({ method: 'POST', url: '/check_liveness', payload });
  assert.equal(late.statusCode, 408);
  assert.equal(late.json().error, 'Request Timeout');
  assert.equal(late.json().error_code, 'PROCESSING_TIMEOUT');
  assert.match(late.json().message, /within 30 ms \(IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS\)/);
  assert.equal(slow.store.days.size, 0);
  await slow.app.close();
});
