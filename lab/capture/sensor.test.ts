import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { developFrame, drawSensorParams, meteredMean } from './sensor.js';

/** Standard deviation per channel of a developed flat grey frame, away from the borders. */
function noiseOf(lightLevel: number): [number, number, number] {
  const W = 200;
  const H = 200;
  const frame = { width: W, height: H, data: new Float32Array(W * H * 3).fill(0.2) };
  const params = { ...drawSensorParams(new Rng('sensor'), lightLevel), vignetting: 0, denoise: 0.01, sharpenAmount: 0 };
  const out = developFrame(frame, [1, 1, 1], params, new Rng('noise'));
  const sd: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (let y = 20; y < H - 20; y++) {
      for (let x = 20; x < W - 20; x++) {
        const v = out.data[(y * W + x) * 3 + c]!;
        s += v;
        s2 += v * v;
        n++;
      }
    }
    sd[c] = Math.sqrt(s2 / n - (s / n) ** 2);
  }
  return sd;
}

test('sensor noise is stronger in dim scenes and in the blue channel', () => {
  const bright = noiseOf(1);
  const dim = noiseOf(0.12);
  // Shot noise: relative noise ~ 1/sqrt(electrons); 8x fewer electrons -> ~2.8x the noise (less after the ISP).
  assert.ok(dim[1] > 1.8 * bright[1], `green noise ${dim[1].toFixed(2)} in a dim scene vs ${bright[1].toFixed(2)} in a bright one`);
  // Blue has the least sensitivity and the largest white-balance gain.
  assert.ok(dim[2] > dim[1], `blue noise ${dim[2].toFixed(2)} should exceed green ${dim[1].toFixed(2)}`);
  assert.ok(bright[2] > bright[1], `blue noise ${bright[2].toFixed(2)} should exceed green ${bright[1].toFixed(2)}`);
});

test('developing frames of different sizes in turn gives the bytes each gives alone (reused ISP planes carry nothing over)', () => {
  const frameOf = (W: number, H: number, seed: number): { width: number; height: number; data: Float32Array } => {
    const data = new Float32Array(W * H * 3);
    for (let i = 0; i < data.length; i++) data[i] = 0.05 + 0.4 * (((i * 2654435761 + seed) >>> 0) % 1000) / 1000;
    return { width: W, height: H, data };
  };
  const params = drawSensorParams(new Rng('sensor'), 1);
  const big = frameOf(160, 120, 1);
  const small = frameOf(64, 48, 2);
  const bigAlone = developFrame(big, [1, 1, 1], params, new Rng('noise')).data;
  const smallAfterBig = developFrame(small, [1, 1, 1], params, new Rng('noise')).data;
  const bigAgain = developFrame(big, [1, 1, 1], params, new Rng('noise')).data;
  assert.deepEqual(bigAgain, bigAlone);
  assert.notEqual(bigAgain, bigAlone, 'each call returns its own output buffer');
  const smallAgain = developFrame(small, [1, 1, 1], params, new Rng('noise')).data;
  assert.deepEqual(smallAgain, smallAfterBig);
});

test('a given metered luminance develops like the metering it replaces; another one changes the exposure', () => {
  const W = 120, H = 80;
  const data = new Float32Array(W * H * 3);
  for (let i = 0; i < data.length; i++) data[i] = 0.05 + ((i * 7919) % 97) / 200;
  const frame = { width: W, height: H, data };
  const params = drawSensorParams(new Rng('sensor-metered'), 1);
  const metered = developFrame(frame, [1, 1, 1], params, new Rng('noise'));
  const given = developFrame(frame, [1, 1, 1], params, new Rng('noise'), meteredMean(frame));
  assert.deepEqual(Buffer.from(given.data), Buffer.from(metered.data));
  // Twice the metered luminance halves the exposure: the frame develops darker.
  const darker = developFrame(frame, [1, 1, 1], params, new Rng('noise'), 2 * meteredMean(frame));
  const mean = (d: Uint8Array): number => d.reduce((s, v) => s + v, 0) / d.length;
  assert.ok(mean(darker.data) < mean(metered.data) - 20, `${mean(darker.data)} vs ${mean(metered.data)}`);
});
