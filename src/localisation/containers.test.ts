import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quad } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { background, card, placeInQuad } from '../../test/support/synthetic.js';
import { combineHypotheses } from './combine.js';
import { containerFacts, containersOf, DEFAULT_CONTAINER_RULE, isDocumentContainer, preferContainers } from './containers.js';
import { quadIou } from './geometry.js';
import { isDocumentOnSheet, localise } from './localise.js';
import type { QuadCandidate } from './quads.js';

/** A card (print lines and a portrait block, test/support/synthetic.ts) whose portrait has a thick black frame. */
function cardWithFramedPortrait(seed: number): RgbImage {
  const c = card(856, 540, seed);
  const frame = 6;
  const x0 = Math.round(856 * 0.05) - frame, y0 = Math.round(540 * 0.2) - frame;
  const x1 = x0 + Math.round(856 * 0.28) + 2 * frame, y1 = y0 + Math.round(540 * 0.65) + 2 * frame;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (x >= x0 + frame && x < x1 - frame && y >= y0 + frame && y < y1 - frame) continue;
      c.data.fill(10, (y * 856 + x) * 3, (y * 856 + x) * 3 + 3);
    }
  }
  return c;
}

test('a card whose framed portrait is tried first (as a card on a sheet) gets its own outline verified before the portrait', () => {
  const cardQuad: Quad = [[100, 80], [380, 90], [375, 265], [105, 258]];
  const scene = placeInQuad(background(480, 340, 62, [150, 140, 120]), cardWithFramedPortrait(61), cardQuad);
  const loc = localise(scene);
  const before = combineHypotheses(loc.hypotheses, null);
  // The situation of docs/quality.md "Localisation round 4": the portrait window goes before the card.
  const portraitAt = before.findIndex((h) => quadIou(h.quad, cardQuad) < 0.3 && h.onSheet);
  const cardAt = before.findIndex((h) => quadIou(h.quad, cardQuad) > 0.9);
  assert.ok(portraitAt >= 0 && (cardAt < 0 || portraitAt < cardAt), `portrait at ${portraitAt}, card at ${cardAt}`);
  const after = preferContainers(before, loc);
  assert.ok(quadIou(after[0]!.quad, cardQuad) > 0.9, `first hypothesis IoU ${quadIou(after[0]!.quad, cardQuad).toFixed(2)}`);
  assert.equal(after.filter((h) => quadIou(h.quad, cardQuad) > 0.9 && h.quad === after[0]!.quad).length, 1, 'the card is listed once');
});

test('a lone photo print on a blank sheet does not grow into the sheet', () => {
  // An A4 sheet (aspect 1.414, an ID-3 page's) on a desk, a photo print of card format on it: the sheet holds the
  // print with strong sides and the right format, but nothing is printed around the photo.
  const sheetQuad: Quad = [[40, 30], [440, 36], [436, 318], [44, 312]];
  const photoQuad: Quad = [[170, 120], [310, 123], [308, 212], [168, 209]];
  const photo = placeInQuad(background(430, 270, 71, [90, 120, 160]), background(200, 150, 72, [200, 170, 140]), [[120, 60], [320, 60], [320, 210], [120, 210]]);
  const sheet: RgbImage = { width: 594, height: 420, data: new Uint8Array(594 * 420 * 3).fill(238) };
  const scene = placeInQuad(placeInQuad(background(480, 340, 74, [70, 60, 50]), sheet, sheetQuad), photo, photoQuad);
  const loc = localise(scene);
  const photoFirst = loc.hypotheses.find((h) => quadIou(h.quad, photoQuad) > 0.9);
  assert.ok(photoFirst !== undefined, 'the print is a hypothesis');
  const sheets = containersOf(photoFirst, loc.candidates).filter((c) => quadIou(c.quad, sheetQuad) > 0.9);
  assert.ok(sheets.length >= 1, 'the sheet is a container of the print');
  for (const s of sheets) assert.ok(containerFacts(loc.density, loc.densityThreshold, photoFirst, s).ringContent < 0.3);
  const after = preferContainers(combineHypotheses(loc.hypotheses, null), loc);
  const photoAt = after.findIndex((h) => h.quad === photoFirst.quad);
  const sheetAt = after.findIndex((h) => quadIou(h.quad, sheetQuad) > 0.9);
  assert.ok(sheetAt < 0 || photoAt < sheetAt, `photo at ${photoAt}, sheet at ${sheetAt}`);
});

/** A page printed all over: rows of short dark strokes on pale paper (a newspaper or magazine panel). */
function printedPanel(width: number, height: number): RgbImage {
  const image: RgbImage = { width, height, data: new Uint8Array(width * height * 3).fill(235) };
  for (let y0 = Math.round(height * 0.03); y0 < height * 0.97 - 12; y0 += 22) {
    for (let x = Math.round(width * 0.03); x < width * 0.97; x += 9) {
      if (x % 70 < 9) continue;
      for (let y = y0; y < y0 + 12; y++) image.data.fill(40, (y * width + x) * 3, (y * width + x + 3) * 3);
    }
  }
  return image;
}

function candidate(quad: Quad, edgeScore: number, aspectScore: number): QuadCandidate {
  return { quad, edgeScore, aspect: 1.586, aspectScore, contentScore: 1, inFrameFraction: 1, areaFraction: 0.2, score: edgeScore ** 2, passportBody: false, truncated: false };
}

test('the container rule: format, edges at least the part\'s, print around the part, a part of plausible size', () => {
  const outer = candidate([[0, 0], [160, 0], [160, 100], [0, 100]], 0.9, 0.9);
  const part = candidate([[10, 20], [60, 20], [60, 80], [10, 80]], 0.85, 0.9);
  const facts = { partShare: 0.19, ringContent: 0.95, partMargin: 0.0625 };
  assert.equal(isDocumentContainer(outer, part, facts), true);
  assert.equal(isDocumentContainer({ ...outer, edgeScore: 0.8 }, part, facts), false, 'fainter sides than the part');
  assert.equal(isDocumentContainer({ ...outer, aspectScore: 0.3 }, part, facts), false, 'not a document format');
  assert.equal(isDocumentContainer(outer, part, { ...facts, ringContent: 0.5 }), false, 'blank around the part');
  assert.equal(isDocumentContainer(outer, part, { ...facts, partShare: 0.02 }), false, 'a speck on a large quad');
  assert.equal(isDocumentContainer(outer, part, { ...facts, partMargin: 0.3 }), false, 'in the middle, away from every side');
});

test('containers are whole quads holding the part; a frame-cut quad or one beside the part is not', () => {
  const part = candidate([[10, 20], [60, 20], [60, 80], [10, 80]], 0.85, 0.9);
  const holder = candidate([[0, 0], [160, 0], [160, 100], [0, 100]], 0.9, 0.9);
  const cut = { ...holder, quad: [[0, 0], [161, 0], [161, 100], [0, 100]] as Quad, truncated: true };
  const beside = candidate([[70, 0], [230, 0], [230, 100], [70, 100]], 0.9, 0.9);
  assert.deepEqual(containersOf(part, [part, holder, cut, beside]), [holder]);
  // Alone, such a part would be tried before its holder as a card lying on a sheet (what round 5 corrects).
  assert.equal(isDocumentOnSheet(part, holder), true);
});

test('a card lying in the middle of a larger printed rectangle does not grow into it; a framed portrait at its side still does', () => {
  // A printed panel of ID-3 format (a newspaper or magazine page) with a card lying in its middle: print all around
  // the card and clearer sides than the card's, as a card around its own portrait window, but the card is far from
  // every side of the panel.
  const panelQuad: Quad = [[40, 30], [440, 40], [430, 320], [50, 310]];
  const cardQuad: Quad = [[150, 120], [330, 125], [327, 238], [148, 233]];
  const scene = placeInQuad(placeInQuad(background(480, 340, 51, [60, 60, 60]), printedPanel(800, 560), panelQuad), card(856, 540, 53, [200, 190, 160]), cardQuad);
  const { density, densityThreshold } = localise(scene);
  const part = candidate(cardQuad, 0.8, 0.9);
  const panel = candidate(panelQuad, 0.95, 0.9);
  const facts = containerFacts(density, densityThreshold, part, panel);
  assert.ok(facts.partMargin > 0.25, `margin ${facts.partMargin.toFixed(2)}`);
  // Without the margin condition the panel passes as the card's document and is tried first.
  const unbounded = { ...DEFAULT_CONTAINER_RULE, maxPartMargin: Number.POSITIVE_INFINITY };
  assert.equal(isDocumentContainer(panel, part, facts, unbounded), true, JSON.stringify(facts));
  const hypotheses = [{ quad: part.quad, score: part.score, passportBody: false, source: 'classical' as const, onSheet: false }];
  const evidence = { candidates: [part, panel], density, densityThreshold };
  assert.equal(preferContainers(hypotheses, evidence, unbounded)[0]!.quad, panel.quad);
  assert.equal(isDocumentContainer(panel, part, facts), false);
  assert.deepEqual(preferContainers(hypotheses, evidence), hypotheses);
  // The framed portrait of the first test sits at its card's side: its margin is small.
  const framedQuad: Quad = [[100, 80], [380, 90], [375, 265], [105, 258]];
  const framed = localise(placeInQuad(background(480, 340, 62, [150, 140, 120]), cardWithFramedPortrait(61), framedQuad));
  const window = framed.hypotheses.find((h) => quadIou(h.quad, framedQuad) < 0.3);
  const holder = window && containersOf(window, framed.candidates).find((c) => quadIou(c.quad, framedQuad) > 0.9);
  assert.ok(window !== undefined && holder !== undefined);
  assert.ok(containerFacts(framed.density, framed.densityThreshold, window, holder).partMargin < 0.1);
});
