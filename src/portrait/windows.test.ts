import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from '../image/types.js';
import { crop, sideWindows, stretchedGrey, stretchedLevels, turnedWindow } from './windows.js';

function noisyDocument(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = seed;
  // Colour noise with a gradient, so that the stretch does something and R, G, B differ.
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) { s = (s * 1103515245 + 12345) % 2147483648; data[i * 3 + c] = Math.min(255, 40 + ((s >> 24) % 60) + ((i % width) * (c + 1)) % 120); }
  }
  return { width, height, data };
}

test('sideWindows reads the same pixels as stretchedLevels of a cropped copy, at both fractions', () => {
  const doc = noisyDocument(160, 101, 9);
  for (const fraction of [1, 0.85]) {
    const side = Math.round(101 * fraction), y0 = Math.floor((101 - side) / 2);
    const windows = sideWindows(doc, fraction);
    assert.deepEqual(windows.map((w) => [w.x0, w.y0]), [[0, y0], [160 - side, y0]]);
    for (const w of windows) assert.deepEqual(w.image, stretchedLevels(crop(doc, w.x0, w.y0, side, side)));
  }
});

test('stretchedGrey is stretchedLevels written to R, G and B', () => {
  const doc = noisyDocument(40, 30, 5);
  const { grey } = stretchedLevels(doc, 3, 2, 20, 25);
  const rgb = stretchedGrey(doc, 3, 2, 20, 25);
  assert.deepEqual([rgb.width, rgb.height], [20, 25]);
  assert.ok(new Set(grey).size > 10, 'the stretch keeps many levels');
  for (let i = 0; i < grey.length; i++) assert.deepEqual([...rgb.data.subarray(3 * i, 3 * i + 3)], [grey[i], grey[i], grey[i]]);
});

test('turnedWindow turns a side window pixel by pixel and moves its corner', () => {
  const doc = noisyDocument(150, 90, 4);
  for (const w of sideWindows(doc, 0.85)) {
    const { width, height, grey } = w.image;
    const plain = new Uint8Array(grey.length);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) plain[(height - 1 - y) * width + (width - 1 - x)] = grey[y * width + x]!;
    const turned = turnedWindow(w, 150, 90);
    assert.deepEqual(turned.image.grey, plain);
    assert.deepEqual([turned.x0, turned.y0], [150 - w.x0 - width, 90 - w.y0 - height]);
  }
});
