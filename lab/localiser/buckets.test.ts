import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketOf, summary } from './buckets.js';

const record = (over: Record<string, unknown>) => ({ name: 'x', part: 'lab', count: 1, type: 'ID_CARD', expectedType: 'ID_CARD', quad: null, iou: 0.95, bestClassicalIou: 0, bestHypothesisIou: 0, ...over });

test('records fall into the failure buckets in order: not found (by what was proposed), wrong object, corners off, type', () => {
  assert.equal(bucketOf(record({})), 'right (IoU >= 0.9, type right)');
  assert.equal(bucketOf(record({ type: 'PASSPORT' })), 'type wrong with a good quad');
  assert.equal(bucketOf(record({ iou: 0.8 })), 'right document, corners off (IoU 0.6-0.9)');
  assert.equal(bucketOf(record({ iou: 0.3 })), 'wrong object (IoU < 0.6)');
  assert.equal(bucketOf(record({ count: 0, iou: 0, bestClassicalIou: 0.9 })), 'not found: the right quad among the classical candidates, not a hypothesis');
  assert.equal(bucketOf(record({ count: 0, iou: 0, bestClassicalIou: 0.9, bestHypothesisIou: 0.9 })), 'not found: the right quad was a hypothesis, not verified');
  assert.equal(bucketOf(record({ count: 0, iou: 0 })), 'not found: no quad of IoU >= 0.85 proposed');
});

test('the summary counts IoU >= 0.9, not found and type right over all records', () => {
  const s = summary([record({}), record({ iou: 0.5, type: 'PASSPORT' }), record({ count: 0, iou: 0, type: null })]);
  assert.equal(s, 'n 3, IoU median 0.500, >= 0.9 33.3 %, not found 33.3 %, type right 33.3 %');
});
