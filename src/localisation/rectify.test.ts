import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, Quad } from '../domain/types.js';
import { warpQuad } from '../image/homography.js';
import { downscale } from '../image/raster.js';
import { card } from '../../test/support/synthetic.js';
import { rectify } from './rectify.js';

const scaled = (quad: Quad, sx: number, sy: number): Quad => quad.map(([x, y]) => [x * sx, y * sy] as Point) as unknown as Quad;

test('a document up to twice the target size is warped from the image itself', async () => {
  const image = card(400, 300, 3);
  const quad: Quad = [[20, 30], [380, 40], [370, 280], [30, 270]];
  assert.deepEqual((await rectify(image, quad, 200, 126)).data, warpQuad(image, quad, 200, 126).data);
});

test('a larger document is warped from a copy at 1.5 pixels per target pixel, reused while it gives 1.25 to 2', async () => {
  const image = card(1600, 1200, 4);
  const long = (q: Quad): number => (Math.hypot(q[1][0] - q[0][0], q[1][1] - q[0][1]) + Math.hypot(q[2][0] - q[3][0], q[2][1] - q[3][1])) / 2;
  const fromCopy = async (quad: Quad, ratio: number, width: number, height: number): Promise<Uint8Array> => {
    const copy = await downscale(image, 1600 * (1.5 / ratio));
    return warpQuad(copy, scaled(quad, copy.width / image.width, copy.height / image.height), width, height).data;
  };
  // 1400 px long at 640: 2.19 per target pixel, so a copy at 1.5 / 2.19 of the image.
  const first: Quad = [[100, 120], [1500, 140], [1480, 1000], [110, 980]];
  const firstRatio = long(first) / 640;
  assert.deepEqual((await rectify(image, first, 640, 404)).data, await fromCopy(first, firstRatio, 640, 404));
  // A strip of the same document at 560 px: 2.5 per target pixel, 1.71 on that copy: read from it.
  const strip: Quad = [[100, 800], [1500, 820], [1490, 1000], [110, 980]];
  assert.deepEqual((await rectify(image, strip, 560, 72)).data, await fromCopy(strip, firstRatio, 560, 72));
  // At 128 px the same copy would give 7.5: a copy of its own at 1.5.
  assert.deepEqual((await rectify(image, first, 128, 81)).data, await fromCopy(first, long(first) / 128, 128, 81));
});
