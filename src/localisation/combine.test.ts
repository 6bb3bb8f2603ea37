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
  // The mask marks the card; over the whole sheet its mean is low (a sheet the mask fills is a document, see below).
  const out = combineHypotheses([sheet, onIt], { quads: [], support: (q) => (q === onIt.quad ? 0.9 : q === sheet.quad ? 0.3 : 0) });
  assert.deepEqual(out.map((h) => [h.quad, h.onSheet]), [[onIt.quad, true], [sheet.quad, false]]);
});

test('a document whose portrait outranked it goes before the portrait where the mask fills it; a sheet under a card does not', () => {
  const card = { ...candidate(rect(100, 100, 160, 101), 0.5), edgeScore: 0.7 };
  const portrait = { ...candidate(rect(200, 120, 45, 60), 0.8), aspect: 1.33, aspectScore: 0.3 };
  const filled: LearnedEvidence = { quads: [], support: (q) => (q === card.quad || q === portrait.quad ? 0.9 : 0) };
  assert.deepEqual(combineHypotheses([portrait, card], filled, undefined, new Set([card])).map((h) => h.quad), [card.quad, portrait.quad]);
  // The same geometry where the mask covers only the inner quad: a card on a sheet keeps its place before the sheet.
  const sheet = { ...candidate(rect(100, 100, 160, 101), 0.5), edgeScore: 0.7 };
  const onSheet = { ...candidate(rect(150, 120, 60, 38), 0.8), edgeScore: 0.8 };
  const cardOnly: LearnedEvidence = { quads: [], support: (q) => (q === onSheet.quad ? 0.9 : q === sheet.quad ? 0.3 : 0) };
  assert.deepEqual(combineHypotheses([onSheet, sheet], cardOnly).map((h) => h.quad), [onSheet.quad, sheet.quad]);
});

test('a quad reaching past the card (a screen around it) is dropped, not moved before the card: the mask reads lower over it', () => {
  const screen = { ...candidate(rect(60, 60, 260, 170), 0.5), edgeScore: 0.7 };
  const cardOnScreen = { ...candidate(rect(100, 100, 160, 101), 0.7), edgeScore: 0.8, areaFraction: 0.05 };
  const mask: LearnedEvidence = { quads: [], support: (q) => (q === cardOnScreen.quad ? 0.9 : q === screen.quad ? 0.67 : 0) };
  assert.deepEqual(combineHypotheses([cardOnScreen, screen], mask, undefined, new Set([screen])).map((h) => h.quad), [cardOnScreen.quad]);
  // Where the mask fills the outer quad as much as the inner one, the outer one is the document and goes first.
  const filled: LearnedEvidence = { quads: [], support: (q) => (q === cardOnScreen.quad || q === screen.quad ? 0.9 : 0) };
  assert.deepEqual(combineHypotheses([cardOnScreen, screen], filled, undefined, new Set([screen])).map((h) => h.quad), [screen.quad, cardOnScreen.quad]);
});
