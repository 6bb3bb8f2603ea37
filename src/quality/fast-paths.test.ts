// The quality measures' fast paths give exactly what the straightforward code they replaced gave: each reference
// below is that code, kept here as the definition the fast path is checked against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { luma, sobel } from '../image/raster.js';
import type { Plane, RgbImage } from '../image/types.js';
import { card, rng } from '../../test/support/synthetic.js';
import { estimateBlur, sobelMagnitude, strongestEdges } from './blur.js';
import { blockAverageLinear } from './colour.js';
import { glareStats } from './glare.js';

/** A card with print, a few saturated highlights, and noise: edges, flat areas and clipped pixels. */
function scene(width: number, height: number, seed: number): RgbImage {
  const image = card(width, height, seed);
  const random = rng(seed + 100);
  for (let k = 0; k < 6; k++) {
    const x0 = Math.floor(random() * (width - 40)), y0 = Math.floor(random() * (height - 30));
    const v = random() < 0.5 ? 250 : 20 + Math.floor(random() * 60);
    for (let y = y0; y < y0 + 30; y++) for (let x = x0; x < x0 + 40; x++) image.data.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
  }
  for (let i = 0; i < image.data.length; i++) image.data[i] = Math.max(0, Math.min(255, image.data[i]! + Math.round((random() - 0.5) * 6)));
  return image;
}

const SCENES: readonly RgbImage[] = [scene(640, 403, 1), scene(333, 217, 2), scene(97, 61, 3), scene(640, 451, 4)];

/** estimateBlur as it was, on raster.sobel()'s three planes. */
function referenceBlur(plane: Plane, radius: number, minContrast: number, mask?: Uint8Array): { sigma: number; edgesUsed: number } {
  const { width, height, data } = plane;
  const g = sobel(plane);
  const mags = g.magnitude.data;
  const candidates: number[] = [];
  for (let y = radius; y < height - radius; y++) {
    for (let x = radius; x < width - radius; x++) {
      const i = y * width + x;
      const m = mags[i]!;
      if (m < minContrast) continue;
      if (mask !== undefined && !(mask[i] === 1 && mask[(y - radius) * width + x - radius] === 1 && mask[(y - radius) * width + x + radius] === 1
        && mask[(y + radius) * width + x - radius] === 1 && mask[(y + radius) * width + x + radius] === 1)) continue;
      const dx = Math.round(g.gx.data[i]! / m), dy = Math.round(g.gy.data[i]! / m);
      if (m < mags[i + dy * width + dx]! || m < mags[i - dy * width - dx]!) continue;
      candidates.push(i);
    }
  }
  if (candidates.length === 0) return { sigma: Number.NaN, edgesUsed: 0 };
  const strongest = strongestEdges(Int32Array.from(candidates), mags, Math.max(50, Math.round(candidates.length * 0.1)));
  const sigmas: number[] = [];
  for (const i of strongest) {
    const x = i % width, y = (i - x) / width;
    const m = mags[i]!;
    const nx = g.gx.data[i]! / m, ny = g.gy.data[i]! / m;
    let lo = Infinity, hi = -Infinity;
    for (let t = -radius; t <= radius; t++) {
      const v = data[Math.round(y + t * ny) * width + Math.round(x + t * nx)]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo < minContrast) continue;
    sigmas.push((hi - lo) / ((m / 8) * Math.sqrt(2 * Math.PI)));
  }
  if (sigmas.length === 0) return { sigma: Number.NaN, edgesUsed: 0 };
  const sorted = Float64Array.from(sigmas).sort();
  return { sigma: sorted[Math.floor(sigmas.length / 2)]!, edgesUsed: sigmas.length };
}

test('sobelMagnitude equals the magnitude plane of raster.sobel(), borders included', () => {
  for (const image of [...SCENES, scene(3, 3, 9), { width: 2, height: 5, data: new Uint8Array(30).map((_, i) => (i * 37) % 256) }]) {
    const plane = luma(image);
    assert.deepEqual(sobelMagnitude(plane), sobel(plane).magnitude.data, `${image.width}x${image.height}`);
  }
});

test('estimateBlur without the gx / gy planes gives what it gave with them, with and without a mask', () => {
  for (const image of SCENES) {
    const plane = luma(image);
    const mask = new Uint8Array(plane.width * plane.height);
    for (let y = 0; y < plane.height; y++) for (let x = 0; x < plane.width; x++) mask[y * plane.width + x] = x + y < plane.width * 0.8 ? 1 : 0;
    for (const [radius, minContrast] of [[10, 40], [8, 40], [3, 20]] as const) {
      const expected = referenceBlur(plane, radius, minContrast);
      assert.ok(expected.edgesUsed > 0 || plane.width < 100, 'the scene has edges to measure');
      assert.deepEqual(estimateBlur(plane, radius, minContrast), expected, `${image.width}x${image.height} r${radius}`);
      assert.deepEqual(estimateBlur(plane, radius, minContrast, mask), referenceBlur(plane, radius, minContrast, mask), `${image.width}x${image.height} r${radius} masked`);
    }
  }
});

/** blockAverageLinear as it was: one pixel at a time, its block found by division. */
function referenceBlockAverage(image: RgbImage, block: number): { width: number; height: number; data: Float32Array } {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) { const c = v / 255; lut[v] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }
  const width = Math.max(1, Math.floor(image.width / block)), height = Math.max(1, Math.floor(image.height / block));
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height * block && y < image.height; y++) {
    const by = Math.min(height - 1, Math.floor(y / block));
    for (let x = 0; x < width * block && x < image.width; x++) {
      const bx = Math.min(width - 1, Math.floor(x / block));
      const o = (by * width + bx) * 3, p = (y * image.width + x) * 3;
      for (let c = 0; c < 3; c++) data[o + c] = data[o + c]! + lut[image.data[p + c]!]!;
    }
  }
  const k = 1 / (block * block);
  for (let i = 0; i < data.length; i++) data[i] = data[i]! * k;
  return { width, height, data };
}

test('blockAverageLinear walking block by block equals the pixel-by-pixel walk, bit for bit', () => {
  for (const image of [...SCENES, scene(3, 2, 5)]) {
    for (const block of [4, 3]) assert.deepEqual(blockAverageLinear(image, block), referenceBlockAverage(image, block), `${image.width}x${image.height} block ${block}`);
  }
});

/** glareStats as it was: cell of every pixel by division, the chroma bound tested. */
function referenceGlare(doc: RgbImage, cellsX = 32, cellsY = 20): { glareFraction: number; saturatedFraction: number } {
  const { width, height, data } = doc;
  const count = new Float64Array(cellsX * cellsY), hotCells = new Float64Array(cellsX * cellsY);
  let saturated = 0;
  for (let y = 0; y < height; y++) {
    const cy = Math.min(cellsY - 1, Math.floor((y * cellsY) / height));
    for (let x = 0; x < width; x++) {
      const cx = Math.min(cellsX - 1, Math.floor((x * cellsX) / width));
      const p = (y * width + x) * 3;
      const min = Math.min(data[p]!, data[p + 1]!, data[p + 2]!), max = Math.max(data[p]!, data[p + 1]!, data[p + 2]!);
      const hot = min >= 245 && max - min <= 20;
      if (hot) saturated++;
      count[cy * cellsX + cx]! += 1;
      if (hot) hotCells[cy * cellsX + cx]! += 1;
    }
  }
  let glareCells = 0;
  for (let c = 0; c < count.length; c++) if (count[c]! > 0 && hotCells[c]! / count[c]! >= 0.6) glareCells++;
  return { glareFraction: glareCells / count.length, saturatedFraction: saturated / (width * height) };
}

test('glareStats with per-column cells equals the per-pixel computation', () => {
  for (const image of SCENES) {
    const expected = referenceGlare(image);
    assert.deepEqual(glareStats(image), expected);
    assert.deepEqual(glareStats(image, 7, 5), referenceGlare(image, 7, 5));
  }
  assert.ok(referenceGlare(SCENES[0]!, 7, 5).saturatedFraction > 0, 'the scenes have clipped pixels');
});
