import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derive, type DetectorInput } from '../pipelines/detector.js';
import { RequestMemo } from './request-memo.js';

const sum = (a: { values: number[] }): number => a.values.reduce((s, v) => s + v, 0);
const max = (a: { values: number[] }): number => Math.max(...a.values);

test('the memo computes each function of each source once, and keeps functions and sources apart', () => {
  const memo = new RequestMemo();
  let calls = 0;
  const counted = (a: { values: number[] }): number => { calls++; return sum(a); };
  const first = { values: [1, 2, 3] }, second = { values: [1, 2, 3] };
  assert.equal(memo.of(counted, first), 6);
  assert.equal(memo.of(counted, first), 6);
  assert.equal(calls, 1, 'the second request for the same function and source is served from the memo');
  assert.equal(memo.of(counted, second), 6);
  assert.equal(calls, 2, 'an equal but distinct source is a new entry (identity, not value)');
  assert.equal(memo.of(max, first), 3, 'another function of the same source has its own entry');
  const undefinedResult = (): undefined => { calls++; return undefined; };
  memo.of(undefinedResult, first);
  memo.of(undefinedResult, first);
  assert.equal(calls, 3, 'an undefined result is remembered too');
});

test('derive() gives the same value with and without the memo; the memo returns the same object', () => {
  const source = { values: [4, 5] };
  const planes = (a: { values: number[] }): Float32Array => Float32Array.from(a.values);
  const without = { derived: undefined } as unknown as DetectorInput;
  const withMemo = { derived: new RequestMemo() } as unknown as DetectorInput;
  assert.deepEqual(derive(withMemo, planes, source), derive(without, planes, source));
  assert.equal(derive(withMemo, planes, source), derive(withMemo, planes, source));
  assert.notEqual(derive(without, planes, source), derive(without, planes, source));
});
