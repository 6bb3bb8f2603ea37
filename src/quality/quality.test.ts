import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { luma } from '../image/raster.js';
import type { RgbImage } from '../image/types.js';
import { card, rng, toGreyscale } from '../../test/support/synthetic.js';
import { estimateBlur, strongestEdges } from './blur.js';
import { colourStats } from './colour.js';
import { blockiness } from './compression.js';
import { exposureStats } from './exposure.js';
import { glareStats } from './glare.js';
import { DEFAULT_QUALITY_THRESHOLDS as T } from './thresholds.js';
import { borderFacts, isColorless, isPoorExposure, qualityWarnings } from './warnings.js';

async function viaSharp(img: RgbImage, op: (s: sharp.Sharp) => sharp.Sharp): Promise<RgbImage> {
  const { data, info } = await op(sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Large black and white squares: clean step edges. */
function checker(size: number, cell: number): RgbImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const v = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 ? 220 : 30;
    data.fill(v, (y * size + x) * 3, (y * size + x) * 3 + 3);
  }
  return { width: size, height: size, data };
}

test('blur estimate follows the Gaussian sigma applied (sqrt(s^2 + 0.8^2))', async () => {
  const sharpImage = checker(256, 32);
  const base = estimateBlur(luma(sharpImage), 10).sigma;
  assert.ok(base < 1.1, `sharp steps read ${base}`);
  for (const s of [1, 2, 3]) {
    const blurred = await viaSharp(sharpImage, (x) => x.blur(s));
    const est = estimateBlur(luma(blurred), 10).sigma;
    const expected = Math.sqrt(s * s + 0.8 * 0.8);
    assert.ok(Math.abs(est - expected) / expected < 0.25, `sigma ${s}: estimated ${est}, expected about ${expected}`);
  }
  assert.ok(Number.isNaN(estimateBlur(luma({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(128) })).sigma), 'flat image: no edge');
});

test('grey documents are colourless under warm, cold and dim light; colour documents are not', () => {
  const colour = card(320, 200, 5, [200, 150, 120]);
  // Add a blue stamp and a red band so that the card has several hues.
  for (let y = 20; y < 80; y++) for (let x = 200; x < 300; x++) { const i = (y * 320 + x) * 3; colour.data[i] = 40; colour.data[i + 1] = 90; colour.data[i + 2] = 200; }
  for (let y = 150; y < 190; y++) for (let x = 10; x < 310; x++) { const i = (y * 320 + x) * 3; colour.data[i] = 210; colour.data[i + 1] = 60; colour.data[i + 2] = 50; }
  const grey = toGreyscale(colour);
  const light = (img: RgbImage, k: readonly [number, number, number]): RgbImage =>
    ({ ...img, data: img.data.map((v, i) => Math.min(255, Math.round(v * k[i % 3]!))) });
  for (const k of [[1, 1, 1], [1.1, 0.95, 0.7], [0.8, 0.9, 1.15], [0.35, 0.33, 0.3]] as const) {
    assert.ok(isColorless(colourStats(light(grey, k)), T), `grey under ${k} must be colourless`);
    assert.ok(!isColorless(colourStats(light(colour, k)), T), `colour under ${k} must not be colourless`);
  }
});

/**
 * A pale pastel ID card like the lab's: light blue-grey background, a navy side band, a greyscale portrait, and a
 * faint pink guilloche band across the middle (under a tenth of the card: the spread's 90th percentile misses it).
 */
function pastelCard(): RgbImage {
  const doc = card(640, 403, 7, [226, 233, 244]);
  const fill = (x0: number, y0: number, w: number, h: number, c: readonly [number, number, number]): void => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) { const i = (y * 640 + x) * 3; doc.data[i] = c[0]; doc.data[i + 1] = c[1]; doc.data[i + 2] = c[2]; }
  };
  fill(32, 81, 180, 262, [120, 120, 120]);
  fill(0, 0, 40, 403, [20, 28, 62]);
  for (let y = 300; y < 322; y++) for (let x = 40; x < 640; x++) {
    const i = (y * 640 + x) * 3;
    if (doc.data[i]! > 200) { doc.data[i] = 226; doc.data[i + 1] = 206; doc.data[i + 2] = 216; }
  }
  return doc;
}

/** Independent noise per channel, as a sensor leaves it on a grey copy. */
function noisy(img: RgbImage, amplitude: number, seed: number): RgbImage {
  const random = rng(seed);
  return { ...img, data: img.data.map((v) => Math.max(0, Math.min(255, Math.round(v + (random() - 0.5) * 2 * amplitude)))) };
}

test('a pale pastel document is not colourless under warm, cold and dim light; its grey copy with fingers on it is', () => {
  const pastel = pastelCard();
  const copy = toGreyscale(pastel);
  // Skin-coloured fingertips over the border of the copy, and a small red seal inside it.
  for (const [cx, cy] of [[20, 200], [625, 120], [320, 395]] as const) {
    for (let y = cy - 30; y < cy + 30; y++) for (let x = cx - 22; x < cx + 22; x++) {
      if (x < 0 || y < 0 || x >= 640 || y >= 403 || ((x - cx) / 22) ** 2 + ((y - cy) / 30) ** 2 > 1) continue;
      const i = (y * 640 + x) * 3; copy.data[i] = 205; copy.data[i + 1] = 150; copy.data[i + 2] = 125;
    }
  }
  for (let y = 250; y < 280; y++) for (let x = 300; x < 330; x++) { const i = (y * 640 + x) * 3; copy.data[i] = 200; copy.data[i + 1] = 40; copy.data[i + 2] = 40; }
  const light = (img: RgbImage, k: readonly [number, number, number]): RgbImage =>
    ({ ...img, data: img.data.map((v, i) => Math.min(255, Math.round(v * k[i % 3]!))) });
  // The earlier rule (90th percentile of the chromaticity spread < 0.04) called this design colourless.
  assert.ok(colourStats(pastel).chromaSpread < 0.04, `the pastel design is pale: spread ${colourStats(pastel).chromaSpread}`);
  for (const k of [[1, 1, 1], [1.1, 0.95, 0.7], [0.8, 0.9, 1.15], [0.35, 0.33, 0.3]] as const) {
    const p = colourStats(noisy(light(pastel, k), 4, 3)), c = colourStats(noisy(light(copy, k), 4, 4));
    assert.ok(!isColorless(p, T), `pastel under ${k} must not be colourless (coherent chroma ${p.coherentChroma})`);
    assert.ok(isColorless(c, T), `grey copy under ${k} must be colourless (coherent chroma ${c.coherentChroma})`);
  }
});

test('blockiness separates coarse JPEG from clean pixels, whatever the grid phase', async () => {
  // A smooth gradient with mild noise: no edges of its own.
  const random = rng(9);
  const w = 256, h = 256, data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill(Math.round(60 + 0.4 * x + 0.2 * y + random() * 3), (y * w + x) * 3, (y * w + x) * 3 + 3);
  const clean: RgbImage = { width: w, height: h, data };
  const jpeg = await sharp(Buffer.from(clean.data), { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 15 }).toBuffer();
  const decoded = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const coarse: RgbImage = { width: w, height: h, data: new Uint8Array(decoded.data) };
  assert.ok(blockiness(luma(clean)) < T.maxBlockiness, `clean ${blockiness(luma(clean))}`);
  assert.ok(blockiness(luma(coarse)) > T.maxBlockiness, `q15 ${blockiness(luma(coarse))}`);
  const shifted = await viaSharp(coarse, (s) => s.extract({ left: 3, top: 5, width: 240, height: 240 }));
  assert.ok(blockiness(luma(shifted)) > T.maxBlockiness, 'cropped off the grid');
});

test('exposure percentiles and clipping', () => {
  const img = { width: 10, height: 10, data: new Uint8Array(300) };
  img.data.fill(255, 0, 150); // half white
  const e = exposureStats(luma(img));
  assert.equal(e.brightClipped, 0.5);
  assert.equal(e.darkClipped, 0.5);
  assert.equal(e.p90, 255);
  assert.equal(e.p10, 0);
});

test('a dim document brightened by 2 EV, with 6 % of it clipped white, is poorly exposed; the same share of 3 % is not', () => {
  // A mid-grey document (p10 around 140, under the washed-out percentile) with a clipped part of a given share.
  const withClipped = (share: number): boolean => {
    const img = { width: 100, height: 100, data: new Uint8Array(30000).fill(150) };
    img.data.fill(255, 0, Math.round(share * 10000) * 3);
    return isPoorExposure(exposureStats(luma(img)), T);
  };
  assert.equal(withClipped(0.06), true);
  assert.equal(withClipped(0.03), false);
});

test('exposure reads only the masked part (the document inside the photo)', () => {
  const img = { width: 10, height: 10, data: new Uint8Array(300).fill(150) };
  img.data.fill(0, 0, 150); // the black beyond the frame: half of the raster
  const mask = new Uint8Array(100).fill(1, 50);
  assert.equal(exposureStats(luma(img)).p10, 0);
  assert.equal(exposureStats(luma(img), mask).p10, 150);
});

test('a specular highlight is glare; a white card background is not', () => {
  const doc = card(320, 200, 3, [236, 236, 232]);
  assert.equal(glareStats(doc).glareFraction, 0);
  const hot = { ...doc, data: new Uint8Array(doc.data) };
  for (let y = 40; y < 100; y++) for (let x = 120; x < 200; x++) hot.data.fill(255, (y * 320 + x) * 3, (y * 320 + x) * 3 + 3);
  assert.ok(glareStats(hot).glareFraction >= T.glareCellFraction);
});

test('warnings follow the thresholds', () => {
  const image = { jpegQuality: 90, blockiness: 1.1 };
  const doc = {
    blurSigmaMm: 0.05,
    exposure: { p10: 60, median: 150, p90: 210, darkClipped: 0, brightClipped: 0 },
    glare: { glareFraction: 0, saturatedFraction: 0 },
    colour: { coherentChroma: 0.2, chromaSpread: 0.2, colourfulFraction: 0.5 },
  };
  const geometry = { count: 1, cropped: false, areaFraction: 0.4, nearBorder: false };
  assert.deepEqual(qualityWarnings(image, doc, geometry, T), []);
  assert.deepEqual(qualityWarnings({ ...image, jpegQuality: 30 }, doc, geometry, T), ['IMAGE_IS_TOO_COMPRESSED']);
  assert.deepEqual(qualityWarnings({ jpegQuality: null, blockiness: 3 }, doc, geometry, T), ['IMAGE_IS_TOO_COMPRESSED']);
  assert.deepEqual(qualityWarnings(image, { ...doc, blurSigmaMm: 0.5 }, geometry, T), ['IMAGE_TOO_BLURRY']);
  assert.deepEqual(qualityWarnings(image, { ...doc, exposure: { ...doc.exposure, p90: 50 } }, geometry, T), ['POOR_IMAGE_EXPOSURE']);
  assert.deepEqual(qualityWarnings(image, { ...doc, glare: { glareFraction: 0.05, saturatedFraction: 0.05 } }, geometry, T), ['GLARE_ON_IMAGE']);
  // Washed out everywhere (even the 10th percentile is bright): exposure, not glare.
  assert.deepEqual(qualityWarnings(image, { ...doc, exposure: { ...doc.exposure, p10: 200, brightClipped: 0.6 }, glare: { glareFraction: 0.6, saturatedFraction: 0.6 } }, geometry, T), ['POOR_IMAGE_EXPOSURE']);
  // A highlight of 6 % of the document is past the clipped share, and still glare.
  assert.deepEqual(qualityWarnings(image, { ...doc, exposure: { ...doc.exposure, brightClipped: 0.06 }, glare: { glareFraction: 0.05, saturatedFraction: 0.06 } }, geometry, T), ['POOR_IMAGE_EXPOSURE', 'GLARE_ON_IMAGE']);
  assert.deepEqual(qualityWarnings(image, doc, { count: 2, cropped: true, areaFraction: 0.05, nearBorder: true }, T),
    ['RELATIVE_DOCUMENT_SIZE_LOWER_THAN_10_PERCENT', 'DOCUMENT_BORDERS_OUTSIDE_OF_FRAME', 'MULTIPLE_DOCUMENTS_IN_FRAME']);
  assert.deepEqual(qualityWarnings(image, doc, { ...geometry, nearBorder: true }, T), ['DOCUMENT_TOO_CLOSE_TO_BORDER']);
});

test('border facts: corners outside the frame crop, corners near the edge are too close', () => {
  assert.deepEqual(borderFacts([[100, 100], [900, 100], [900, 600], [100, 600]], 1000, 700, T), { cropped: false, nearBorder: false });
  assert.deepEqual(borderFacts([[5, 100], [900, 100], [900, 600], [100, 600]], 1000, 700, T), { cropped: false, nearBorder: true });
  assert.deepEqual(borderFacts([[-40, 100], [900, 100], [900, 600], [100, 600]], 1000, 700, T), { cropped: true, nearBorder: true });
});

test('the strongest edges are the ones a stable sort by magnitude keeps, ties to the earlier pixel', () => {
  let s = 11;
  const mags = new Float32Array(500);
  // Few distinct values: many ties at the cut.
  for (let i = 0; i < mags.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; mags[i] = (s % 7) * 10; }
  const candidates = Int32Array.from({ length: 300 }, (_, k) => (k * 37) % 500).sort();
  for (const keep of [1, 50, 123, 299, 300, 400]) {
    const expected = [...candidates].sort((a, b) => mags[b]! - mags[a]!).slice(0, keep).sort((a, b) => a - b);
    assert.deepEqual([...strongestEdges(candidates, mags, keep)].sort((a, b) => a - b), expected, `keep ${keep}`);
  }
});
