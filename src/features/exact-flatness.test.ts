import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactFlatLuma, exactFlatness } from './exact-flatness.js';
import { lumaOfRect } from './planes.js';
import { flatness } from './texture.js';
import type { RgbImage } from '../image/types.js';

/** A 67x45 RGB image (odd sizes: partial blocks) of noisy pixels with flat UI-like patches, clipped white and black. */
function mixedImage(): RgbImage {
  const width = 67;
  const height = 45;
  const data = new Uint8Array(width * height * 3);
  let seed = 7;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rand() * 256);
  const fill = (x0: number, y0: number, w: number, h: number, rgb: [number, number, number]): void => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) data.set(rgb, (y * width + x) * 3);
  };
  fill(0, 0, 24, 8, [30, 120, 200]);
  fill(24, 8, 12, 12, [255, 255, 255]);
  fill(40, 20, 16, 16, [0, 0, 0]);
  // Different RGB with the same float32 luma would count as flat; equal grey levels in a block make it flat too.
  fill(4, 28, 8, 8, [90, 90, 90]);
  return { width, height, data };
}

test('exactFlatness equals flatness at tolerance 0, block sizes 2..8', () => {
  const image = mixedImage();
  const plane = lumaOfRect(image, { x: 0, y: 0, width: image.width, height: image.height });
  for (const size of [2, 4, 8]) assert.deepEqual(exactFlatness(plane, size), flatness(plane, size, 0));
  const f = exactFlatness(plane, 4);
  assert.ok(f.flatFraction > f.flatUnclippedFraction && f.flatUnclippedFraction > 0, 'the fixture has flat, clipped and unclipped blocks');
});

test('exactFlatLuma equals flatness of lumaOfRect on any rectangle, and rejects one outside the image', () => {
  const image = mixedImage();
  for (const rect of [{ x: 0, y: 0, width: 67, height: 45 }, { x: 3, y: 5, width: 41, height: 30 }, { x: 20, y: 0, width: 47, height: 9 }]) {
    assert.deepEqual(exactFlatLuma(image, rect, 4), flatness(lumaOfRect(image, rect), 4, 0));
  }
  assert.throws(() => exactFlatLuma(image, { x: 60, y: 0, width: 10, height: 8 }), /must lie inside the 67x45 image/);
});
