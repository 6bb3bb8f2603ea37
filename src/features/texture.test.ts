import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addGaussianNoise, fractalTexture, planeFrom, seededGaussian } from '../../test/features/synthetic.js';
import { downsampleBox, type Plane } from './planes.js';
import { flatness, lbpHistogram, localContrast, sharpness } from './texture.js';

function rotate90(p: Plane): Plane {
  return planeFrom(p.height, p.width, (x, y) => p.data[(p.height - 1 - x) * p.width + y]!);
}

test('LBP: a flat plane is all "flat" patterns, and the histogram does not change under a 90 degree rotation', () => {
  const flat = lbpHistogram(planeFrom(16, 16, () => 7));
  assert.equal(flat[8], 1);
  const texture = addGaussianNoise(fractalTexture(96, 64, 3), 3, 4);
  const a = lbpHistogram(texture);
  const b = lbpHistogram(rotate90(texture));
  for (let k = 0; k < 10; k++) assert.ok(Math.abs(a[k]! - b[k]!) < 1e-6, `bin ${k}: ${a[k]} vs ${b[k]}`);
  assert.ok(Math.abs(a.reduce((s, v) => s + v, 0) - 1) < 1e-5);
  // White noise: patterns are exchangeable, so P(all 8 >= centre) = P(centre is the minimum of 9) = 1/9.
  const g = seededGaussian(5);
  const noise = lbpHistogram(planeFrom(300, 300, () => g()));
  assert.ok(Math.abs(noise[8]! - 1 / 9) < 0.01, `bin 8 ${noise[8]}`);
  assert.ok(Math.abs(noise[0]! - 1 / 9) < 0.01, `bin 0 ${noise[0]}`);
});

test('sharpness falls when the image is blurred', () => {
  const sharp = addGaussianNoise(fractalTexture(128, 128, 2), 2, 3);
  const blurred = planeFrom(128, 128, (x, y) => {
    let s = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += sharp.data[Math.min(127, Math.max(0, y + dy)) * 128 + Math.min(127, Math.max(0, x + dx))]!;
    return s / 9;
  });
  const a = sharpness(sharp);
  const b = sharpness(blurred);
  assert.ok(b.laplacianVariance < a.laplacianVariance / 4, `${b.laplacianVariance} vs ${a.laplacianVariance}`);
  assert.ok(b.tenengrad < a.tenengrad && b.meanGradient < a.meanGradient);
  const ramp = sharpness(planeFrom(16, 16, (x) => 3 * x));
  assert.ok(Math.abs(ramp.meanGradient - 3) < 1e-6 && Math.abs(ramp.laplacianVariance) < 1e-9, 'a linear ramp has gradient 3 and no curvature');
});

test('flat "pixel-perfect" blocks are found in rendered content and vanish under sensor noise', () => {
  const screenshot = planeFrom(128, 128, (x, y) => (y < 20 ? 30 : x > 40 && x < 44 && y > 60 && y < 90 ? 0 : 245));
  const f = flatness(screenshot);
  assert.ok(f.flatFraction > 0.9 && f.flatUnclippedFraction > 0.9, `flat ${f.flatFraction}`);
  const photo = addGaussianNoise(screenshot, 1.5, 9);
  assert.ok(flatness({ ...photo, data: photo.data.map(Math.round) }).flatFraction < 0.02);
  const clipped = flatness(planeFrom(64, 64, () => 255));
  assert.deepEqual([clipped.flatFraction, clipped.flatUnclippedFraction], [1, 0], 'clipped highlights do not count as rendered');
});

test('local contrast reads the noise level of flat areas and drops when contrast is compressed', () => {
  const noise = addGaussianNoise(planeFrom(256, 256, () => 128), 5, 2);
  const c = localContrast(noise);
  assert.ok(Math.abs(c.stdP50 - 5) < 0.4, `median block std ${c.stdP50}`);
  const tex = fractalTexture(256, 256, 8);
  const compressed = { ...tex, data: tex.data.map((v) => 128 + 0.5 * (v - 128)) };
  assert.ok(Math.abs(localContrast(compressed).stdP90 - 0.5 * localContrast(tex).stdP90) < 1e-3);
  assert.equal(localContrast(downsampleBox(planeFrom(64, 64, () => 9), 2)).stdP90, 0);
});

test('bad sizes are refused', () => {
  assert.throws(() => flatness(planeFrom(8, 8, () => 0), 1), /integer >= 2/);
  assert.throws(() => lbpHistogram(planeFrom(2, 2, () => 0)), /at least 3x3/);
});
