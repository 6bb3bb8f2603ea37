import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, Quad } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { background, card, placeInQuad, rng, toGreyscale } from '../../test/support/synthetic.js';
import { makeDocumentCropper } from './crop.js';
import { refineQuad, withdrawFromSheetEdges } from './refine.js';
import { greyClosing, textEvidence } from './text-evidence.js';
import { isDocumentOnSheet, localise } from './localise.js';
import { quadIou } from './geometry.js';

const TRUE_QUAD: Quad = [[200, 150], [760, 170], [750, 520], [210, 500]];
const scene = placeInQuad(background(960, 680, 41), card(856, 540, 42), TRUE_QUAD);

test('refinement brings corners displaced by 3 px back to the true border (within 1 px)', () => {
  const off: Quad = TRUE_QUAD.map(([x, y], i) => [x + (i % 2 ? 3 : -3), y + (i < 2 ? -3 : 3)] as Point) as unknown as Quad;
  const refined = refineQuad(scene, off, 6);
  refined.forEach(([x, y], i) => {
    const [tx, ty] = TRUE_QUAD[i]!;
    assert.ok(Math.hypot(x - tx, y - ty) < 1, `corner ${i}: ${x.toFixed(2)},${y.toFixed(2)} vs ${tx},${ty}`);
  });
});

test('the localiser finds the card first among the hypotheses that do not lie on another one', () => {
  const small = placeInQuad(background(480, 340, 43), card(856, 540, 44), TRUE_QUAD.map(([x, y]) => [x / 2, y / 2] as Point) as unknown as Quad);
  const { hypotheses } = localise(small);
  const free = hypotheses.filter((h) => !hypotheses.some((o) => o !== h && isDocumentOnSheet(h, o)));
  assert.ok(free.length >= 1);
  assert.ok(quadIou(free[0]!.quad, TRUE_QUAD.map(([x, y]) => [x / 2, y / 2] as Point)) > 0.9);
});

test('a card lying on a larger sheet with print is tried before the sheet', () => {
  // A newspaper-like sheet (a large card pattern: lines of print) with a smaller card on it.
  const sheetQuad: Quad = [[40, 30], [440, 40], [430, 320], [50, 310]];
  const cardQuad: Quad = [[150, 120], [330, 125], [327, 238], [148, 233]];
  const scene = placeInQuad(placeInQuad(background(480, 340, 51, [60, 60, 60]), card(800, 560, 52, [235, 235, 230]), sheetQuad), card(856, 540, 53, [200, 190, 160]), cardQuad);
  const { hypotheses } = localise(scene);
  const onCard = hypotheses.findIndex((h) => quadIou(h.quad, cardQuad) > 0.9);
  const onSheet = hypotheses.findIndex((h) => quadIou(h.quad, sheetQuad) > 0.9);
  assert.ok(onCard >= 0, 'the card is a hypothesis');
  assert.ok(onSheet < 0 || onCard < onSheet, `card at ${onCard}, sheet at ${onSheet}`);
  assert.ok(onSheet < 0 || isDocumentOnSheet(hypotheses[onCard]!, hypotheses[onSheet]!));
});

test('print reads as text lines; an even texture does not', () => {
  assert.ok(textEvidence(card(640, 403, 45)).textBandFraction >= 0.3);
  assert.ok(textEvidence(background(640, 403, 46)).textBandFraction < 0.1);
});

test('print under a photocopy halftone still reads as text lines; the halftone alone does not', () => {
  // A grey copy: the card in grey with a fine dot screen (one dark dot in every 2 x 2 cell, random strength).
  const halftone = (image: RgbImage, seed: number): RgbImage => {
    const random = rng(seed);
    const data = new Uint8Array(image.data.length);
    for (let i = 0; i < image.width * image.height; i++) {
      const x = i % image.width, y = Math.floor(i / image.width);
      const grey = 0.3 * image.data[i * 3]! + 0.59 * image.data[i * 3 + 1]! + 0.11 * image.data[i * 3 + 2]!;
      const dot = x % 2 === 0 && y % 2 === 0 ? 30 + 40 * random() : 0;
      data[i * 3] = data[i * 3 + 1] = data[i * 3 + 2] = Math.max(0, Math.round(grey - dot));
    }
    return { width: image.width, height: image.height, data };
  };
  assert.ok(textEvidence(halftone(card(640, 403, 47), 48), true).textBandFraction >= 0.1);
  const blank = card(640, 403, 49);
  blank.data.fill(200);
  assert.ok(textEvidence(halftone(blank, 50), true).textBandFraction < 0.1);
});

test('a full-resolution crop of the whole canonical area is the document at native resolution', async () => {
  const crop = makeDocumentCropper(scene, TRUE_QUAD, 640, 403, 560);
  const whole = await crop({ x: 0, y: 0, width: 640, height: 403 });
  assert.equal(whole.width, 560);
  // Its centre is the card's own centre: the text area, darker than the blank card colour in places, not the desk.
  const half = await crop({ x: 320, y: 0, width: 320, height: 403 }, { scale: 0.5 });
  assert.equal(half.width, 140);
  await assert.rejects(crop({ x: 0, y: 0, width: 0, height: 10 }), /positive size/);
});

test('the fast grey closing equals the brute-force one (square window, clamped borders)', () => {
  // Planes narrower or shorter than the window as well: every column or row is then a border one.
  for (const [width, height] of [[37, 23], [5, 40], [40, 3], [2, 2], [1, 9]] as const) closingMatchesBruteForce(width, height);
});

function closingMatchesBruteForce(width: number, height: number): void {
  const data = new Float32Array(width * height);
  let s = 7;
  for (let i = 0; i < data.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; data[i] = s % 256; }
  const plane = { width, height, data };
  const at = (p: Float32Array, x: number, y: number): number => p[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!;
  for (const r of [1, 2, 3, 4]) {
    const dilated = new Float32Array(data.length);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      let m = -Infinity;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) m = Math.max(m, at(data, x + dx, y + dy));
      dilated[y * width + x] = m;
    }
    const fast = greyClosing(plane, r).data;
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      let m = Infinity;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) m = Math.min(m, at(dilated, x + dx, y + dy));
      assert.equal(fast[y * width + x], m, `${width}x${height}, r ${r} at ${x},${y}`);
    }
  }
}

test('a copy on paper with the sheet corner in view: the sides on the sheet edge move in to the print border', () => {
  // Dark desk, a white sheet running out of the frame right and down, a grey printed card near the sheet's corner.
  const sheet: Quad = [[100, 80], [1200, 90], [1190, 900], [90, 890]];
  const print: Quad = [[130, 112], [690, 120], [685, 470], [124, 463]];
  const paper = card(800, 600, 60, [246, 246, 246]);
  paper.data.fill(246);
  const scene = placeInQuad(placeInQuad(background(960, 680, 61, [40, 40, 40]), paper, sheet), toGreyscale(card(856, 540, 62, [160, 160, 160])), print);
  // The quad a Hough search closes with the sheet's top and left edges and the print's right and bottom ones.
  const mixed: Quad = [[100, 80], [691, 89], [685, 470], [93, 463]];
  const withdrawn = withdrawFromSheetEdges(scene, mixed);
  withdrawn.forEach(([x, y], i) => {
    const [tx, ty] = print[i]!;
    assert.ok(Math.hypot(x - tx, y - ty) < 2, `corner ${i}: ${x.toFixed(1)},${y.toFixed(1)} vs ${tx},${ty}`);
  });
  // A card on the desk (every side brighter inside) keeps its quad, print and all.
  assert.deepEqual(withdrawFromSheetEdges(scene, sheetInFrame(sheet)), sheetInFrame(sheet));
  assert.deepEqual(withdrawFromSheetEdges(placeInQuad(background(960, 680, 63, [40, 40, 40]), card(856, 540, 64), print), print), print);
});

test('a faint print border with dark print just inside part of it still takes the sheet-edge side', () => {
  // A light grey print (a grey copy's pale background) with a dark block near its top border over about 40 % of the
  // side: there the strongest step is the block, elsewhere the border. The border is the line most samples agree on.
  const sheet: Quad = [[100, 80], [1200, 90], [1190, 900], [90, 890]];
  const print: Quad = [[130, 112], [690, 120], [685, 470], [124, 463]];
  const mixed: Quad = [[100, 80], [691, 89], [685, 470], [93, 463]];
  const plain = (width: number, height: number, grey: number): RgbImage => {
    const image = card(width, height, 68);
    image.data.fill(grey);
    return image;
  };
  const printed = plain(856, 540, 228);
  for (let y = 25; y < 70; y++) printed.data.fill(50, (y * 856 + 150) * 3, (y * 856 + 400) * 3);
  const scene = placeInQuad(placeInQuad(background(960, 680, 69, [40, 40, 40]), plain(400, 300, 246), sheet), printed, print);
  const withdrawn = withdrawFromSheetEdges(scene, mixed);
  withdrawn.forEach(([x, y], i) => {
    const [tx, ty] = print[i]!;
    assert.ok(Math.hypot(x - tx, y - ty) < 2, `corner ${i}: ${x.toFixed(1)},${y.toFixed(1)} vs ${tx},${ty}`);
  });
});

test('a tinted margin unlike the paper beyond the other sides (a card\u2019s border band) is not withdrawn', () => {
  const sheet: Quad = [[100, 80], [1200, 90], [1190, 900], [90, 890]];
  const print: Quad = [[130, 112], [690, 120], [685, 470], [124, 463]];
  const mixed: Quad = [[100, 80], [691, 89], [685, 470], [93, 463]];
  const plain = (rgb: readonly [number, number, number]): RgbImage => {
    const image = card(400, 300, 65);
    for (let i = 0; i < image.width * image.height; i++) { image.data[i * 3] = rgb[0]; image.data[i * 3 + 1] = rgb[1]; image.data[i * 3 + 2] = rgb[2]; }
    return image;
  };
  // White paper beyond the print's right and bottom sides; a cream band, not paper, between the print and the
  // dark desk on its top and left.
  const scene = placeInQuad(placeInQuad(placeInQuad(background(960, 680, 66, [40, 40, 40]), plain([246, 246, 246]), sheet), plain([250, 215, 150]), mixed), toGreyscale(card(856, 540, 67, [160, 160, 160])), print);
  assert.deepEqual(withdrawFromSheetEdges(scene, mixed), mixed);
});

/** The sheet's quad clipped to the 960 x 680 frame (a plain rectangle-ish quad of it). */
function sheetInFrame(sheet: Quad): Quad {
  return sheet.map(([x, y]) => [Math.min(x, 955), Math.min(y, 675)] as Point) as unknown as Quad;
}

test('the localiser gives the same answer whatever frame it saw before (its scratch buffers are reused)', () => {
  const small = placeInQuad(background(480, 340, 81), card(856, 540, 82), [[100, 80], [380, 90], [375, 260], [95, 250]]);
  // A larger, busier frame in between: more pixels and more quads than the first.
  const busy = placeInQuad(placeInQuad(background(640, 480, 83), card(800, 560, 84), [[30, 30], [600, 40], [590, 450], [40, 440]]), card(856, 540, 85), [[200, 150], [420, 160], [415, 300], [195, 290]]);
  const first = localise(small);
  localise(busy);
  const again = localise(small);
  assert.ok(first.candidates.length > 0);
  assert.deepEqual(again.candidates, first.candidates);
  assert.deepEqual(again.edges, first.edges);
});
