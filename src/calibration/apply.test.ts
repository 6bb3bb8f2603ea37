import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibratedProbability } from './apply.js';
import type { CalibrationFile } from './types.js';

const calibration: CalibrationFile = {
  format: 'doclive-calibration/1',
  pipeline: 'vulture-sr',
  k: 2,
  thresholds: {
    REGULAR: { t: 0, apcer: 0.02, bpcer: 0.02 },
    SOFT: { t: -1, apcer: 0.05, bpcer: 0.01 },
    HARD: { t: 1, apcer: 0.01, bpcer: 0.06 },
  },
  fitted_on: { manifest: 'test', n_bona_fide: 1, n_attack: 1, date: '2026-01-01' },
};

test('the threshold maps to exactly 0.5 and the slope sets the steepness', () => {
  assert.equal(calibratedProbability(calibration, 'REGULAR', 0), 0.5);
  assert.equal(calibratedProbability(calibration, 'HARD', 1), 0.5);
  assert.ok(Math.abs(calibratedProbability(calibration, 'REGULAR', 1) - 1 / (1 + Math.exp(-2))) < 1e-12);
});

test('SOFT accepts more than REGULAR, HARD fewer, for the same score', () => {
  const s = 0.3;
  assert.ok(calibratedProbability(calibration, 'SOFT', s) > calibratedProbability(calibration, 'REGULAR', s));
  assert.ok(calibratedProbability(calibration, 'HARD', s) < calibratedProbability(calibration, 'REGULAR', s));
});

test('extreme scores stay finite and inside [0, 1]', () => {
  assert.equal(calibratedProbability(calibration, 'REGULAR', 1e6), 1);
  assert.equal(calibratedProbability(calibration, 'REGULAR', -1e6), 0);
});
