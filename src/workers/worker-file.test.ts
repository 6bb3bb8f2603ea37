import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siblingWorkerFile } from './worker-file.js';
import { takeImageBytes } from './move-image.js';

test('the worker file has the extension of the module asking for it (.ts under tsx, .js in dist)', () => {
  assert.equal(siblingWorkerFile('file:///app/src/workers/pool.ts', 'analysis-worker'), '/app/src/workers/analysis-worker.ts');
  assert.equal(siblingWorkerFile('file:///app/dist/src/workers/pool.js', 'analysis-worker'), '/app/dist/src/workers/analysis-worker.js');
});

test('takeImageBytes moves a whole buffer and copies a partial view', () => {
  const whole = new Uint8Array([1, 2, 3]);
  const moved = takeImageBytes(whole);
  assert.deepEqual([...new Uint8Array(moved)], [1, 2, 3]);
  assert.equal(whole.byteLength, 0);

  const backing = new Uint8Array([9, 1, 2, 9]);
  const copied = takeImageBytes(backing.subarray(1, 3));
  assert.deepEqual([...new Uint8Array(copied)], [1, 2]);
  assert.deepEqual([...backing], [9, 1, 2, 9]);
});
