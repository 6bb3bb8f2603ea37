import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point } from '../domain/types.js';
import { homographyFromPoints } from '../image/homography.js';
import { boxToImage } from './explanation.js';

test('a canonical box maps into the image through the document homography, corners clockwise from top-left', () => {
  // A 640 x 400 canonical document seen in perspective.
  const quad: Point[] = [[100, 50], [700, 80], [680, 460], [90, 420]];
  const h = homographyFromPoints([[0, 0], [640, 0], [640, 400], [0, 400]], quad);
  const whole = boxToImage({ x: 0, y: 0, width: 640, height: 400 }, h);
  whole.forEach((p, i) => {
    assert.ok(Math.hypot(p[0] - quad[i]![0], p[1] - quad[i]![1]) < 1e-6, `corner ${i}`);
  });
  const left = boxToImage({ x: 20, y: 60, width: 180, height: 240 }, h);
  // Inside the document, in the left part, and clockwise (positive signed area in image coordinates, y down).
  for (const [x, y] of left) assert.ok(x > 90 && x < 400 && y > 50 && y < 460);
  let area = 0;
  for (let i = 0; i < 4; i++) area += left[i]![0] * left[(i + 1) % 4]![1] - left[(i + 1) % 4]![0] * left[i]![1];
  assert.ok(area > 0);
});
