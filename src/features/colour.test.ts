import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromaStatistics, colourlessness, gamutHull, mccamyCct, whitePoint } from './colour.js';
import type { RgbPlanes } from './planes.js';

function rgbFrom(width: number, height: number, f: (x: number, y: number) => [number, number, number]): RgbPlanes {
  const r = new Float32Array(width * height);
  const g = new Float32Array(width * height);
  const b = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [R, G, B] = f(x, y);
      r[y * width + x] = R;
      g[y * width + x] = G;
      b[y * width + x] = B;
    }
  }
  return { width, height, r, g, b };
}

/** 8-bit sRGB code values of a colour with chromaticity (x, y), scaled so that its largest channel is `peak`. */
function srgbOfChromaticity(x: number, y: number, peak = 0.8): [number, number, number] {
  const X = x / y;
  const Z = (1 - x - y) / y;
  const lin = [3.2406 * X - 1.5372 - 0.4986 * Z, -0.9689 * X + 1.8758 + 0.0415 * Z, 0.0557 * X - 0.204 + 1.057 * Z];
  const m = Math.max(...lin);
  return lin.map((v) => {
    const c = Math.max(0, (v / m) * peak);
    return Math.round(255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055));
  }) as [number, number, number];
}

test('grey has no saturation, no colourfulness and is colourless', () => {
  const grey = rgbFrom(64, 64, (x) => [x * 4, x * 4, x * 4]);
  const stats = chromaStatistics(grey);
  assert.equal(stats.saturationP99, 0);
  assert.equal(stats.colourfulness, 0);
  assert.equal(colourlessness(grey).colourless, true);
});

test('colourfulness matches the Hasler-Suesstrunk formula on a red / green split', () => {
  const split = rgbFrom(64, 64, (x) => (x < 32 ? [255, 0, 0] : [0, 255, 0]));
  const stats = chromaStatistics(split, 1);
  // rg = +-255 (sigma 255, mean 0); yb = 127.5 everywhere (sigma 0, mean 127.5): M = 255 + 0.3 * 127.5.
  assert.ok(Math.abs(stats.colourfulness - (255 + 0.3 * 127.5)) < 1e-6);
  assert.equal(stats.saturationP50, 1);
  assert.equal(colourlessness(split).colourless, false);
  const faded = rgbFrom(64, 64, (x) => (x < 32 ? [191, 128, 128] : [128, 191, 128]));
  assert.ok(chromaStatistics(faded).saturationP50 < 0.4, 'a washed-out print loses saturation');
});

test('a few coloured pixels do not make a grey copy colourful, a coloured area does', () => {
  const stamp = rgbFrom(100, 100, (x, y) => (x < 20 && y < 20 ? [200, 40, 40] : [150, 150, 150]));
  const result = colourlessness(stamp);
  assert.ok(Math.abs(result.colourfulFraction - 0.04) < 0.005);
  assert.equal(result.colourless, false, 'a coloured area of 4 % makes the image colourful');
  const speck = rgbFrom(100, 100, (x, y) => (x < 4 && y < 4 ? [200, 40, 40] : [150, 150, 150]));
  assert.equal(colourlessness(speck).colourless, true);
});

test('gamut: the sRGB primaries span the sRGB triangle; a faded copy spans far less', () => {
  const primaries: Array<[number, number, number]> = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];
  const full = rgbFrom(80, 80, (x, y) => {
    const t = (x % 20) / 19;
    const [a, b] = [primaries[Math.floor(x / 20) % 4]!, primaries[Math.floor(y / 20) % 4]!];
    return [a[0] * t + b[0] * (1 - t), a[1] * t + b[1] * (1 - t), a[2] * t + b[2] * (1 - t)];
  });
  const g = gamutHull(full, 0.0005, 0.02, 1);
  assert.ok(g.relativeToSrgb > 0.85 && g.relativeToSrgb < 1.1, `full gamut ${g.relativeToSrgb}`);
  const faded = rgbFrom(80, 80, (x, y) => {
    const [R, G, B] = [full.r[y * 80 + x]!, full.g[y * 80 + x]!, full.b[y * 80 + x]!];
    return [0.4 * R + 0.6 * 180, 0.4 * G + 0.6 * 180, 0.4 * B + 0.6 * 180];
  });
  assert.ok(gamutHull(faded, 0.0005, 0.02, 1).relativeToSrgb < 0.35);
});

test('McCamy CCT is exact enough on the Planckian locus', () => {
  assert.ok(Math.abs(mccamyCct(0.3127, 0.329) - 6504) < 10);
  assert.ok(Math.abs(mccamyCct(0.4369, 0.4041) - 3000) < 30);
  assert.ok(Math.abs(mccamyCct(0.2807, 0.2883) - 10000) < 200);
});

test('white point: grey-world and brightest-pixel estimates recover the illuminant colour temperature', () => {
  for (const [x, y, cct] of [[0.3127, 0.329, 6504], [0.4369, 0.4041, 3000], [0.3457, 0.3585, 5003], [0.2807, 0.2883, 10000]] as const) {
    const patch = rgbFrom(32, 32, () => srgbOfChromaticity(x, y));
    const wp = whitePoint(patch);
    assert.ok(Math.abs(wp.greyWorld.cct - cct) / cct < 0.04, `grey world ${wp.greyWorld.cct} vs ${cct}`);
    assert.ok(Math.abs(wp.brightest.cct - cct) / cct < 0.04, `brightest ${wp.brightest.cct} vs ${cct}`);
  }
  // A mostly red scene with a white (D65) highlight: grey world is pulled red (low CCT), the white patch is not.
  const scene = rgbFrom(64, 64, (x, y) => (x < 10 && y < 10 ? [235, 235, 235] : [180, 60, 40]));
  const wp = whitePoint(scene);
  assert.ok(Math.abs(wp.brightest.cct - 6504) < 150, `brightest ${wp.brightest.cct}`);
  assert.ok(wp.greyWorld.cct < 3000, `grey world ${wp.greyWorld.cct}`);
});

test('bad steps are refused', () => {
  const grey = rgbFrom(4, 4, () => [1, 1, 1]);
  assert.throws(() => chromaStatistics(grey, 0), /positive integer/);
});

test('a grey copy under warm light is still colourless once white-balanced; a coloured card under it is not', () => {
  // Warm illuminant: paper white reads (250, 225, 185); every grey level is tinted in proportion.
  const tint = [249 / 255, 225 / 255, 185 / 255];
  const greyCopy = rgbFrom(64, 64, (x) => {
    const v = x < 8 ? 255 : 60 + 2 * x;
    return [v * tint[0]!, v * tint[1]!, v * tint[2]!];
  });
  const result = colourlessness(greyCopy);
  assert.ok(result.gains[2] > 1.15, 'blue is boosted to neutralise the warm cast');
  assert.equal(result.colourless, true);
  const colourCard = rgbFrom(64, 64, (x, y) => {
    const base = x < 8 ? [255, 255, 255] : y < 32 ? [200, 90, 90] : [90, 120, 200];
    return [base[0]! * tint[0]!, base[1]! * tint[1]!, base[2]! * tint[2]!];
  });
  assert.equal(colourlessness(colourCard).colourless, false);
});

test('light whose colour varies across a grey copy keeps its chromaticities on one line (reported, not decided)', () => {
  // Magenta light fading from left to right over a grey page: no single white balance neutralises it.
  const greyCopy = rgbFrom(128, 64, (x, y) => {
    const v = (y >> 3) % 2 === 0 ? 230 : 70 + x;
    const t = 1 - x / 256;
    return [v, v * (1 - 0.4 * t), v * (1 - 0.1 * t)];
  });
  const result = colourlessness(greyCopy);
  assert.ok(result.colourfulFraction > 0.02, 'the global white balance leaves colour');
  assert.ok(result.chromaMinorStd < 0.01, `minor-axis std ${result.chromaMinorStd}`);
  const threeHues = rgbFrom(64, 64, (x) => (x < 21 ? [200, 80, 80] : x < 42 ? [80, 200, 80] : [80, 80, 200]));
  assert.ok(colourlessness(threeHues).chromaMinorStd > 0.05);
  const twoHues = rgbFrom(64, 64, (x) => (x < 32 ? [255, 0, 0] : [0, 255, 0]));
  assert.ok(colourlessness(twoHues).chromaMinorStd < 1e-6, 'two colours also lie on a line: why the std alone cannot decide');
});
