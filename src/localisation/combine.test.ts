import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Quad } from '../domain/types.js';
import { combineHypotheses, type LearnedEvidence } from './combine.js';
import type { QuadCandidate } from './quads.js';

const rect = (x: number, y: number, w: number, h: number): Quad => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
const candidate = (quad: Quad, score: number): QuadCandidate => ({ quad, score, edgeScore: score, aspect: 1.58, aspectScore: 1, contentScore: 0.5, inFrameFraction: 1, areaFraction: 0.1, passportBody: false, truncated: false });
/** Evidence whose mask supports exactly the quads listed (1 inside them, 0 elsewhere). */
const evidence = (quads: { quad: Quad; score: number }[], supported: readonly Quad[]): LearnedEvidence => ({ quads, support: (q) => (supported.includes(q) ? 0.9 : 0) });

test('without the learned localiser the classical hypotheses pass unchanged', () => {
  const a = candidate(rect(10, 10, 100, 63), 0.8);
  const out = combineHypotheses([a], null);
  assert.deepEqual(out.map((h) => [h.quad, h.source]), [[a.quad, 'classical']]);
});

test('a classical quad the mask does not support is dropped; the same document keeps the classical corners', () => {
  const card = candidate(rect(100, 100, 160, 101), 0.6);
  const phone = { ...candidate(rect(300, 50, 70, 140), 0.9), aspect: 2.0, aspectScore: 0.05 };
  const learnedCard = { quad: rect(104, 98, 150, 104), score: 0.85 };
  const out = combineHypotheses([phone, card], evidence([learnedCard], [card.quad]));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.quad, card.quad);
  assert.equal(out[0]!.source, 'classical');
});

test('learned documents without a classical quad of their own are fallbacks after every classical one; faint ones are ignored', () => {
  const portrait = candidate(rect(120, 120, 40, 50), 0.7);
  const learnedCard = { quad: rect(100, 100, 160, 101), score: 0.8 };
  const learnedElsewhere = { quad: rect(400, 300, 80, 50), score: 0.7 };
  const faint = { quad: rect(10, 300, 80, 50), score: 0.3 };
  const out = combineHypotheses([portrait], evidence([learnedCard, learnedElsewhere, faint], [portrait.quad]));
  assert.deepEqual(out.map((h) => h.source), ['classical', 'learned', 'learned']);
  assert.equal(out[1]!.quad, learnedCard.quad);
  assert.equal(out[2]!.quad, learnedElsewhere.quad);
});

test('a clearly bordered quad of a document format is kept where the mask is blank, a weaker one is not', () => {
  const faint = { ...candidate(rect(100, 100, 160, 101), 0.95), edgeScore: 0.95 };
  const weak = { ...candidate(rect(300, 100, 160, 101), 0.8), edgeScore: 0.8 };
  const out = combineHypotheses([faint, weak], evidence([], []));
  assert.deepEqual(out.map((h) => h.quad), [faint.quad]);
});

test('a document lying on a sheet stays before the sheet after the mask re-ranks, flagged as on a sheet', () => {
  const sheet = candidate(rect(0, 0, 400, 280), 0.9);
  const onIt = { ...candidate(rect(100, 100, 160, 101), 0.6), edgeScore: 0.8 };
  const out = combineHypotheses([sheet, onIt], evidence([], [sheet.quad, onIt.quad]));
  assert.deepEqual(out.map((h) => [h.quad, h.onSheet]), [[onIt.quad, true], [sheet.quad, false]]);
});
