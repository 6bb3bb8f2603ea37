import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer } from '../support/doubles.js';

test('GET /bi_report sums the days in the inclusive range and always has total', async () => {
  const { app, store } = await testServer();
  await store.increment('2026-03-01', ['total', 'auk_ID_CARD_probability_0.9-1.0']);
  await store.increment('2026-03-02', ['total', 'auk_PASSPORT_DOCUMENT_CROPPED']);
  await store.increment('2026-03-03', ['total', 'auk_ID_CARD_probability_0.9-1.0']);
  const res = await app.inject({ method: 'GET', url: '/bi_report?date_from=2026-03-01&date_to=2026-03-02' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { total: 2, 'auk_ID_CARD_probability_0.9-1.0': 1, auk_PASSPORT_DOCUMENT_CROPPED: 1 });
  const single = await app.inject({ method: 'GET', url: '/bi_report?date_from=2026-03-03&date_to=2026-03-03' });
  assert.deepEqual(single.json(), { total: 1, 'auk_ID_CARD_probability_0.9-1.0': 1 });
  const empty = await app.inject({ method: 'GET', url: '/bi_report?date_from=2025-01-01&date_to=2025-12-31' });
  assert.deepEqual(empty.json(), { total: 0 });
  await app.close();
});
