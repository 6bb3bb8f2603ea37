import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, Quad } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { background, card, placeInQuad } from '../../test/support/synthetic.js';
import { colourEdges } from './edges.js';
import { detectLines, type Line } from './lines.js';

/** Shadow stripes: dark bands `band` px wide every `period` px, tilted by `slope` (x shift per row), over everything. */
function stripes(image: RgbImage, period: number, band: number, slope: number): RgbImage {
  const data = new Uint8Array(image.data);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const u = (((x - slope * y) % period) + period) % period;
      if (u >= band) continue;
      for (let c = 0; c < 3; c++) data[(y * image.width + x) * 3 + c] = Math.round(data[(y * image.width + x) * 3 + c]! * 0.45);
    }
  }
  return { ...image, data };
}

/** The line nearest to the segment a-b: its largest distance from a and b (within 4 degrees). */
function nearest(lines: readonly Line[], a: Point, b: Point): number {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const nx = -(b[1] - a[1]) / length, ny = (b[0] - a[0]) / length;
  let best = Infinity;
  for (const l of lines) {
    if (l.frameEdge || Math.abs(l.nx * nx + l.ny * ny) < Math.cos((4 * Math.PI) / 180)) continue;
    best = Math.min(best, Math.max(Math.abs(a[0] * l.nx + a[1] * l.ny - l.rho), Math.abs(b[0] * l.nx + b[1] * l.ny - l.rho)));
  }
  return best;
}

const CARD: Quad = [[120, 100], [300, 104], [303, 218], [121, 214]];
const options = { edgeThreshold: 12, maxLines: 48 };

test('a card side running beside a stronger stripe edge is recovered by the second round', () => {
  const scene = stripes(placeInQuad(background(480, 340, 81, [220, 220, 215]), card(856, 540, 82, [150, 150, 150]), CARD), 60, 18, 0.05);
  const edges = colourEdges(scene);
  const first = detectLines(edges, { ...options, hiddenLines: 0 });
  const both = detectLines(edges, options);
  const sides = [0, 1, 2, 3].map((s) => [CARD[s]!, CARD[(s + 1) % 4]!] as const);
  const missing = sides.filter(([a, b]) => nearest(first, a, b) > 2);
  assert.ok(missing.length > 0, 'every side already found by the first round: the scene does not test the rule');
  for (const [a, b] of sides) assert.ok(nearest(both, a, b) <= 2, `side ${a} - ${b}: nearest line ${nearest(both, a, b).toFixed(1)} px`);
});

test('on a plain desk the second round adds no line on top of a first-round one', () => {
  const scene = placeInQuad(background(480, 340, 83), card(856, 540, 84), CARD);
  const edges = colourEdges(scene);
  const first = detectLines(edges, { ...options, hiddenLines: 0 }).filter((l) => !l.frameEdge);
  const both = detectLines(edges, options).filter((l) => !l.frameEdge);
  assert.deepEqual(both.slice(0, first.length).map((l) => [l.theta, l.rho]), first.map((l) => [l.theta, l.rho]));
  for (const extra of both.slice(first.length)) {
    assert.ok(!first.some((l) => Math.abs(Math.cos(l.theta - extra.theta)) > 0.9998 && Math.abs(Math.abs(l.rho) - Math.abs(extra.rho)) < 2), `extra line ${extra.theta} ${extra.rho} repeats one`);
  }
});
