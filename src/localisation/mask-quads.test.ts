import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Point, Quad } from '../domain/types.js';
import { insideConvex, quadIou } from './geometry.js';
import { components, convexHull, maskQuads, reduceToQuad, refitSides } from './mask-quads.js';

/** A soft mask of quads: each cell's coverage, 8 x 8 supersampled (what the net is trained to output). */
function softMask(quads: readonly Quad[], side: number): Float32Array {
  const mask = new Float32Array(side * side);
  for (let cy = 0; cy < side; cy++) {
    for (let cx = 0; cx < side; cx++) {
      let hits = 0;
      for (let sy = 0; sy < 8; sy++) for (let sx = 0; sx < 8; sx++) if (quads.some((q) => insideConvex(q, cx + (sx + 0.5) / 8, cy + (sy + 0.5) / 8))) hits++;
      mask[cy * side + cx] = hits / 64;
    }
  }
  return mask;
}

test('a rotated, perspective document mask gives back its quad to a fraction of a cell', () => {
  const truth: Quad = [[8.3, 5.2], [30.6, 9.1], [27.9, 24.4], [5.1, 20.7]];
  const found = maskQuads(softMask([truth], 40), 40);
  assert.equal(found.length, 1);
  const quad = found[0]!.quad;
  assert.ok(quadIou(quad, truth) > 0.95, `IoU ${quadIou(quad, truth)}`);
  for (const corner of truth) {
    const nearest = Math.min(...quad.map((p) => Math.hypot(p[0] - corner[0], p[1] - corner[1])));
    assert.ok(nearest < 0.8, `corner ${corner} found ${nearest.toFixed(2)} cells away`);
  }
  assert.ok(found[0]!.score > 0.8);
});

test('two separate documents are two quads; specks below minCells are dropped', () => {
  const a: Quad = [[2, 2], [14, 2], [14, 10], [2, 10]];
  const b: Quad = [[20, 20], [36, 22], [35, 33], [19, 31]];
  const mask = softMask([a, b], 40);
  mask[38 * 40 + 2] = 0.9; // one bright cell: noise
  const found = maskQuads(mask, 40);
  assert.equal(found.length, 2);
  const ious = [a, b].map((t) => Math.max(...found.map((f) => quadIou(f.quad, t))));
  for (const iou of ious) assert.ok(iou > 0.93, `IoU ${iou}`);
  // The larger document ranks first (score x area).
  assert.ok(quadIou(found[0]!.quad, b) > 0.9);
});

test('a document cut by the frame keeps the frame edge as its side', () => {
  const truth: Quad = [[-6, 10], [20, 8], [21, 26], [-5, 28]];
  const found = maskQuads(softMask([truth], 32), 32);
  assert.equal(found.length, 1);
  const inFrame: Quad = [[0, 9.5], [20, 8], [21, 26], [0, 27.6]];
  assert.ok(quadIou(found[0]!.quad, inFrame) > 0.93, `IoU ${quadIou(found[0]!.quad, inFrame)}`);
});

test('an empty mask has no components and no quads; a wrong size is refused', () => {
  assert.deepEqual(components(new Float32Array(64), 8, 0.5), []);
  assert.deepEqual(maskQuads(new Float32Array(64), 8), []);
  assert.throws(() => maskQuads(new Float32Array(10), 8), /10 values, expected 8 x 8/);
});

test('a rounded rectangle: the hull cut to four corners, then sides refitted to the boundary, is the rectangle', () => {
  // Boundary of a 20 x 12 rectangle with corners rounded by radius 2, sampled every 0.25.
  const points: Point[] = [];
  for (let t = 2; t <= 18; t += 0.25) points.push([t, 0], [t, 12]);
  for (let t = 2; t <= 10; t += 0.25) points.push([0, t], [20, t]);
  for (let k = 0; k <= 8; k++) {
    const a = (k / 8) * (Math.PI / 2);
    for (const [cx, cy, sx, sy] of [[2, 2, -1, -1], [18, 2, 1, -1], [18, 10, 1, 1], [2, 10, -1, 1]] as const) points.push([cx + sx * 2 * Math.cos(a), cy + sy * 2 * Math.sin(a)]);
  }
  const corners = reduceToQuad(convexHull(points))!;
  assert.equal(corners.length, 4);
  const rectangle: Quad = [[0, 0], [20, 0], [20, 12], [0, 12]];
  const refitted = refitSides(corners, points);
  for (const corner of rectangle) {
    const nearest = Math.min(...refitted.map((p) => Math.hypot(p[0] - corner[0], p[1] - corner[1])));
    assert.ok(nearest < 0.3, `corner ${corner} off by ${nearest.toFixed(2)}`);
  }
});
