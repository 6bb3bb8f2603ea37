import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxBlur, sobel } from '../image/raster.js';
import { createPlane, type RgbImage } from '../image/types.js';
import { colourEdges, edgeDensity } from './edges.js';

/** The plain version: per channel raster.ts boxBlur (radius 1, 2 passes) and sobel, keeping the strongest channel. */
function plainColourEdges(image: RgbImage): { gx: Float32Array; gy: Float32Array; magnitude: Float32Array } {
  const { width, height } = image;
  const n = width * height;
  const gx = new Float32Array(n), gy = new Float32Array(n), magnitude = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    const plane = createPlane(width, height);
    for (let i = 0; i < n; i++) plane.data[i] = image.data[i * 3 + c]!;
    const g = sobel(boxBlur(plane, 1, 2));
    for (let i = 0; i < n; i++) {
      if (g.magnitude.data[i]! > magnitude[i]!) {
        magnitude[i] = g.magnitude.data[i]!;
        gx[i] = g.gx.data[i]!;
        gy[i] = g.gy.data[i]!;
      }
    }
  }
  return { gx, gy, magnitude };
}

function randomImage(width: number, height: number, seed: number, levels: number): RgbImage {
  let s = seed >>> 0;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = ((s >>> 24) % levels) * Math.floor(255 / (levels - 1));
  }
  return { width, height, data };
}

/** A bright card with a soft border on a darker desk, with noise: the case the edge map is for. */
function cardImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x > width * 0.2 && x < width * 0.8 && y > height * 0.25 && y < height * 0.75;
      const i = (y * width + x) * 3;
      data[i] = inside ? 235 : 180 + ((x * 7 + y * 3) % 5);
      data[i + 1] = inside ? 232 : 160 + ((x + y) % 3);
      data[i + 2] = inside ? 228 : 120 + ((x * y) % 7);
    }
  }
  return { width, height, data };
}

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

test('colourEdges equals the plane-based boxBlur + sobel version bit for bit', () => {
  const images: RgbImage[] = [
    cardImage(480, 270), cardImage(97, 61),
    randomImage(1, 1, 1, 256), randomImage(1, 7, 2, 256), randomImage(7, 1, 3, 256), randomImage(2, 2, 4, 256),
    randomImage(3, 5, 5, 256), randomImage(64, 48, 6, 256), randomImage(123, 77, 7, 2), randomImage(50, 31, 8, 3),
  ];
  for (const image of images) {
    const fast = colourEdges(image), plain = plainColourEdges(image);
    const label = `${image.width}x${image.height}`;
    assert.equal(fast.width, image.width);
    assert.equal(fast.height, image.height);
    assert.deepEqual(bits(fast.magnitude), bits(plain.magnitude), `magnitude ${label}`);
    assert.deepEqual(bits(fast.gx), bits(plain.gx), `gx ${label}`);
    assert.deepEqual(bits(fast.gy), bits(plain.gy), `gy ${label}`);
  }
});

test('colourEdges gives the same map after a larger image has used its scratch planes', () => {
  const small = cardImage(40, 30);
  const first = colourEdges(small);
  colourEdges(randomImage(300, 200, 9, 256));
  const again = colourEdges(small);
  assert.deepEqual(bits(again.magnitude), bits(first.magnitude));
  assert.ok(first.magnitude.some((m) => m > 0), 'the card has edges');
});

test('edgeDensity equals the blurred 0/1 mask and its planes survive later calls', () => {
  const edges = colourEdges(cardImage(120, 80));
  const first = edgeDensity(edges, 10, 3);
  const copy = Float32Array.from(first.data);
  const mask = createPlane(120, 80);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = edges.magnitude[i]! > 10 ? 1 : 0;
  assert.deepEqual(bits(first.data), bits(boxBlur(mask, 3, 1).data));
  const other = edgeDensity(colourEdges(randomImage(200, 150, 10, 256)), 5, 4);
  assert.notEqual(other.data.buffer, first.data.buffer);
  assert.deepEqual(bits(first.data), bits(copy), 'a later call leaves the first plane alone');
  assert.ok(first.data.some((v) => v > 0) && first.data.some((v) => v === 0), 'card border and plain areas both present');
});
