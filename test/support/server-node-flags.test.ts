import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverNodeFlags } from './server-node-flags.js';

test('the server flags of npm start are read from package.json, entry file left out', () => {
  const flags = serverNodeFlags();
  assert.ok(flags.includes('--initial-old-space-size=128'), `flags: ${flags.join(' ')}`);
  assert.ok(flags.every((flag) => flag.startsWith('--')));
});
