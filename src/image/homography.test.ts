import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, Quad } from '../domain/types.js';
import type { RgbImage } from './types.js';
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

// The plain warp: Math.floor and every neighbour clamped at each pixel (the same stepped homogeneous coordinates).
function plainWarp(image: RgbImage, quad: Quad, width: number, height: number): Uint8Array {
  const h = homographyFromPoints([[0, 0], [width, 0], [width, height], [0, height]], quad);
  const out = new Uint8Array(width * height * 3);
  const { width: iw, height: ih, data } = image;
  const clamp = (v: number, hi: number): number => Math.min(hi, Math.max(0, v));
  for (let y = 0; y < height; y++) {
    let u = h[0] * 0.5 + h[1] * (y + 0.5) + h[2], v = h[3] * 0.5 + h[4] * (y + 0.5) + h[5], w = h[6] * 0.5 + h[7] * (y + 0.5) + h[8];
    for (let x = 0; x < width; x++, u += h[0], v += h[3], w += h[6]) {
      const fx = u / w - 0.5, fy = v / w - 0.5;
      if (fx < -1 || fy < -1 || fx >= iw || fy >= ih) continue;
      const x0 = Math.floor(fx), y0 = Math.floor(fy), ax = fx - x0, ay = fy - y0;
      const px = [clamp(x0, iw - 1), clamp(x0 + 1, iw - 1)], py = [clamp(y0, ih - 1), clamp(y0 + 1, ih - 1)];
      const wts = [(1 - ax) * (1 - ay), ax * (1 - ay), (1 - ax) * ay, ax * ay];
      const at = [[px[0]!, py[0]!], [px[1]!, py[0]!], [px[0]!, py[1]!], [px[1]!, py[1]!]];
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += data[(at[k]![1]! * iw + at[k]![0]!) * 3 + c]! * wts[k]!;
        out[(y * width + x) * 3 + c] = (s + 0.5) | 0;
      }
    }
  }
  return out;
}

test('warpQuad equals the plain warp for quads inside, across the border and beyond the image, and tiny images', () => {
  const noise = (w: number, h: number): RgbImage => {
    const data = new Uint8Array(w * h * 3);
    let s = w * 31 + h;
    for (let i = 0; i < data.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; data[i] = s >> 23; }
    return { width: w, height: h, data };
  };
  const quads: Quad[] = [
    [[10.3, 7.9], [150.2, 12.1], [141.7, 95.5], [6.4, 90.2]],
    [[-30, -20], [120, -5], [130, 140], [-40, 120]],
    [[100, 60], [260, 70], [250, 170], [95, 160]],
    [[159.5, 99.5], [0.5, 99.5], [0.5, 0.5], [159.5, 0.5]],
  ];
  for (const image of [noise(160, 100), noise(1, 1), noise(2, 3)]) {
    for (const quad of quads) {
      for (const [w, h] of [[64, 40], [7, 5]] as const) assert.deepEqual(warpQuad(image, quad, w, h).data, plainWarp(image, quad, w, h), `${image.width}x${image.height} to ${w}x${h}`);
    }
  }
});
