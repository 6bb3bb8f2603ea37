import { test } from 'node:test';
import assert from 'node:assert/strict';
import { biKeys, outcomeKey, probabilityBucket } from './outcome-key.js';
import type { CheckResponse } from './types.js';

test('probability buckets in tenths; 1.0 falls in the last one', () => {
  assert.equal(probabilityBucket(0), '0.0-0.1');
  assert.equal(probabilityBucket(0.0999), '0.0-0.1');
  assert.equal(probabilityBucket(0.1), '0.1-0.2');
  assert.equal(probabilityBucket(0.5), '0.5-0.6');
  assert.equal(probabilityBucket(0.7), '0.7-0.8');
  assert.equal(probabilityBucket(0.95), '0.9-1.0');
  assert.equal(probabilityBucket(1), '0.9-1.0');
});

test('all OK -> probability key; any not OK -> the first non-OK status in precedence order', () => {
  const ok: CheckResponse = {
    aggregate_liveness_probability: 0.93,
    aggregate_image_quality_warnings: [],
    pipeline_results: [{ pipeline_name: 'default-sr', calibration: 'REGULAR', result: { liveness_probability: 0.93, liveness_score: 2, image_quality_warnings: [], status_code: 'OK' } }],
  };
  assert.equal(outcomeKey('ID_CARD', ok), 'auk_ID_CARD_probability_0.9-1.0');
  const notOk: CheckResponse = {
    pipeline_results: [
      { pipeline_name: 'xenops-ps', calibration: 'REGULAR', result: { status_code: 'DOCUMENT_PHOTO_NOT_FOUND' } },
      { pipeline_name: 'vulture-sr', calibration: 'REGULAR', result: { status_code: 'DOCUMENT_CROPPED' } },
    ],
  };
  assert.equal(outcomeKey('PASSPORT', notOk), 'auk_PASSPORT_DOCUMENT_CROPPED');
  assert.deepEqual(biKeys('UNKNOWN', notOk), ['total', 'auk_UNKNOWN_DOCUMENT_CROPPED']);
});
