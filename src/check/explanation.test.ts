import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisExplanation } from '../analysis/explanation.js';
import type { CalibrationFile } from '../calibration/types.js';
import { buildCheckExplanation, strongestFirst } from './explanation.js';

const calibration: CalibrationFile = {
  format: 'doclive-calibration/1',
  pipeline: 'vulture-sr',
  k: 2,
  thresholds: { REGULAR: { t: 0, apcer: 0.05, bpcer: 0.05 }, SOFT: { t: -1, apcer: 0.1, bpcer: 0.01 }, HARD: { t: 1, apcer: 0.01, bpcer: 0.1 } },
  fitted_on: { manifest: 'test', n_bona_fide: 1, n_attack: 1, date: '2026-01-01' },
};

test('features: strongest |contribution| first, features without a contribution after them in model order', () => {
  const sorted = strongestFirst([
    { name: 'a', value: 1, contribution: null },
    { name: 'b', value: 2, contribution: 0.5 },
    { name: 'c', value: 3, contribution: -2 },
    { name: 'd', value: 4, contribution: null },
    { name: 'e', value: 5, contribution: 0.5 },
  ]);
  assert.deepEqual(sorted.map((f) => f.name), ['c', 'b', 'e', 'a', 'd']);
});

const analysis: AnalysisExplanation = {
  frontEnd: {
    image: { width: 100, height: 80 },
    documents: { count: 1, type: 'ID_CARD', quads: [[[10, 10], [90, 10], [90, 70], [10, 70]]] },
    main: { quad: [[10, 10], [90, 10], [90, 70], [10, 70]], type: 'ID_CARD', canonicalWidth: 640, canonicalHeight: 404, canonicalToImage: [0.125, 0, 10, 0, 0.1485, 10, 0, 0, 1] },
    portrait: null,
    quality: [],
  },
  evidence: { 'vulture-sr': { features: [{ name: 'x', value: 1, contribution: 0.3 }], regions: { rows: 1, cols: 2, scores: [1, -1] }, details: { peaks: [] } } },
};

test('each requested entry gets its evidence with region probabilities under its own calibration; non-OK entries none', async () => {
  const ex = await buildCheckExplanation(
    analysis,
    [
      { requested: 'default-sr', pipeline: 'vulture-sr', calibration: 'HARD', status: 'OK' },
      { requested: 'vulture-sr', pipeline: 'vulture-sr', calibration: 'SOFT', status: 'OK' },
      { requested: 'xenops-ps', pipeline: 'xenops-ps', calibration: 'REGULAR', status: 'DOCUMENT_PHOTO_NOT_FOUND' },
    ],
    new Map([['vulture-sr', calibration]]),
  );
  const sig = (z: number): number => 1 / (1 + Math.exp(-z));
  assert.deepEqual(ex.pipelines.map((p) => p.pipeline_name), ['default-sr', 'vulture-sr', 'xenops-ps']);
  const close = (actual: readonly number[], expected: number[]): void =>
    assert.ok(actual.length === expected.length && actual.every((v, i) => Math.abs(v - expected[i]!) < 1e-12), `${actual} vs ${expected}`);
  close(ex.pipelines[0]!.evidence!.region_map!.probabilities, [sig(2 * (1 - 1)), sig(2 * (-1 - 1))]);
  close(ex.pipelines[1]!.evidence!.region_map!.probabilities, [sig(2 * (1 + 1)), sig(2 * (-1 + 1))]);
  assert.notEqual(ex.pipelines[0]!.evidence!.region_map!.png, ex.pipelines[1]!.evidence!.region_map!.png);
  assert.deepEqual(ex.pipelines[0]!.evidence!.details, { peaks: [] });
  assert.equal(ex.pipelines[2]!.evidence, null);
  assert.deepEqual(ex.main_document!.canonical_to_image, [0.125, 0, 10, 0, 0.1485, 10, 0, 0, 1]);
  assert.equal(ex.portrait, null);
  // Plain data: survives JSON unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(ex)), ex);
});
