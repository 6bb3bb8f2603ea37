import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Quad } from '../domain/types.js';
import { ID3_ASPECT } from './aspect.js';
import { runsLong, shorterPages } from './long-page.js';
import type { QuadCandidate } from './quads.js';

const rect = (x: number, y: number, w: number, h: number): Quad => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
const candidate = (quad: Quad, score: number, aspect: number): QuadCandidate => ({ quad, score, edgeScore: score, aspect, aspectScore: 1, contentScore: 0.5, inFrameFraction: 1, areaFraction: 0.1, passportBody: false, truncated: false });

test('a passport page typed by the zone inside its quad runs long only when the quad reads wider than a page', () => {
  assert.equal(runsLong('PASSPORT', 'inside', 1.57), true);
  assert.equal(runsLong('PASSPORT', 'inside', 1.43), false);
  // Extended to take in the zone: the extension already set the page's aspect.
  assert.equal(runsLong('PASSPORT', 'outside', 1.57), false);
  // No zone: the type came from the aspect, which says nothing of a page.
  assert.equal(runsLong('PASSPORT', null, 1.5), false);
  assert.equal(runsLong('ID_CARD', 'inside', 1.6), false);
});

test('the page-shaped candidates inside a long page quad are its shorter pages, best score first; others are not', () => {
  // The long quad: the page (142 x 100) and 15 px of the facing page beyond its right side.
  const long = rect(100, 100, 157, 100);
  const page = candidate(rect(100, 100, 142, 100), 0.7, ID3_ASPECT);
  const pageFromTheRight = candidate(rect(115, 100, 142, 100), 0.8, ID3_ASPECT);
  const card = candidate(rect(100, 100, 158, 100), 0.9, 1.58);
  const portraitWindow = candidate(rect(110, 120, 40, 50), 0.95, 1.25);
  const halfOutside = candidate(rect(180, 100, 142, 100), 0.9, ID3_ASPECT);
  const cut = { ...candidate(rect(100, 100, 142, 100), 0.9, ID3_ASPECT), truncated: true };
  const found = shorterPages(long, [card, page, portraitWindow, halfOutside, cut, pageFromTheRight]);
  assert.deepEqual(found, [pageFromTheRight, page]);
});
