import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fractalTexture, seededGaussian } from '../../../test/features/synthetic.js';
import type { Plane, RgbPlanes } from '../../features/planes.js';
import type { RgbImage } from '../../image/types.js';
import type { DetectorInput } from '../detector.js';
import { SCREEN_REPLAY_FEATURES, screenReplayFeatures, WHOLE_IMAGE_FEATURES, wholeImageScreenFeatures } from './features.js';
import { centralQuad, surroundMeasures } from './surround.js';
import { moireMeasures, subpixelMeasures, texturePlanes } from './texture.js';

const W = 256;
const H = 256;

/** A camera-like photo of a real object: the same content in every channel (shared edges), a little noise each. */
function objectPhoto(seed: number): RgbPlanes {
  const content = fractalTexture(W, H, seed, 150);
  const noise = seededGaussian(seed + 100);
  const channel = (gain: number) => Float32Array.from(content.data, (v) => 128 + gain * (v - 128) + noise() * 0.5);
  return { width: W, height: H, r: channel(0.9), g: channel(1), b: channel(0.8) };
}

/**
 * The same object seen on an RGB-stripe display whose grid reaches the sensor at `cyclesPerPixel` (above Nyquist
 * it aliases): each colour is emitted from its own third of the pixel pitch, so the channels' fine structure is
 * shifted against each other, and each channel carries the grid at its own phase.
 */
function screenPhoto(seed: number, cyclesPerPixel: number): RgbPlanes {
  const base = objectPhoto(seed);
  const stripe = (x: number, phase: number) => 0.5 + 0.5 * Math.cos(2 * Math.PI * (cyclesPerPixel * x - phase));
  const shade = (p: Float32Array, phase: number): Float32Array =>
    Float32Array.from(p, (v, i) => v * (0.55 + 0.45 * stripe(i % W, phase)));
  return { width: W, height: H, r: shade(base.r, 0), g: shade(base.g, 1 / 3), b: shade(base.b, 2 / 3) };
}

function interleave(rgb: RgbPlanes): RgbImage {
  const data = new Uint8Array(rgb.width * rgb.height * 3);
  for (let i = 0; i < rgb.width * rgb.height; i++) {
    data[i * 3] = Math.max(0, Math.min(255, Math.round(rgb.r[i]!)));
    data[i * 3 + 1] = Math.max(0, Math.min(255, Math.round(rgb.g[i]!)));
    data[i * 3 + 2] = Math.max(0, Math.min(255, Math.round(rgb.b[i]!)));
  }
  return { width: rgb.width, height: rgb.height, data };
}

test('a sub-pixel stripe grid decorrelates the colour channels and makes the chroma residual anisotropic', () => {
  const object = subpixelMeasures(interleave(objectPhoto(3)));
  const screen = subpixelMeasures(interleave(screenPhoto(3, 0.3)));
  // 8-bit pixels as the product sees them: rounding adds its own uncorrelated noise, hence 0.85 rather than 0.9.
  assert.ok(object.redGreenCorrelation > 0.85 && object.blueGreenCorrelation > 0.85, `object correlations ${object.redGreenCorrelation}, ${object.blueGreenCorrelation}`);
  assert.ok(screen.redGreenCorrelation < object.redGreenCorrelation - 0.3, `screen R-G correlation ${screen.redGreenCorrelation}`);
  assert.ok(screen.chromaAnisotropy > object.chromaAnisotropy + 0.3, `anisotropy ${screen.chromaAnisotropy} vs ${object.chromaAnisotropy}`);
});

/** The sub-pixel measures as first written: float planes, nine-term box sums per pixel (the trained definition). */
function subpixelReference(image: RgbImage) {
  const { width: w, height: h, data } = image;
  const plane = (c: number) => Float32Array.from({ length: w * h }, (_, i) => data[i * 3 + c]!);
  const r = plane(0), g = plane(1), b = plane(2);
  let srr = 0, sgg = 0, sbb = 0, srg = 0, sbg = 0, sr = 0, sg = 0, sb = 0, n = 0, chx = 0, chy = 0;
  const residual = (p: Float32Array, i: number): number =>
    p[i]! - (p[i - w - 1]! + p[i - w]! + p[i - w + 1]! + p[i - 1]! + p[i]! + p[i + 1]! + p[i + w - 1]! + p[i + w]! + p[i + w + 1]!) / 9;
  for (let y = 1; y < h - 1; y += 2) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const rr = residual(r, i), gg = residual(g, i), bb = residual(b, i);
      sr += rr; sg += gg; sb += bb; srr += rr * rr; sgg += gg * gg; sbb += bb * bb; srg += rr * gg; sbg += bb * gg; n++;
      const c = r[i]! + b[i]! - 2 * g[i]!;
      const dx = c - (r[i + 1]! + b[i + 1]! - 2 * g[i + 1]!);
      const dy = c - (r[i + w]! + b[i + w]! - 2 * g[i + w]!);
      chx += dx * dx; chy += dy * dy;
    }
  }
  const ratio = (a: number, c: number) => Math.log10((a + 1e-6) / (c + 1e-6));
  const cov = (sxy: number, sx: number, sy: number) => sxy / n - (sx / n) * (sy / n);
  const vr = cov(srr, sr, sr), vg = cov(sgg, sg, sg), vb = cov(sbb, sb, sb);
  const corr = (c: number, va: number, vb2: number) => c / Math.sqrt(Math.max(1e-9, va * vb2));
  return { redGreenCorrelation: corr(cov(srg, sr, sg), vr, vg), blueGreenCorrelation: corr(cov(sbg, sb, sg), vb, vg), redGreenEnergy: ratio(vr, vg), blueGreenEnergy: ratio(vb, vg), chromaAnisotropy: Math.abs(ratio(chx, chy)) };
}

test('sub-pixel measures from column sums equal the nine-term definition exactly (the trained features stay valid)', () => {
  for (const [image, label] of [[interleave(screenPhoto(7, 0.3)), 'screen'], [interleave(objectPhoto(8)), 'object'], [interleave({ ...objectPhoto(9), width: 255, height: 128 }), 'odd width']] as const) {
    assert.deepEqual(subpixelMeasures(image), subpixelReference(image), label);
  }
});

test('sub-pixel measures of a window read in place equal those of a copy of the window (whole-image head, no copy)', () => {
  const image = interleave(screenPhoto(11, 0.3));
  const window = { x: 37, y: 21, width: 150, height: 91 };
  const copy = new Uint8Array(window.width * window.height * 3);
  for (let y = 0; y < window.height; y++) {
    const from = ((window.y + y) * image.width + window.x) * 3;
    copy.set(image.data.subarray(from, from + window.width * 3), y * window.width * 3);
  }
  const inPlace = subpixelMeasures(image, window);
  assert.deepEqual(inPlace, subpixelMeasures({ width: window.width, height: window.height, data: copy }));
  assert.notDeepEqual(inPlace, subpixelMeasures(image), 'the window is not the whole image');
});

test('aliased display grid: prominent chroma peak at the alias frequency, none on the real object', () => {
  // f_s = 1.21 cycles/px folds to |1.21 - 1| = 0.21 cycles/px along x.
  const screen = moireMeasures(texturePlanes(screenPhoto(5, 1.21)), 128);
  const object = moireMeasures(texturePlanes(objectPhoto(5)), 128);
  const top = screen.peaks.chroma[0];
  assert.ok(top !== undefined && Math.abs(top.frequency - 0.21) < 2 / 128, `strongest chroma peak ${JSON.stringify(top)}`);
  assert.ok(screen.chromaPeakDb > 20, `screen chroma peak ${screen.chromaPeakDb} dB`);
  assert.ok(object.chromaPeakDb < 12, `object chroma peak ${object.chromaPeakDb} dB`);
  assert.ok(screen.chromaToLumaMid > object.chromaToLumaMid + 0.5, `chroma/luma ${screen.chromaToLumaMid} vs ${object.chromaToLumaMid}`);
});

/** A 600x400 frame: a bright card (inside `quad`) on a mid-grey table, optionally with a shadow band or a bezel. */
function scene(kind: 'card-with-shadow' | 'screen-with-bezel'): { image: RgbImage; quad: ReturnType<typeof centralQuad> } {
  const w = 600;
  const h = 400;
  const quad = centralQuad(w, h, 0.25);
  const [x0, y0] = quad[0];
  const [x1, y1] = quad[2];
  const short = Math.min(x1 - x0, y1 - y0);
  const plane: Plane = { width: w, height: h, data: new Float32Array(w * h) };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inside = x >= x0 && x < x1 && y >= y0 && y < y1;
      const gap = Math.max(x0 - x, x - x1, y0 - y, y - y1) / short; // distance outside, in short sides
      let v = inside ? 210 : 120;
      if (!inside && kind === 'card-with-shadow' && gap < 0.045) v = 70; // the card's shadow on the table
      if (!inside && kind === 'screen-with-bezel' && gap > 0.02) v = 12; // black bezel around the displayed card
      plane.data[y * w + x] = v;
    }
  }
  return { image: interleave({ width: w, height: h, r: plane.data, g: plane.data, b: plane.data }), quad };
}

test('surroundings: a card shows a shadow dip outside its edge, a screen a dark bezel', () => {
  const card = scene('card-with-shadow');
  const screen = scene('screen-with-bezel');
  const c = surroundMeasures(card.image, card.quad);
  const s = surroundMeasures(screen.image, screen.quad);
  assert.ok(c.shadowDip < -0.1, `card shadow dip ${c.shadowDip}`);
  assert.ok(s.darkShare > 0.9 && c.darkShare < 0.1, `dark share screen ${s.darkShare}, card ${c.darkShare}`);
  assert.equal(c.visible, 1);
});

function wholeImageInput(rgb: RgbPlanes): DetectorInput {
  return {
    image: interleave(rgb),
    file: { format: 'jpeg', byteLength: 1, quantTables: null, jpegQuality: null },
    document: null,
    documentCount: 0,
    quality: { warnings: [], blurSigmaMm: Number.NaN, blockiness: 1, colorless: false, documentColour: null },
  };
}

test('both heads without a document: one finite value per feature name, details name the head and mark the peaks unscored', async () => {
  const input = wholeImageInput(screenPhoto(7, 1.21));
  for (const [extractor, names] of [[screenReplayFeatures(), SCREEN_REPLAY_FEATURES], [wholeImageScreenFeatures(), WHOLE_IMAGE_FEATURES]] as const) {
    const values = await extractor.extract(input);
    assert.deepEqual(extractor.names, names);
    assert.equal(values.length, names.length);
    values.forEach((v, i) => assert.ok(Number.isFinite(v), `${names[i]} = ${v}`));
    const details = await extractor.details!(input);
    assert.equal(details.subject, 'whole-image');
    const peaks = details.spectralPeaks as { scored: boolean; chroma: unknown[] };
    assert.equal(peaks.scored, false, 'moire peaks are reported as not scored');
    assert.ok(peaks.chroma.length > 0, 'the aliased grid shows as a chroma peak');
  }
  assert.ok(!WHOLE_IMAGE_FEATURES.some((n) => n.startsWith('colour.') || n.startsWith('moire.')), 'the whole-image head uses no colour (and nothing scores moire)');
  const regions = await screenReplayFeatures().regions!(input);
  assert.equal(regions.features.length, 0, 'no region map without a document');
});

test('whole-image head: a screen photo shows its sub-pixel grid, an object photo does not', async () => {
  const names = WHOLE_IMAGE_FEATURES as readonly string[];
  const at = (v: Float32Array, name: string) => v[names.indexOf(name)]!;
  const object = await wholeImageScreenFeatures().extract(wholeImageInput(objectPhoto(9)));
  const screen = await wholeImageScreenFeatures().extract(wholeImageInput(screenPhoto(9, 0.3)));
  assert.ok(at(screen, 'subpixel.rg_correlation') < at(object, 'subpixel.rg_correlation') - 0.3, `R-G correlation ${at(screen, 'subpixel.rg_correlation')} vs ${at(object, 'subpixel.rg_correlation')}`);
});
