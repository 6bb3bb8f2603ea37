import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quad } from '../domain/types.js';
import { quadIou } from './geometry.js';
import type { Line } from './lines.js';
import { searchQuads } from './quads.js';

const WIDTH = 480, HEIGHT = 340;

/** A line x nx + y ny = rho whose samples are edge-supported (one polarity) where `supported(x, y)` holds. */
function syntheticLine(theta: number, rho: number, supported: (x: number, y: number) => boolean): Line {
  const nx = Math.cos(theta), ny = Math.sin(theta);
  const diag = Math.ceil(Math.hypot(WIDTH, HEIGHT)), count = 2 * diag + 1;
  const positive = new Float32Array(count + 1), negative = new Float32Array(count + 1), inFrame = new Float32Array(count + 1);
  for (let k = 0; k < count; k++) {
    const t = k - diag, x = rho * nx - t * ny, y = rho * ny + t * nx;
    const inside = x >= 1 && y >= 1 && x < WIDTH - 1 && y < HEIGHT - 1;
    positive[k + 1] = positive[k]! + (inside && supported(x, y) ? 1 : 0);
    inFrame[k + 1] = inFrame[k]! + (inside ? 1 : 0);
  }
  return { theta, rho, nx, ny, positive, negative, inFrame, tMin: -diag, votes: 1, frameEdge: false };
}

const CARD: Quad = [[150, 110], [330, 110], [330, 224], [150, 224]];
const options = { width: WIDTH, height: HEIGHT, minAreaFraction: 0.025, density: { width: 1, height: 1, data: new Float32Array(1) }, densityThreshold: 0.04 };

// Shadow stripes (vertical lines, perfectly supported over the whole frame) crossing four horizontal lines: hundreds
// of rectangles with perfect sides, most of no document's shape. The card's short sides are 80 % supported.
const stripes = Array.from({ length: 16 }, (_, k) => syntheticLine(0, 15 + 30 * k, () => true));
const horizontals = [40, 110, 224, 300].map((y) => syntheticLine(Math.PI / 2, y, () => true));
const cardSides = [150, 330].map((x) => syntheticLine(0, x, (_, y) => y > 110 && y < 224 && (y - 110) % 10 < 8));

test('a card among hundreds of perfect stripe rectangles is scored (the format test comes before the cut)', () => {
  // On main 04064e2 the 400 quads scored in full were the best by edge score: all stripe rectangles.
  const candidates = searchQuads([...stripes, ...horizontals, ...cardSides], options);
  const card = candidates.findIndex((c) => quadIou(c.quad, CARD) > 0.95);
  assert.ok(card >= 0, `card not among ${candidates.length} candidates`);
  assert.ok(candidates.every((c) => c.aspectScore >= 0.05));
});

test('without the stripes the card is the best candidate, with the same edge score', () => {
  const candidates = searchQuads([...horizontals, ...cardSides], options);
  assert.ok(quadIou(candidates[0]!.quad, CARD) > 0.95);
  const withStripes = searchQuads([...stripes, ...horizontals, ...cardSides], options).find((c) => quadIou(c.quad, CARD) > 0.95);
  assert.equal(withStripes?.edgeScore, candidates[0]!.edgeScore);
});
