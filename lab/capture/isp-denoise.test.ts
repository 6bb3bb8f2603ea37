import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { developFrame, drawSensorParams } from './sensor.js';
import { boxMean, drawPhoneDenoise, guidedSmooth, type PhoneDenoise } from './isp-denoise.js';
import { captureSubject } from './scene.js';
import { cardSubject } from './card.js';
import { renderDocument } from '../documents/index.js';

const W = 160;
const H = 120;

/** A dim grey frame (noisy after development) with a bright vertical bar from x = 70 to 90. */
function barFrame(): { width: number; height: number; data: Float32Array } {
  const data = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) data.fill(x >= 70 && x < 90 ? 0.6 : 0.15, (y * W + x) * 3, (y * W + x) * 3 + 3);
  }
  return { width: W, height: H, data };
}

/**
 * Share of 2x2 blocks of the green channel (x < 60) whose diagonal Haar detail is exactly zero: above one half, the
 * detector's residual noise (`dither.luma_sigma`, a median) reads ~0, as on the smoothed real frames.
 */
function flatShare(data: Uint8Array): number {
  let zero = 0;
  let n = 0;
  for (let y = 10; y + 1 < H - 10; y += 2) {
    for (let x = 10; x + 1 < 60; x += 2, n++) {
      const g = (xx: number, yy: number): number => data[(yy * W + xx) * 3 + 1]!;
      if (g(x, y) - g(x + 1, y) - g(x, y + 1) + g(x + 1, y + 1) === 0) zero++;
    }
  }
  return zero / n;
}

const meanGreen = (data: Uint8Array, x0: number, x1: number): number => {
  let s = 0;
  let n = 0;
  for (let y = 10; y < H - 10; y++) for (let x = x0; x < x1; x++, n++) s += data[(y * W + x) * 3 + 1]!;
  return s / n;
};

test('phone noise reduction flattens the grain of a flat area and keeps the edge of a bright bar', () => {
  const params = { ...drawSensorParams(new Rng('isp-denoise-sensor'), 0.2), vignetting: 0 };
  const strong: PhoneDenoise = { level: 'strong', lumaK: 5, lumaRadius: 3, chromaSigma: 3, coringScale: 1 };
  const plain = developFrame(barFrame(), [1, 1, 1], params, new Rng('noise')).data;
  const phone = developFrame(barFrame(), [1, 1, 1], params, new Rng('noise'), undefined, strong).data;
  assert.ok(flatShare(plain) < 0.4, `the default ISP keeps grain in a dim scene: ${flatShare(plain)} of blocks flat`);
  assert.ok(flatShare(phone) > 0.6, `phone NR: ${flatShare(phone)} of blocks flat`);
  // The edge survives: one pixel inside the bar's border, over three quarters of the default ISP's contrast stays.
  const edgePlain = meanGreen(plain, 71, 73) - meanGreen(plain, 66, 68);
  const edgePhone = meanGreen(phone, 71, 73) - meanGreen(phone, 66, 68);
  assert.ok(edgePlain > 40, `bar contrast ${edgePlain}`);
  assert.ok(edgePhone > 0.75 * edgePlain, `edge contrast ${edgePhone} vs ${edgePlain}`);
  // No noise reduction object = the default path, byte for byte.
  const again = developFrame(barFrame(), [1, 1, 1], params, new Rng('noise'), undefined, null).data;
  assert.deepEqual(Buffer.from(again), Buffer.from(plain));
});

test('guided smoothing flattens low-variance texture and keeps a step; box means are exact at the borders', () => {
  const w = 40;
  const h = 10;
  const plane = new Float32Array(w * h);
  for (let i = 0; i < plane.length; i++) plane[i] = (i % w < 20 ? 0.2 : 0.8) + ((i * 7919) % 11 - 5) * 0.002;
  guidedSmooth(plane, w, h, 2, 0.01 ** 2);
  const row = Array.from(plane.subarray(5 * w, 6 * w));
  const spread = Math.max(...row.slice(0, 16)) - Math.min(...row.slice(0, 16));
  assert.ok(spread < 0.006, `texture spread after smoothing ${spread} (was up to 0.02)`);
  assert.ok(row[19]! < 0.25 && row[20]! > 0.75, `step kept: ${row[19]} | ${row[20]}`);
  const ramp = Float32Array.from({ length: 5 }, (_, i) => i);
  boxMean(ramp, 5, 1, 1);
  assert.deepEqual(Array.from(ramp), [0.5, 1, 2, 3, 3.5]);
});

test('strength is drawn per capture: about 40 % strong, a quarter light, the same draws for the same seed', () => {
  const draws = Array.from({ length: 400 }, (_, i) => drawPhoneDenoise(new Rng(`d${i}`)));
  const share = (level: PhoneDenoise['level']): number => draws.filter((d) => d.level === level).length / draws.length;
  assert.ok(share('strong') > 0.32 && share('strong') < 0.48, `strong ${share('strong')}`);
  assert.ok(share('light') > 0.18 && share('light') < 0.32, `light ${share('light')}`);
  assert.ok(draws.every((d) => d.lumaK >= 0 && d.lumaRadius >= 1 && d.chromaSigma >= 2 && d.coringScale >= 0 && d.coringScale <= 1));
  assert.deepEqual(drawPhoneDenoise(new Rng('same')), drawPhoneDenoise(new Rng('same')));
});

test('a capture with ispDenoise phone records its draw and differs; without it the bytes are those of no option', async () => {
  const doc = await renderDocument({ rng: new Rng('isp-denoise-doc'), split: 'test' });
  const shoot = async (options: { ispDenoise?: 'phone' }) => {
    const card = cardSubject(doc, new Rng('isp-denoise-card'));
    return captureSubject(new Rng('isp-denoise-capture'), card.subject, { resolution: [320, 240], controlled: { widthFill: 0.7 }, ...options });
  };
  const plain = await shoot({});
  const phone = await shoot({ ispDenoise: 'phone' });
  const sensor = phone.params['sensor'] as { phoneDenoise?: { level: string } };
  assert.ok(sensor.phoneDenoise && ['strong', 'moderate', 'light'].includes(sensor.phoneDenoise.level));
  assert.equal((plain.params['sensor'] as { phoneDenoise?: unknown }).phoneDenoise, undefined);
  assert.notDeepEqual(Buffer.from(phone.bytes), Buffer.from(plain.bytes));
  // Every other parameter of the seed is unchanged.
  assert.deepEqual({ ...phone.params, sensor: null }, { ...plain.params, sensor: null });
  assert.deepEqual(Buffer.from((await shoot({})).bytes), Buffer.from(plain.bytes));
});
