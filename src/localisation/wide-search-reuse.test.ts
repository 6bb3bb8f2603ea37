import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quad } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { card, newspaper, placeInQuad } from '../../test/support/synthetic.js';
import { colourEdges } from './edges.js';
import { detectLines, firstRound } from './lines.js';
import { DEFAULT_LOCALISER_THRESHOLDS, LINE_SEARCH, localise } from './localise.js';

// A card on newspaper text: far more than 96 line peaks, so the wide search refines lines the first did not.
const CARD_QUAD: Quad = [[172, 113], [318, 117], [316, 207], [169, 203]];
const scene = (): RgbImage => placeInQuad(newspaper(480, 340, 10, 6, 3), card(856, 540, 61, [235, 235, 230]), CARD_QUAD);
const thr = DEFAULT_LOCALISER_THRESHOLDS.edgeThreshold;

test('lines detected with a first round shared by a 48-line and a 96-line search equal those detected afresh', () => {
  const edges = colourEdges(scene());
  const round = firstRound(edges, thr);
  const first = detectLines(edges, { edgeThreshold: thr, maxLines: LINE_SEARCH.first }, round);
  const wide = detectLines(edges, { edgeThreshold: thr, maxLines: LINE_SEARCH.wide }, round);
  assert.ok(round.peaks.length > LINE_SEARCH.wide, `${round.peaks.length} peaks`);
  assert.equal(round.refined.length, LINE_SEARCH.wide);
  assert.deepEqual(first, detectLines(edges, { edgeThreshold: thr, maxLines: LINE_SEARCH.first }));
  assert.deepEqual(wide, detectLines(edges, { edgeThreshold: thr, maxLines: LINE_SEARCH.wide }));
  // Taking fewer lines again after more gives the first ones, not the wide set.
  assert.deepEqual(detectLines(edges, { edgeThreshold: thr, maxLines: LINE_SEARCH.first }, round), first);
});

test('a first round voted on other edges or with another threshold is refused', () => {
  const edges = colourEdges(scene());
  assert.throws(() => detectLines(edges, { edgeThreshold: thr, maxLines: 48 }, firstRound(colourEdges(scene()), thr)), /other edges or with another edge threshold/);
  assert.throws(() => detectLines(edges, { edgeThreshold: thr + 1, maxLines: 48 }, firstRound(edges, thr)), /other edges or with another edge threshold/);
});

test('the wide search after the first on the same image gives what it gives on a fresh image', () => {
  const image = scene();
  const first = localise(image, DEFAULT_LOCALISER_THRESHOLDS, LINE_SEARCH.first);
  const wide = localise(image, DEFAULT_LOCALISER_THRESHOLDS, LINE_SEARCH.wide);
  const fresh = localise(scene(), DEFAULT_LOCALISER_THRESHOLDS, LINE_SEARCH.wide);
  assert.equal(wide.edges, first.edges, 'the edges are the first search\'s');
  assert.notDeepEqual(wide.candidates, first.candidates);
  assert.deepEqual(wide.candidates, fresh.candidates);
  assert.deepEqual(wide.hypotheses, fresh.hypotheses);
  // Another edge threshold on the same image is localised afresh too.
  const other = { ...DEFAULT_LOCALISER_THRESHOLDS, edgeThreshold: thr + 4 };
  assert.deepEqual(localise(image, other).candidates, localise(scene(), other).candidates);
});
