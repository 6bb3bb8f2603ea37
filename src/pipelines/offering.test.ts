import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveOffering, offeredSpellings } from './offering.js';

const openLicense = { covers: () => true };

test('offered = implemented ∩ available ∩ licensed, with the reason for every other pipeline', () => {
  const offering = resolveOffering(['vulture-sr', 'woodpecker-pc', 'xenops-ps'], ['vulture-sr', 'xenops-ps'], { covers: (n) => n !== 'xenops-ps' });
  assert.deepEqual(offering.offered, ['vulture-sr']);
  assert.deepEqual(offering.reasons, {
    'woodpecker-pc': 'not-enabled',
    'robin-pc': 'not-implemented',
    'xenops-ps': 'not-licensed',
    'hawk-sd': 'not-implemented',
  });
  assert.deepEqual(offeredSpellings(['vulture-sr', 'robin-pc']), ['vulture-sr', 'robin-pc', 'default-sr']);
});

test('AVAILABLE_PIPELINES naming a pipeline without a detector in this build stops start-up with a clear message', () => {
  assert.throws(() => resolveOffering(['vulture-sr'], ['vulture-sr', 'hawk-sd'], openLicense), /names hawk-sd, which this build has no trained detector for.*\[vulture-sr\]/);
  assert.throws(() => resolveOffering([], ['vulture-sr'], openLicense), /none yet: unset the variable/);
  assert.deepEqual(resolveOffering([], null, openLicense).offered, []);
});
