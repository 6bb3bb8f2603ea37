import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addGaussianNoise, amHalftone, planeFrom, screenCapture, seededGaussian, smoothContent } from '../../test/features/synthetic.js';
import { cmyPlanes } from './planes.js';
import { angularProfile, averagePowerSpectrum, findSpectralPeaks, highFrequencyRatio, radialProfile, type SpectralPeak } from './spectrum.js';

const BIN = 1 / 128;

function nearest(peaks: SpectralPeak[], fx: number, fy: number): SpectralPeak | undefined {
  // A peak and its mirror (-fx, -fy) are the same; compare against both.
  let best: SpectralPeak | undefined;
  let bestD = Infinity;
  for (const p of peaks) {
    const d = Math.min(Math.hypot(p.fx - fx, p.fy - fy), Math.hypot(p.fx + fx, p.fy + fy));
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}

function assertPeakAt(peaks: SpectralPeak[], f: number, angleDeg: number): void {
  const a = (angleDeg * Math.PI) / 180;
  const fx = f * Math.cos(a);
  const fy = f * Math.sin(a);
  const p = nearest(peaks, fx, fy);
  assert.ok(p, `no peak at all, expected f=${f} angle=${angleDeg}`);
  const sx = Math.sign(p.fx * fx + p.fy * fy) || 1; // mirror into the same half-plane as the expectation
  assert.ok(Math.abs(sx * p.fx - fx) <= BIN && Math.abs(sx * p.fy - fy) <= BIN,
    `expected a peak within one bin of (${fx.toFixed(4)}, ${fy.toFixed(4)}), nearest is (${p.fx.toFixed(4)}, ${p.fy.toFixed(4)})`);
  const dAngle = Math.abs(((p.angleDeg - (((angleDeg % 180) + 180) % 180) + 90) % 180 + 180) % 180 - 90);
  assert.ok(dAngle <= (Math.atan(1 / (f * 128)) * 180) / Math.PI + 0.5, `angle ${p.angleDeg} vs ${angleDeg}`);
}

test('a grating at frequency f and angle theta gives a peak there within one bin, over content and noise', () => {
  for (const [f, theta] of [[0.18, 30], [0.31, 115], [0.07, 0], [0.42, 75]] as const) {
    const a = (theta * Math.PI) / 180;
    const content = smoothContent(512, 512, 3);
    const grating = planeFrom(512, 512, (x, y) => content.data[y * 512 + x]! + 6 * Math.cos(2 * Math.PI * f * (x * Math.cos(a) + y * Math.sin(a))));
    const spectrum = averagePowerSpectrum(addGaussianNoise(grating, 4, 11), { size: 128, maxPatches: 8 });
    const peaks = findSpectralPeaks(spectrum);
    assert.ok(peaks.length >= 1);
    assertPeakAt(peaks, f, theta);
    assert.ok(peaks[0]!.prominenceDb > 20, `grating prominence ${peaks[0]!.prominenceDb} dB`);
  }
});

test('an AM halftone at 150 lpi / 600 dpi, 15 deg gives peaks at 0.25 cycles/pixel along 15 and 105 deg', () => {
  const screen = addGaussianNoise(amHalftone(512, 512, 150, 600, 15), 2, 5);
  const peaks = findSpectralPeaks(averagePowerSpectrum(screen, { size: 128 }), { maxPeaks: 32 });
  assertPeakAt(peaks, 0.25, 15);
  assertPeakAt(peaks, 0.25, 105);
});

test('a 45 deg black screen at 175 lpi / 600 dpi peaks at 0.2917 cycles/pixel along 45 and 135 deg', () => {
  const peaks = findSpectralPeaks(averagePowerSpectrum(amHalftone(512, 512, 175, 600, 45, 0.2), { size: 128 }), { maxPeaks: 32 });
  assertPeakAt(peaks, 175 / 600, 45);
  assertPeakAt(peaks, 175 / 600, 135);
});

test('a display grid finer than the sensor folds back as moire at |1/pitch - 1| cycles/pixel', () => {
  // Screen pixels of 0.893 sensor pixels: grid frequency 1.12 c/px, above Nyquist; the alias is at 0.12 c/px along
  // both grid axes. With the screen rotated by 3 degrees, the alias vector is (1.12 (cos 3, sin 3)) - (1, 0).
  const straight = addGaussianNoise(screenCapture(512, 512, 1 / 1.12, 0), 2, 17);
  const peaks = findSpectralPeaks(averagePowerSpectrum(straight, { size: 128 }), { maxPeaks: 32 });
  assertPeakAt(peaks, 0.12, 0);
  assertPeakAt(peaks, 0.12, 90);
  const rotated = addGaussianNoise(screenCapture(512, 512, 1 / 1.12, 3), 2, 18);
  const a = (3 * Math.PI) / 180;
  const ax = 1.12 * Math.cos(a) - 1;
  const ay = 1.12 * Math.sin(a);
  const rotatedPeaks = findSpectralPeaks(averagePowerSpectrum(rotated, { size: 128 }), { maxPeaks: 32 });
  assertPeakAt(rotatedPeaks, Math.hypot(ax, ay), (Math.atan2(ay, ax) * 180) / Math.PI);
});

test('a CMY colour print shows each ink screen in its own CMY plane (cyan 15, magenta 75, yellow 0 degrees)', () => {
  // Ideal block dyes: cyan ink removes red, magenta green, yellow blue; each amHalftone plane is 255 * (1 - ink).
  const cyan = amHalftone(512, 512, 150, 600, 15, 0.3);
  const magenta = amHalftone(512, 512, 150, 600, 75, 0.3);
  const yellow = amHalftone(512, 512, 150, 600, 0, 0.3);
  // Sensor noise on each channel, as any capture has.
  const print = {
    width: 512,
    height: 512,
    r: addGaussianNoise(cyan, 2, 41).data,
    g: addGaussianNoise(magenta, 2, 42).data,
    b: addGaussianNoise(yellow, 2, 43).data,
  };
  const { c, m, y } = cmyPlanes(print);
  for (const [plane, angle] of [[c, 15], [m, 75], [y, 0]] as const) {
    const peaks = findSpectralPeaks(averagePowerSpectrum(plane, { size: 128 }), { maxPeaks: 32 });
    assertPeakAt(peaks, 0.25, angle);
    assertPeakAt(peaks, 0.25, angle + 90);
    // The other inks' screens are absent from this plane.
    for (const other of [15, 75, 0].filter((o) => o !== angle)) {
      const a = (other * Math.PI) / 180;
      const stray = peaks.find((p) => Math.hypot(Math.abs(p.fx) - Math.abs(0.25 * Math.cos(a)), Math.abs(p.fy) - Math.abs(0.25 * Math.sin(a))) < 1 / 128 && Math.sign(p.fx) === Math.sign(Math.cos(a) || 1));
      assert.equal(stray, undefined, `screen at ${other} deg leaked into the plane of the ${angle} deg ink`);
    }
  }
});

test('a noise-free render has no spurious peaks from rounding residue between its exact harmonics', () => {
  const peaks = findSpectralPeaks(averagePowerSpectrum(amHalftone(512, 512, 150, 600, 0, 0.3), { size: 128 }), { maxPeaks: 64 });
  for (const p of peaks) {
    const onLattice = Math.abs(p.fx * 4 - Math.round(p.fx * 4)) < 0.05 && Math.abs(p.fy * 4 - Math.round(p.fy * 4)) < 0.05;
    assert.ok(onLattice, `peak at (${p.fx.toFixed(3)}, ${p.fy.toFixed(3)}) is not a harmonic of the 4-px screen`);
  }
});

test('white noise (alone or over smooth content) yields no peak above the 10 dB threshold', () => {
  const g = seededGaussian(7);
  const noise = planeFrom(512, 512, () => 128 + 10 * g());
  assert.deepEqual(findSpectralPeaks(averagePowerSpectrum(noise, { size: 128, maxPatches: 16 })), []);
  const scene = addGaussianNoise(smoothContent(512, 512, 9), 3, 8);
  assert.deepEqual(findSpectralPeaks(averagePowerSpectrum(scene, { size: 128, maxPatches: 16 })), []);
});

test('profiles: white noise is flat, a horizontal grating lights one angular sector, dithering raises high-frequency share', () => {
  const g = seededGaussian(3);
  const noise = averagePowerSpectrum(planeFrom(256, 256, () => 10 * g()), { size: 64, maxPatches: 16 });
  const radial = radialProfile(noise);
  const inner = radial[8]!;
  const outer = radial[28]!;
  assert.ok(Math.abs(10 * Math.log10(inner / outer)) < 2, 'white noise radial profile is flat within 2 dB');
  assert.ok(highFrequencyRatio(noise) > 0.6, 'most white-noise power lies above 0.25 cycles/pixel');
  const smooth = averagePowerSpectrum(smoothContent(256, 256), { size: 64 });
  assert.ok(highFrequencyRatio(smooth) < 0.05);
  const grating = averagePowerSpectrum(planeFrom(256, 256, (x) => Math.cos(2 * Math.PI * 0.2 * x)), { size: 64 });
  const angular = angularProfile(grating, 18);
  const maxIndex = angular.indexOf(Math.max(...angular));
  assert.ok(maxIndex === 0 || maxIndex === 17, `horizontal wave vector falls in the 0 / 180 deg sector, got sector ${maxIndex}`);
});

test('bad sizes are refused with the accepted range', () => {
  const plane = planeFrom(64, 64, () => 0);
  assert.throws(() => averagePowerSpectrum(plane, { size: 100 }), /power of two between 8 and 1024/);
  assert.throws(() => averagePowerSpectrum(plane, { size: 128 }), /smaller than one 128x128/);
});
