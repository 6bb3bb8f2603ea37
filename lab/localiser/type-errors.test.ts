import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typeErrorCause, type TypeRecord } from './type-errors.js';

const record = (over: Partial<TypeRecord>): TypeRecord => ({ name: 'x', part: 'tune', count: 1, type: 'ID_CARD', expectedType: 'ID_CARD', iou: 0.95, aspect: 1.58, truthAspect: 1.59, mrz: null, ...over });

test('a type error is a quad miss, or with a good quad is put down to the MRZ or the aspect', () => {
  assert.equal(typeErrorCause(record({})), null);
  assert.equal(typeErrorCause(record({ count: 0, type: null })), 'quad wrong: not found');
  assert.equal(typeErrorCause(record({ iou: 0.7, type: 'PASSPORT' })), 'quad wrong: IoU < 0.9');
  assert.equal(typeErrorCause(record({ type: 'PASSPORT', aspect: 1.44, mrz: 'inside' })), 'quad right: an MRZ read as a passport zone');
  assert.equal(typeErrorCause(record({ expectedType: 'PASSPORT', aspect: 1.56, truthAspect: 1.43 })), 'quad right: passport, MRZ not found, aspect on the ID-1 side');
  assert.equal(typeErrorCause(record({ type: 'PASSPORT', aspect: 1.50, truthAspect: 1.48 })), 'quad right: aspect under perspective (the truth quad also reads wrong)');
  assert.equal(typeErrorCause(record({ type: 'PASSPORT', aspect: 1.50 })), 'quad right: aspect of the found quad across the boundary (the truth quad reads right)');
});
