import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PIPELINES, PIPELINE_ALIASES, resolvePipelineName } from './registry.js';

test('every alias resolves to a pipeline that names it as its alias', () => {
  for (const [alias, name] of Object.entries(PIPELINE_ALIASES)) {
    assert.equal(PIPELINES[name].alias, alias);
  }
  assert.deepEqual(PIPELINE_ALIASES, {
    'default-sr': 'vulture-sr',
    'default-pc': 'woodpecker-pc',
    'default-ps': 'xenops-ps',
    'default-sd': 'hawk-sd',
  });
});

test('names and aliases resolve; anything else is null', () => {
  assert.equal(resolvePipelineName('robin-pc'), 'robin-pc');
  assert.equal(resolvePipelineName('default-ps'), 'xenops-ps');
  assert.equal(resolvePipelineName('default-xx'), null);
  assert.equal(resolvePipelineName('Vulture-SR'), null);
});

test('the table is frozen', () => {
  assert.ok(Object.isFrozen(PIPELINES));
  assert.ok(Object.isFrozen(PIPELINES['vulture-sr']));
});
