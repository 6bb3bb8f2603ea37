import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quadIou } from './iou.js';
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

test('degenerate quads give 0', () => {
  const line: Quad = [[0, 0], [10, 0], [10, 0], [0, 0]];
  assert.equal(quadIou(line, line), 0);
});
