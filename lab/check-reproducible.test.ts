import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedParamKeys } from './check-reproducible.js';

test('changedParamKeys names the params groups that differ, including ones only one side has', () => {
  const old = { camera: { tiltDeg: 3, closeUp: false }, scene: { backdrop: 'a.jpg' }, width: 1920 };
  const fresh = { camera: { tiltDeg: 3, closeUp: false }, scene: { backdrop: 'b.jpg' }, width: 1920, labVersion: 8 };
  assert.deepEqual(changedParamKeys(old, fresh), ['labVersion', 'scene']);
  assert.deepEqual(changedParamKeys(old, structuredClone(old)), []);
});
