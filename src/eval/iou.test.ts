import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isConvexQuad, quadIou, quadIouByPolyclip } from './iou.js';
import type { Quad } from '../domain/types.js';

const rect = (x: number, y: number, w: number, h: number): Quad => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];

test('identical quads: 1; disjoint: 0', () => {
  assert.equal(quadIou(rect(0, 0, 10, 10), rect(0, 0, 10, 10)), 1);
  assert.equal(quadIou(rect(0, 0, 10, 10), rect(20, 20, 5, 5)), 0);
});

test('half-overlapping squares: 50 / 150', () => {
  assert.ok(Math.abs(quadIou(rect(0, 0, 10, 10), rect(5, 0, 10, 10)) - 50 / 150) < 1e-9);
});

test('one inside the other: ratio of areas; corner order (clockwise or not) does not matter', () => {
  const inner: Quad = [[2, 2], [2, 7], [7, 7], [7, 2]];
  assert.ok(Math.abs(quadIou(rect(0, 0, 10, 10), inner) - 25 / 100) < 1e-9);
});

test('rotated square (diamond) in a square: hand-computed', () => {
  // diamond with vertices at the edge midpoints of the 10x10 square has area 50, entirely inside -> 0.5
  const diamond: Quad = [[5, 0], [10, 5], [5, 10], [0, 5]];
  assert.ok(Math.abs(quadIou(rect(0, 0, 10, 10), diamond) - 0.5) < 1e-9);
});

test('subnormal coordinates do not break the general path', () => {
  const a: Quad = [[0, 0], [30, 4.4e-323], [30, 30], [0, 30]];
  const b: Quad = [[0, 5e-324], [30, 1e-323], [30, 30], [0, 30]];
  assert.ok(Math.abs(quadIouByPolyclip(a, b) - 1) < 1e-9);
});

test('degenerate quads give 0', () => {
  const line: Quad = [[0, 0], [10, 0], [10, 0], [0, 0]];
  assert.equal(quadIou(line, line), 0);
});

test('concave and self-crossing quads take the general path', () => {
  // arrow-head (concave) inside the 10x10 square: area = 100 - triangle (0,0)-(10,0)-(5,5) = 100 - 25 = 75
  const arrow: Quad = [[0, 0], [5, 5], [10, 0], [10, 10]];
  assert.equal(isConvexQuad(arrow), false);
  // arrow is (0,0)->(5,5)->(10,0)->(10,10): area by shoelace = 25; it lies inside the square
  assert.ok(Math.abs(quadIou(rect(0, 0, 10, 10), arrow) - 25 / 100) < 1e-9);
  const bowTie: Quad = [[0, 0], [10, 10], [10, 0], [0, 10]];
  assert.equal(isConvexQuad(bowTie), false);
  const iou = quadIou(rect(0, 0, 10, 10), bowTie);
  assert.ok(iou > 0 && iou < 1);
});

test('the convex fast path agrees with polygon clipping on random convex quads', () => {
  // pixel coordinates with sub-pixel jitter (hundredths of a pixel)
  const corner = fc.tuple(fc.integer({ min: -500, max: 500 }).map((v) => v / 100), fc.integer({ min: -500, max: 500 }).map((v) => v / 100));
  // a jittered rectangle stays convex for small jitter; both orientations of the corner order are tried
  const coordinate = (min: number, max: number) => fc.integer({ min: min * 10, max: max * 10 }).map((v) => v / 10);
  const quad = fc.record({ x: coordinate(0, 100), y: coordinate(0, 100), w: coordinate(30, 200), h: coordinate(30, 200), j: fc.array(corner, { minLength: 4, maxLength: 4 }), reverse: fc.boolean() })
    .map(({ x, y, w, h, j, reverse }) => {
      const pts = rect(x, y, w, h).map(([px, py], i) => [px + (j[i] as [number, number])[0], py + (j[i] as [number, number])[1]] as const);
      return (reverse ? [...pts].reverse() : pts) as unknown as Quad;
    });
  fc.assert(
    fc.property(quad, quad, (a, b) => {
      assert.ok(isConvexQuad(a) && isConvexQuad(b));
      assert.ok(Math.abs(quadIou(a, b) - quadIouByPolyclip(a, b)) < 1e-6);
    }),
    { numRuns: 200 },
  );
});
