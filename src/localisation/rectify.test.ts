import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, Quad } from '../domain/types.js';
import { warpQuad } from '../image/homography.js';
import { downscale } from '../image/raster.js';
import { card } from '../../test/support/synthetic.js';
import { rectify } from './rectify.js';

const scaled = (quad: Quad, s: number): Quad => quad.map(([x, y]) => [x * s, y * s] as Point) as unknown as Quad;

test('a document up to twice the target size is warped from the image itself', async () => {
  const image = card(400, 300, 3);
  const quad: Quad = [[20, 30], [380, 40], [370, 280], [30, 270]];
  assert.deepEqual((await rectify(image, quad, 200, 126)).data, warpQuad(image, quad, 200, 126).data);
});

test('a larger document is warped from the image halved until at most 2 pixels fall on a target pixel', async () => {
  const image = card(1600, 1200, 4);
  // 1400 px long: 2.19 per target pixel at 640 -> halved once; 10.9 at 128 -> halved three times (1.37).
  const quad: Quad = [[100, 120], [1500, 140], [1480, 1000], [110, 980]];
  for (const [width, height, levels] of [[640, 404, 1], [128, 81, 3]] as const) {
    const side = 1600 / 2 ** levels;
    const smaller = await downscale(image, side);
    const expected = warpQuad(smaller, scaled(quad, smaller.width / image.width), width, height);
    assert.deepEqual((await rectify(image, quad, width, height)).data, expected.data, `${width} x ${height}`);
  }
  // A second rectification at the same level reads the same copy: the same bytes again.
  const again = await rectify(image, quad, 640, 404);
  assert.deepEqual(again.data, (await rectify(image, quad, 640, 404)).data);
});
