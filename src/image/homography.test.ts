import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point } from '../domain/types.js';
import { applyHomography, homographyFromPoints, warpQuad } from './homography.js';
import { card } from '../../test/support/synthetic.js';

test('the homography maps each source corner to its target', () => {
  const src: Point[] = [[0, 0], [100, 0], [100, 60], [0, 60]];
  const dst: Point[] = [[12, 30], [140, 8], [150, 95], [5, 80]];
  const h = homographyFromPoints(src, dst);
  src.forEach((p, i) => {
    const [x, y] = applyHomography(h, p[0], p[1]);
    assert.ok(Math.abs(x - dst[i]![0]) < 1e-6 && Math.abs(y - dst[i]![1]) < 1e-6);
  });
  assert.throws(() => homographyFromPoints([[0, 0], [1, 1], [2, 2], [3, 3]], dst), /degenerate/);
});

test('warping the whole image onto itself is the identity', () => {
  const img = card(80, 50, 4);
  const out = warpQuad(img, [[0, 0], [80, 0], [80, 50], [0, 50]], 80, 50);
  let maxDiff = 0;
  for (let i = 0; i < img.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out.data[i]! - img.data[i]!));
  assert.equal(maxDiff, 0);
});
