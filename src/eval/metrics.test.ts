import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apcerAtBpcer,
  bpcerAtApcer,
  equalErrorRate,
  errorRatesAt,
  median,
  nearestRankPercentile,
  operatingPoints,
  rocAuc,
} from './metrics.js';

const close = (actual: number | null, expected: number, eps = 1e-12): void => {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) <= eps, `expected ${expected}, got ${actual}`);
};

test('APCER / BPCER at a threshold: accepted means score strictly above it', () => {
  assert.deepEqual(errorRatesAt({ bonaFide: [1], attack: [1] }, 1), { apcer: 0, bpcer: 1 });
  assert.deepEqual(errorRatesAt({ bonaFide: [1], attack: [1] }, 0.999), { apcer: 1, bpcer: 0 });
  assert.deepEqual(errorRatesAt({ bonaFide: [0.2, 0.6, 0.8, 0.9], attack: [0.1, 0.3, 0.7] }, 0.5), { apcer: 1 / 3, bpcer: 1 / 4 });
});

test('not-scored images (-Infinity) are never accepted', () => {
  assert.deepEqual(errorRatesAt({ bonaFide: [-Infinity, 1], attack: [-Infinity, 0] }, -1e9), { apcer: 0.5, bpcer: 0.5 });
  close(rocAuc({ bonaFide: [-Infinity, 1], attack: [-Infinity, 0] }), 2.5 / 4);
});

test('all correct: EER 0, AUC 1, no error at the operating points', () => {
  const data = { bonaFide: [2, 3], attack: [0, 1] };
  close(equalErrorRate(data), 0);
  close(rocAuc(data), 1);
  close(bpcerAtApcer(data, 0.01), 0);
  close(apcerAtBpcer(data, 0.01), 0);
});

test('all wrong: EER 1, AUC 0', () => {
  const data = { bonaFide: [0, 1], attack: [2, 3] };
  close(equalErrorRate(data), 1);
  close(rocAuc(data), 0);
  close(bpcerAtApcer(data, 0.05), 1);
  close(apcerAtBpcer(data, 0.01), 1);
});

test('ties: one bona fide and one attack with equal scores give EER 0.5 and AUC 0.5', () => {
  const data = { bonaFide: [1], attack: [1] };
  close(equalErrorRate(data), 0.5);
  close(rocAuc(data), 0.5);
  close(rocAuc({ bonaFide: [1, 1], attack: [1, 0] }), 0.75);
});

test('hand-computed mixed case', () => {
  // points (APCER, BPCER): start (1,0); 0.1 (2/3,0); 0.2 (2/3,1/4); 0.3 (1/3,1/4); 0.6 (1/3,1/2); 0.7 (0,1/2) ...
  const data = { bonaFide: [0.2, 0.6, 0.8, 0.9], attack: [0.1, 0.3, 0.7] };
  const points = operatingPoints(data);
  assert.ok(points);
  assert.deepEqual(points.map((p) => [p.apcer, p.bpcer]), [
    [1, 0], [2 / 3, 0], [2 / 3, 1 / 4], [1 / 3, 1 / 4], [1 / 3, 1 / 2], [0, 1 / 2], [0, 3 / 4], [0, 1],
  ]);
  // crossing on the segment (1/3, 1/4) -> (1/3, 1/2): lambda = (1/12) / (1/12 + 1/6) = 1/3 -> EER = 1/3
  close(equalErrorRate(data), 1 / 3);
  close(rocAuc(data), 9 / 12);
  close(bpcerAtApcer(data, 0.05), 1 / 2);
  close(bpcerAtApcer(data, 0.4), 1 / 4);
  close(apcerAtBpcer(data, 0.01), 2 / 3);
  close(apcerAtBpcer(data, 0.3), 1 / 3);
});

test('a class that is empty gives null, never a number', () => {
  for (const data of [{ bonaFide: [], attack: [1] }, { bonaFide: [1], attack: [] }]) {
    assert.equal(errorRatesAt(data, 0), null);
    assert.equal(equalErrorRate(data), null);
    assert.equal(rocAuc(data), null);
    assert.equal(bpcerAtApcer(data, 0.01), null);
    assert.equal(apcerAtBpcer(data, 0.01), null);
    assert.equal(operatingPoints(data), null);
  }
});

test('every image unscored: EER 0.5 from the jump, AUC 0.5', () => {
  const data = { bonaFide: [-Infinity, -Infinity], attack: [-Infinity] };
  close(equalErrorRate(data), 0.5);
  close(rocAuc(data), 0.5);
});

test('NaN scores are refused', () => {
  assert.throws(() => rocAuc({ bonaFide: [Number.NaN], attack: [0] }), /finite/);
});

test('median and nearest-rank percentile', () => {
  assert.equal(median([]), null);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(nearestRankPercentile([5, 1, 4, 2, 3], 0.95), 5);
  assert.equal(nearestRankPercentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95), 19);
  assert.equal(nearestRankPercentile([], 0.95), null);
});
