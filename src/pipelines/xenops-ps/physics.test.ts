// The xenops-ps measurements respond to the physics they are named after, on synthetic images built here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import type { Box } from '../../domain/types.js';
import type { Plane } from '../../features/planes.js';
import type { RgbImage } from '../../image/types.js';
import { measureBoundary } from './boundary.js';
import { compareGrids, gridWindow } from './jpeg-windows.js';
import { canonicalToImage, imageSquareInside, portraitWindows } from './regions.js';
import { windowStats } from './window-stats.js';

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
}

// A 640x403 "card": light paper, a darker photo rectangle at (60..220, 90..290), a face box inside it.
const PHOTO = { x0: 60, x1: 220, y0: 90, y1: 290 };
const FACE: Box = { x: 95, y: 140, width: 90, height: 100 };

function card(shadowSide: 'bottom' | null, seed: number): Plane {
  const w = 640;
  const h = 403;
  const next = random(seed);
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = x >= PHOTO.x0 && x < PHOTO.x1 && y >= PHOTO.y0 && y < PHOTO.y1;
      // An ID photo's light backdrop inside, paper outside.
      let v = inside ? 185 : 215;
      // The cast shadow of a sheet's edge: 3 px darker just below the bottom side, fading.
      if (shadowSide === 'bottom' && !inside && x >= PHOTO.x0 && x < PHOTO.x1 && y >= PHOTO.y1 && y < PHOTO.y1 + 3) v -= 60;
      data[y * w + x] = v + 2 * gaussian(next);
    }
  }
  return { width: w, height: h, data };
}

describe('xenops-ps boundary', () => {
  it('finds the photo edges from the face and sees a one-sided cast shadow only where there is one', () => {
    const printed = measureBoundary(card(null, 1), FACE);
    const stuck = measureBoundary(card('bottom', 1), FACE);
    const position = (b: typeof printed, side: string) => b.sides.find((s) => s.side === side)!.position!;
    assert.ok(Math.abs(position(printed, 'left') - PHOTO.x0) <= 1, `left edge at ${position(printed, 'left')}`);
    assert.ok(Math.abs(position(printed, 'right') - PHOTO.x1) <= 1, `right edge at ${position(printed, 'right')}`);
    assert.ok(Math.abs(position(printed, 'top') - PHOTO.y0) <= 1, `top edge at ${position(printed, 'top')}`);
    assert.ok(printed.coherenceMin > 0.9, `straight edges are coherent: ${printed.coherenceMin}`);
    assert.ok(printed.shadowMax < 3, `no shadow on a printed photo: ${printed.shadowMax}`);
    assert.ok(stuck.shadowMax > 20, `shadow below a stuck-on sheet: ${stuck.shadowMax}`);
    assert.ok(stuck.shadowSpread > 20, `the shadow is one-sided: ${stuck.shadowSpread}`);
    assert.ok(stuck.valleyMax > printed.valleyMax + 10, `thin dark line: ${stuck.valleyMax} vs ${printed.valleyMax}`);
  });

  it('measures the tilt of an edge turned by two degrees, and none for an axis-aligned one', () => {
    const w = 640;
    const h = 403;
    const turned = new Float32Array(w * h);
    const tan = Math.tan((2 * Math.PI) / 180);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) turned[y * w + x] = x >= PHOTO.x0 + (y - 200) * tan ? 150 : 215;
    const b = measureBoundary({ width: w, height: h, data: turned }, FACE);
    const left = b.sides.find((s) => s.side === 'left')!;
    assert.ok(left.tiltDeg > 1 && left.tiltDeg < 3.5, `tilt ${left.tiltDeg}`);
    assert.ok(measureBoundary(card(null, 2), FACE).sides.find((s) => s.side === 'left')!.tiltDeg < 0.8);
  });
});

function noisyImage(width: number, height: number, sigma: number, seed: number, base = 128): RgbImage {
  const next = random(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const v = base + 20 * Math.sin(i * 0.001) + sigma * gaussian(next);
    for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.max(0, Math.min(255, Math.round(v + sigma * 0.3 * gaussian(next))));
  }
  return { width, height, data };
}

describe('xenops-ps window statistics', () => {
  it('measures the noise floor: a pasted smooth face reads lower than the noisy card around it', () => {
    const card = windowStats(noisyImage(256, 256, 6, 3));
    const smooth = windowStats(noisyImage(256, 256, 1.5, 4));
    assert.ok(Math.abs(card.lumaNoise - 6) < 1.5, `card sigma ${card.lumaNoise}`);
    assert.ok(smooth.lumaNoise < card.lumaNoise / 2.5, `smooth ${smooth.lumaNoise} vs ${card.lumaNoise}`);
    assert.ok(smooth.highFrequency < card.highFrequency, 'less fine-scale energy without noise');
  });

  it('finds the halftone peak of a printed photo and none on plain noise', () => {
    const size = 256;
    const next = random(5);
    const data = new Uint8Array(size * size * 3);
    const f = 0.3;
    const a = (15 * Math.PI) / 180;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const dots = 30 * Math.cos(2 * Math.PI * f * (x * Math.cos(a) + y * Math.sin(a))) * Math.cos(2 * Math.PI * f * (-x * Math.sin(a) + y * Math.cos(a)));
        const v = Math.round(128 + dots + 2 * gaussian(next));
        data.fill(Math.max(0, Math.min(255, v)), (y * size + x) * 3, (y * size + x) * 3 + 3);
      }
    }
    const printed = windowStats({ width: size, height: size, data });
    const plain = windowStats(noisyImage(size, size, 2, 6));
    assert.ok((printed.peaks[0]?.prominenceDb ?? 0) > 15, `halftone peak ${printed.peaks[0]?.prominenceDb}`);
    assert.equal(plain.peaks.length, 0);
  });
});

async function jpegRoundTrip(image: RgbImage, quality: number): Promise<RgbImage> {
  const bytes = await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

describe('xenops-ps JPEG grid', () => {
  it('sees a face patch pasted from its own JPEG save off the final 8x8 grid, and nothing in an untouched capture', async () => {
    const w = 512;
    const h = 256;
    const camera = await jpegRoundTrip(noisyImage(w, h, 4, 7), 90);
    // The forger's patch: a region saved at quality 60 with its grid at (3, 5), pasted back at (64+3, 64+5).
    const px = 67;
    const py = 69;
    const side = 136;
    const patchSrc: RgbImage = { width: side, height: side, data: new Uint8Array(side * side * 3) };
    for (let y = 0; y < side; y++) patchSrc.data.set(camera.data.subarray(((py + y) * w + px) * 3, ((py + y) * w + px + side) * 3), y * side * 3);
    const patch = await jpegRoundTrip(patchSrc, 60);
    const edited: RgbImage = { width: w, height: h, data: Uint8Array.from(camera.data) };
    for (let y = 0; y < side; y++) edited.data.set(patch.data.subarray(y * side * 3, (y + 1) * side * 3), ((py + y) * w + px) * 3);
    const final = await jpegRoundTrip(edited, 92);
    const untouched = await jpegRoundTrip(camera, 92);
    const inside = { x: 80, y: 80, width: 112, height: 112 };
    const cardRect = { x: 320, y: 64, width: 128, height: 128 };
    const forged = compareGrids(gridWindow(final, inside), gridWindow(final, cardRect));
    const genuine = compareGrids(gridWindow(untouched, inside), gridWindow(untouched, cardRect));
    assert.equal(forged.phaseMismatch, 1, `forged: ${JSON.stringify(forged)}`);
    assert.equal(genuine.phaseMismatch, 0, `genuine: ${JSON.stringify(genuine)}`);
    assert.ok(forged.shiftedCombGain > genuine.shiftedCombGain + 0.15, `shifted comb gain ${forged.shiftedCombGain} vs ${genuine.shiftedCombGain}`);
  });
});

describe('xenops-ps regions', () => {
  it('puts the inner window on the face, the reference on the other side of the card, and image squares on the 8x8 grid', () => {
    const photo = { x: 40, y: 80, width: 180, height: 230 };
    const face = { x: 80, y: 130, width: 100, height: 120 };
    const { inner, reference } = portraitWindows(face, photo, 640, 403, 200);
    assert.ok(inner.x >= face.x && inner.x + inner.width <= face.x + face.width);
    assert.ok(reference.x >= photo.x + photo.width, 'reference beyond the photo');
    assert.equal(inner.width, reference.width);
    // A document turned by 30 degrees in a 1600x1200 frame.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const at = (x: number, y: number): [number, number] => [400 + 2 * (x * c - y * s), 300 + 2 * (x * s + y * c)];
    const quad = [at(0, 0), at(640, 0), at(640, 403), at(0, 403)] as unknown as Parameters<typeof canonicalToImage>[0];
    const rect = imageSquareInside(inner, canonicalToImage(quad, 640, 403), 1600, 1200, 256, 32)!;
    assert.ok(rect !== null);
    assert.equal(rect.x % 8, 0);
    assert.equal(rect.y % 8, 0);
    assert.equal(rect.width % 8, 0);
    assert.ok(rect.width >= 64, `square side ${rect.width}`);
  });
});
