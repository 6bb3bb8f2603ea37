import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from '../image/types.js';
import { prepareGreyInput, prepareInput } from './tiny-face-detector.js';

// The plain resize (face-api's: pad to a square at the right / bottom, bilinear without half-pixel centres), one
// sample at a time with the padding tested everywhere: prepareInput's unrolled interior must give the same bits.
function plainInput(image: RgbImage, size: number): Float32Array {
  const side = Math.max(image.width, image.height), scale = side / size;
  const out = new Float32Array(3 * size * size);
  const at = (x: number, y: number, c: number): number => (x < image.width && y < image.height ? image.data[(y * image.width + x) * 3 + c]! : 0);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const sx = x * scale, sy = y * scale, x0 = Math.floor(sx), y0 = Math.floor(sy);
    const x1 = Math.min(x0 + 1, side - 1), y1 = Math.min(y0 + 1, side - 1), fx = sx - x0, fy = sy - y0;
    for (let c = 0; c < 3; c++) {
      const top = at(x0, y0, c) * (1 - fx) + at(x1, y0, c) * fx;
      const bottom = at(x0, y1, c) * (1 - fx) + at(x1, y1, c) * fx;
      out[c * size * size + y * size + x] = top + (bottom - top) * fy;
    }
  }
  return out;
}

function noise(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; data[i] = s >> 23; }
  return { width, height, data };
}

test('prepareInput equals the plain padded bilinear resize, square, wide, tall, tiny and enlarged images', () => {
  let seed = 1;
  for (const [width, height] of [[403, 403], [640, 403], [403, 640], [230, 224], [100, 37], [1, 1], [5, 3], [3, 5]] as const) {
    for (const size of [192, 224]) {
      const image = noise(width, height, seed++);
      assert.deepEqual(prepareInput(image, size), plainInput(image, size), `${width}x${height} at ${size}`);
    }
  }
});

test('prepareGreyInput equals prepareInput of the grey levels written to R, G and B, bit for bit', () => {
  let seed = 50;
  for (const [width, height] of [[403, 403], [640, 403], [403, 640], [230, 224], [1, 1], [5, 3]] as const) {
    for (const size of [192, 224]) {
      const grey = noise(width, height, seed++).data.subarray(0, width * height);
      const rgb = new Uint8Array(width * height * 3);
      for (let i = 0; i < grey.length; i++) rgb.fill(grey[i]!, 3 * i, 3 * i + 3);
      assert.deepEqual(prepareGreyInput({ width, height, grey }, size), prepareInput({ width, height, data: rgb }, size), `${width}x${height} at ${size}`);
    }
  }
});
