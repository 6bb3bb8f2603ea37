import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../lab/rng.js';
import { calibratedProbability } from './apply.js';
import { CalibrationFitError, fitCalibration, fitThresholds, logisticSlope } from './fit.js';
import { errorRatesAt } from '../eval/metrics.js';

function gaussianScores(seed: string, n: number, bonaMean: number, attackMean: number, sd = 1) {
  const rng = new Rng(seed);
  return {
    bonaFide: Array.from({ length: n }, () => rng.normal(bonaMean, sd)),
    attack: Array.from({ length: n }, () => rng.normal(attackMean, sd)),
  };
}

test('on two Gaussians each calibration reaches its target, close to the limit, with the rates it records', () => {
  const data = gaussianScores('fit', 5000, 2, -2);
  const { calibration, warnings } = fitCalibration(data, { pipeline: 'vulture-sr', manifest: 'synthetic' });
  assert.deepEqual(warnings, []);
  const { REGULAR, SOFT, HARD } = calibration.thresholds;
  assert.ok(HARD.apcer <= 0.01 && HARD.apcer > 0.008, `HARD APCER ${HARD.apcer}`);
  assert.ok(SOFT.bpcer <= 0.01 && SOFT.bpcer > 0.008, `SOFT BPCER ${SOFT.bpcer}`);
  // theoretical EER of N(2,1) vs N(-2,1) is Phi(-2) = 0.0228
  assert.ok(Math.abs(REGULAR.apcer - REGULAR.bpcer) < 0.005, `REGULAR ${REGULAR.apcer} vs ${REGULAR.bpcer}`);
  assert.ok(Math.abs((REGULAR.apcer + REGULAR.bpcer) / 2 - 0.0228) < 0.006);
  assert.ok(SOFT.t < REGULAR.t && REGULAR.t < HARD.t);
  // recorded rates are the ones the threshold reaches
  assert.deepEqual(errorRatesAt(data, HARD.t), { apcer: HARD.apcer, bpcer: HARD.bpcer });
  // the optimal logistic slope for equal-variance Gaussians is (2 - -2) / 1 = 4; the L2 penalty shrinks it a little
  assert.ok(calibration.k > 3 && calibration.k <= 4.2, `k ${calibration.k}`);
  assert.equal(calibratedProbability(calibration, 'HARD', HARD.t), 0.5);
  assert.equal(calibration.fitted_on.n_attack, 5000);
  assert.equal(calibration.format, 'doclive-calibration/1');
});

test('asymmetric spreads: the thresholds still hit the targets', () => {
  const rng = new Rng('asym');
  const data = {
    bonaFide: Array.from({ length: 3000 }, () => rng.normal(2, 0.5)),
    attack: Array.from({ length: 2000 }, () => rng.normal(-1, 1.5)),
  };
  const t = fitThresholds(data);
  assert.ok(t.HARD.apcer <= 0.01 && t.HARD.apcer > 0.007);
  assert.ok(t.SOFT.bpcer <= 0.01 && t.SOFT.bpcer > 0.007);
});

test('perfect separation: zero errors everywhere and a finite positive slope', () => {
  const data = { bonaFide: [5, 6, 7], attack: [0, 1, 2] };
  const t = fitThresholds(data);
  for (const point of Object.values(t)) {
    assert.equal(point.apcer, 0);
    assert.equal(point.bpcer, 0);
    assert.ok(point.t > 2 && point.t < 5);
  }
  const k = logisticSlope(data);
  assert.ok(Number.isFinite(k) && k > 0);
});

test('too few attacks or bona fide images for the 1 % targets are warned about', () => {
  const data = gaussianScores('few', 50, 1, -1);
  const { warnings } = fitCalibration(data, { pipeline: 'woodpecker-pc', manifest: 'm.jsonl' });
  assert.equal(warnings.length, 2);
  assert.match(warnings[0] ?? '', /only 50 attacks/);
  assert.match(warnings[1] ?? '', /only 50 bona fide/);
});

test('a detector that ranks attacks higher gets a positive slope and a warning', () => {
  const { calibration, warnings } = fitCalibration({ bonaFide: [0, 1, 2], attack: [5, 6, 7] }, { pipeline: 'hawk-sd', manifest: 'm' });
  assert.ok(calibration.k > 0);
  assert.ok(warnings.some((w) => /do not score higher/.test(w)));
});

test('an empty class cannot be fitted', () => {
  assert.throws(() => fitCalibration({ bonaFide: [], attack: [1] }, { pipeline: 'hawk-sd', manifest: 'm' }), CalibrationFitError);
});
