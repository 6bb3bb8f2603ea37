import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Quad } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';
import { toRgbPlanes, type RgbPlanes } from '../../features/planes.js';
import { makeDocumentCropper } from '../../localisation/crop.js';
import type { DocumentInput } from '../detector.js';
import { cornerContrast, edgeCues } from './edges.js';
import { distinctScreenAngles, maxProminence, nativeStrip, PATCH, printPeriodicity } from './halftone.js';
import { greynessCues } from './greyness.js';
import { colourCues, ovdCues, paperCues } from './surface.js';

// Deterministic noise in [-1, 1).
const noise = (i: number): number => {
  const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (s - Math.floor(s)) - 1;
};

function rgbOf(width: number, height: number, pixel: (x: number, y: number) => readonly [number, number, number]): RgbPlanes {
  const n = width * height;
  const planes = { width, height, r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const i = y * width + x;
      planes.r[i] = Math.min(255, Math.max(0, r));
      planes.g[i] = Math.min(255, Math.max(0, g));
      planes.b[i] = Math.min(255, Math.max(0, b));
    }
  }
  return planes;
}

/** Ink coverage of an AM screen (cosine dot) at `freq` cycles/pixel along angleDeg, 0..1. */
function screen(x: number, y: number, freq: number, angleDeg: number): number {
  const a = (angleDeg * Math.PI) / 180;
  const u = x * Math.cos(a) + y * Math.sin(a);
  const v = -x * Math.sin(a) + y * Math.cos(a);
  return 0.5 + 0.25 * (Math.cos(2 * Math.PI * freq * u) + Math.cos(2 * Math.PI * freq * v));
}

describe('printed-copy halftone cues', () => {
  const width = PATCH * 6;
  // A laser print seen at native resolution: cyan at 15 degrees and magenta at 75 degrees, each its own screen,
  // over camera-like noise; the genuine surface is the same mean colour with the same noise and no screen.
  const print = rgbOf(width, PATCH, (x, y) => {
    const c = 0.5 * screen(x, y, 0.22, 15);
    const m = 0.5 * screen(x, y, 0.22, 75);
    return [255 * (1 - c) + 3 * noise(y * width + x), 255 * (1 - m) + 3 * noise(y * width + x + 7), 200 + 3 * noise(y * width + x + 13)];
  });
  const plain = rgbOf(width, PATCH, (x, y) => [191 + 3 * noise(y * width + x), 191 + 3 * noise(y * width + x + 7), 200 + 3 * noise(y * width + x + 13)]);

  it('finds each ink screen in its own CMY plane, with two distinct screen angles', () => {
    const p = printPeriodicity(print);
    const q = printPeriodicity(plain);
    assert.ok(maxProminence(p.c) > 15 && maxProminence(p.m) > 15, `c ${maxProminence(p.c)} m ${maxProminence(p.m)}`);
    assert.ok(maxProminence(q.c) < 10 && maxProminence(q.m) < 10, `plain c ${maxProminence(q.c)} m ${maxProminence(q.m)}`);
    const cAngle = p.c.peaks[0]!.angleDeg % 90;
    assert.ok(Math.abs(cAngle - 15) < 4, `cyan screen at ${p.c.peaks[0]!.angleDeg} degrees`);
    assert.equal(distinctScreenAngles(p), 2);
    assert.equal(distinctScreenAngles(q), 0);
  });

  it('error-diffusion-like dither raises the chroma noise and high-frequency share over a smooth surface', () => {
    // Per-pixel random ink dots in two inks (an inkjet's FM dither) vs the same mean colour, camera noise only.
    const dithered = rgbOf(width, PATCH, (x, y) => {
      const i = y * width + x;
      return [noise(i) > 0 ? 255 : 128, noise(i + 101) > 0 ? 255 : 128, 220];
    });
    const d = printPeriodicity(dithered);
    const q = printPeriodicity(plain);
    assert.ok(d.chromaSigma > 5 * q.chromaSigma, `dither ${d.chromaSigma} vs plain ${q.chromaSigma}`);
    assert.ok(d.luma.hfRatio > 0.5 && d.luma.hfRatio > q.luma.hfRatio * 0.9, `hf ${d.luma.hfRatio} vs ${q.luma.hfRatio}`);
  });

  it('reads 64x64 patches at the document\'s native resolution from the full-size upload', async () => {
    // A 1200x760 document with vertical stripes of period 4 upload pixels; at native scale the strip shows them
    // at 0.25 cycles/pixel, which the 640-px canonical raster (period 2.1 px) could not represent faithfully.
    const w = 1300;
    const h = 860;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill((x % 4 < 2 ? 60 : 200) + 20 * noise(y * w + x), (y * w + x) * 3, (y * w + x) * 3 + 3);
    const image: RgbImage = { width: w, height: h, data };
    const quad: Quad = [[50, 50], [1250, 50], [1250, 810], [50, 810]];
    const canonical: RgbImage = { width: 640, height: 405, data: new Uint8Array(640 * 405 * 3) };
    const document = { quad, canonical, nativeLongSide: 1200, crop: makeDocumentCropper(image, quad, 640, 405, 1200) } as unknown as DocumentInput;
    const strip = await nativeStrip(document, [[0.3, 0.3], [0.6, 0.6]]);
    assert.equal(strip.width, 2 * PATCH);
    assert.equal(strip.height, PATCH);
    const p = printPeriodicity(strip);
    const top = p.luma.peaks[0]!;
    assert.ok(Math.abs(top.frequency - 0.25) < 0.02 && Math.abs(top.angleDeg) < 3, `peak at ${top.frequency} c/px, ${top.angleDeg} deg`);
  });
});

describe('printed-copy surface cues', () => {
  it('a grey copy has no saturation or gamut; a coloured card has both', () => {
    const card = rgbOf(200, 120, (x, y) => (x < 100 ? [40, 90, 200] : y < 60 ? [220, 60, 50] : [240, 235, 225]));
    const grey = rgbOf(200, 120, (x, y) => { const v = x < 100 ? 90 : y < 60 ? 110 : 233; return [v, v, v]; });
    const c = colourCues(card);
    const g = colourCues(grey);
    assert.ok(c.saturationP90 > 0.5 && g.saturationP90 < 0.02, `sat p90 card ${c.saturationP90}, grey ${g.saturationP90}`);
    assert.ok(c.gamut > g.gamut + 0.05, `gamut card ${c.gamut}, grey ${g.gamut}`);
  });

  it('a grey copy under coloured light is saturated by the cast but keeps one chromaticity; a colour card spreads it', () => {
    // Grey levels 60..230 seen through a magenta light (R x1.15, G x0.8, B x1.1).
    const cast = rgbOf(200, 120, (x, y) => { const v = 60 + ((x * 7 + y * 3) % 170); return [1.15 * v * 0.95, 0.8 * v, 1.1 * v * 0.95]; });
    const card = rgbOf(200, 120, (x, y) => (x < 70 ? [40, 90, 200] : x < 140 ? [200, 70, 60] : y < 60 ? [90, 170, 80] : [235, 230, 215]));
    assert.ok(colourCues(cast).saturationP50 > 0.25, `the cast saturates the grey copy: ${colourCues(cast).saturationP50}`);
    const c = greynessCues(cast);
    const k = greynessCues(card);
    assert.ok(c.rgSpread < 0.5 && k.rgSpread > 5, `spread cast ${c.rgSpread}, card ${k.rgSpread}`);
    assert.ok(c.rgP95 < 1 && k.rgP95 > 5, `p95 cast ${c.rgP95}, card ${k.rgP95}`);
    assert.ok(c.linearSpread < 1 && k.linearSpread > 5, `linear spread cast ${c.linearSpread}, card ${k.linearSpread}`);
  });

  it('a grey copy under a warm-to-daylight gradient stays grey for the linear spread; a colour card does not', () => {
    // Left side lit by a warm lamp, right side by daylight: the cast changes slowly across the sheet.
    const tint = (x: number): [number, number, number] => { const t = x / 199; return [1.2 - 0.3 * t, 1, 0.75 + 0.35 * t]; };
    const grey = rgbOf(200, 120, (x, y) => { const v = 60 + ((x * 7 + y * 3) % 170); const k = tint(x); return [k[0] * v * 0.9, k[1] * v * 0.9, k[2] * v * 0.9]; });
    const card = rgbOf(200, 120, (x, y) => { const k = tint(x); const c = (x >> 4) % 3 === 0 ? [60, 90, 190] : (x >> 4) % 3 === 1 ? [190, 70, 60] : [200, 200, 195]; return [k[0] * c[0]! * 0.9, k[1] * c[1]! * 0.9, k[2] * c[2]! * 0.9]; });
    const g = greynessCues(grey);
    const k = greynessCues(card);
    assert.ok(g.linearSpread < 3 && k.linearSpread > 8, `linear spread grey ${g.linearSpread}, card ${k.linearSpread}`);
    assert.ok(g.colourfulShare < 0.05 && k.colourfulShare > 0.3, `colourful share grey ${g.colourfulShare}, card ${k.colourfulShare}`);
  });

  it('specular glare counts as laminate shine; fibre texture in the white counts as paper', () => {
    const laminate = rgbOf(160, 96, (x, y) => { const v = noise(y * 160 + x); return x > 120 && y < 30 ? [255, 255, 255] : [225 + v, 222 + v, 215 + v]; });
    const paper = rgbOf(160, 96, (x, y) => { const v = 225 + 8 * noise(y * 160 + x); return [v, v - 2, v - 8]; });
    const l = paperCues(laminate);
    const p = paperCues(paper);
    assert.ok(l.glare > 0.05 && p.glare === 0, `glare laminate ${l.glare}, paper ${p.glare}`);
    assert.ok(p.whiteTexture > 2 && l.whiteTexture < 1, `white texture paper ${p.whiteTexture}, laminate ${l.whiteTexture}`);
  });

  it('a rainbow foil gives bright, saturated, hue-varied pixels; ink on paper does not', () => {
    const foil = rgbOf(180, 100, (x) => {
      const a = (x / 180) * 2 * Math.PI;
      return [200 + 55 * Math.cos(a), 200 + 55 * Math.cos(a - 2.1), 200 + 55 * Math.cos(a + 2.1)].map((v) => (v > 200 ? 250 : 120)) as [number, number, number];
    });
    const ink = rgbOf(180, 100, (x) => (x < 90 ? [150, 60, 60] : [60, 60, 150]));
    const f = ovdCues(foil);
    const i = ovdCues(ink);
    assert.ok(f.brightSaturatedShare > 0.3 && i.brightSaturatedShare === 0, `share foil ${f.brightSaturatedShare}, ink ${i.brightSaturatedShare}`);
    assert.ok(f.brightHueSpread > 0.5, `hue spread ${f.brightHueSpread}`);
    assert.ok(f.brightChromaP99 > i.brightChromaP99, `${f.brightChromaP99} vs ${i.brightChromaP99}`);
  });
});

describe('printed-copy edge cues', () => {
  // A light document (400x250) at (100, 100) in a 600x450 frame, surrounded by `around`; rounded corners show `around`.
  function scene(around: readonly [number, number, number], cornerRadius: number): { image: RgbImage; quad: Quad; canonical: RgbPlanes } {
    const w = 600;
    const h = 450;
    const data = new Uint8Array(w * h * 3);
    const inDoc = (x: number, y: number): boolean => {
      if (x < 100 || x >= 500 || y < 100 || y >= 350) return false;
      const cx = Math.min(Math.max(x, 100 + cornerRadius), 499 - cornerRadius);
      const cy = Math.min(Math.max(y, 100 + cornerRadius), 349 - cornerRadius);
      return Math.hypot(x - cx, y - cy) <= cornerRadius;
    };
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const c = inDoc(x, y) ? [215, 220, 210] : around;
        data.set(c.map((v, k) => v + 4 * noise(y * w + x + k)) as number[], (y * w + x) * 3);
      }
    }
    const image = { width: w, height: h, data };
    const docData = new Uint8Array(400 * 250 * 3);
    for (let y = 0; y < 250; y++) docData.set(data.subarray(((y + 100) * w + 100) * 3, ((y + 100) * w + 500) * 3), y * 400 * 3);
    return { image, quad: [[100, 100], [500, 100], [500, 350], [100, 350]], canonical: toRgbPlanes({ width: 400, height: 250, data: docData }) };
  }

  it('a card with rounded corners on a dark table: dark ring far from the border, contrasting corners', () => {
    const table = scene([70, 50, 35], 14);
    const sheet = scene([236, 236, 230], 0);
    const t = edgeCues(table.image, table.quad, table.canonical, 220);
    const s = edgeCues(sheet.image, sheet.quad, sheet.canonical, 220);
    assert.ok(t.ringLuma < 0.4 && s.ringLuma > 0.95, `ring luma table ${t.ringLuma}, paper ${s.ringLuma}`);
    assert.ok(t.ringToBorder > 100 && s.ringToBorder < 40, `ring to border table ${t.ringToBorder}, paper ${s.ringToBorder}`);
    assert.ok(cornerContrast(table.canonical) > 5 * cornerContrast(sheet.canonical), `corners ${cornerContrast(table.canonical)} vs ${cornerContrast(sheet.canonical)}`);
  });

  it('leaves the ring cues neutral (NaN) when the outline is outside the frame', () => {
    const t = scene([70, 50, 35], 14);
    const e = edgeCues(t.image, [[-400, -400], [1000, -400], [1000, 900], [-400, 900]], t.canonical, 220);
    assert.ok(Number.isNaN(e.ringLuma) && Number.isNaN(e.ringToBorder));
    assert.ok(Number.isFinite(e.cornerContrast));
  });
});
