import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quad } from '../domain/types.js';
import { areaInFrame, clockwise, isConvex, quadIou } from './geometry.js';

const square = (x: number, y: number, s: number): Quad => [[x, y], [x + s, y], [x + s, y + s], [x, y + s]];

test('IoU of identical, half-shifted and disjoint squares', () => {
  assert.equal(quadIou(square(0, 0, 10), square(0, 0, 10)), 1);
  assert.ok(Math.abs(quadIou(square(0, 0, 10), square(5, 0, 10)) - 50 / 150) < 1e-9);
  assert.equal(quadIou(square(0, 0, 10), square(20, 0, 10)), 0);
  // Orientation of the corner order does not matter.
  const ccw: Quad = [[0, 0], [0, 10], [10, 10], [10, 0]];
  assert.equal(quadIou(square(0, 0, 10), ccw), 1);
});

test('area inside the frame, convexity and clockwise order', () => {
  assert.equal(areaInFrame(square(-5, -5, 10), 100, 100), 25);
  assert.ok(isConvex(square(0, 0, 3)));
  assert.ok(!isConvex([[0, 0], [10, 0], [2, 2], [0, 10]]));
  const ccw: Quad = [[0, 0], [0, 10], [10, 10], [10, 0]];
  assert.deepEqual(clockwise(ccw), [[0, 0], [10, 0], [10, 10], [0, 10]]);
});
