import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { illuminantRgb } from './color.js';
import { awbWithEmitter, blockWhitePatchColour, partialWhiteBalance, whitePatchColour } from './awb.js';
import { developFrame, drawSensorParams } from './sensor.js';

/** A frame lit by a warm room (reflective grey, luminance 0.3) with a bright bluish screen filling a tenth of it. */
function frameWithScreen(screenShare: number): { width: number; height: number; data: Float32Array } {
  const W = 200;
  const H = 100;
  const room = illuminantRgb(3000);
  const screen = illuminantRgb(9000);
  const data = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const lit = x < W * screenShare ? screen.map((v) => v * 1.5) : room.map((v) => v * 0.3);
      data.set(lit, (y * W + x) * 3);
    }
  }
  return { width: W, height: H, data };
}

test('the white patch lands on a bright screen: its colour is the screen white, not the room light', () => {
  const patch = whitePatchColour(frameWithScreen(0.1));
  assert.ok(patch);
  const screen = illuminantRgb(9000);
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(patch[c]! - screen[c]!) < 1e-3, `channel ${c}: ${patch[c]} vs ${screen[c]}`);
  // Without a screen the brightest areas are lit by the room: the patch is the room's colour.
  const roomOnly = whitePatchColour(frameWithScreen(0));
  assert.ok(roomOnly && Math.abs(roomOnly[2] - illuminantRgb(3000)[2]) < 1e-3);
});

test('the AWB estimate moves from the room light towards the white patch with its weight, at luminance 1', () => {
  const room = illuminantRgb(3000);
  const patch = illuminantRgb(9000);
  const none = awbWithEmitter(room, patch, 0);
  const half = awbWithEmitter(room, patch, 0.5);
  const full = awbWithEmitter(room, patch, 1);
  assert.ok(Math.abs(none[2] - room[2]) < 1e-9);
  assert.ok(Math.abs(full[2] - patch[2]) < 1e-9);
  assert.ok(half[2] > room[2] && half[2] < patch[2], `blue of the blend ${half[2]} between ${room[2]} and ${patch[2]}`);
  assert.ok(Math.abs(0.2126 * half[0] + 0.7152 * half[1] + 0.0722 * half[2] - 1) < 1e-9);
  assert.deepEqual(awbWithEmitter(room, null, 0.8), room);
});

/** Mean developed R, G, B of a flat grey sheet (reflectance 0.6) lit by `light`, developed with the AWB estimate `awb`. */
function developedGrey(light: [number, number, number], awb: [number, number, number]): [number, number, number] {
  const W = 64;
  const H = 64;
  const data = new Float32Array(W * H * 3);
  for (let i = 0; i < W * H; i++) data.set([0.6 * light[0], 0.6 * light[1], 0.6 * light[2]], i * 3);
  const params = { ...drawSensorParams(new Rng('wb'), 50), awbError: [1, 1, 1] as [number, number, number], vignetting: 0 };
  const out = developFrame({ width: W, height: H, data }, awb, params, new Rng('noise'));
  const mean: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < W * H; i++) for (let c = 0; c < 3; c++) mean[c] = mean[c]! + out.data[i * 3 + c]! / (W * H);
  return mean;
}

test('a full white balance leaves a grey sheet grey; a partial one keeps part of a warm lamp\'s cast', () => {
  const lamp = illuminantRgb(3000);
  const full = developedGrey(lamp, partialWhiteBalance(lamp, 1));
  const partial = developedGrey(lamp, partialWhiteBalance(lamp, 0.7));
  assert.ok(Math.abs(full[0] - full[2]) < 3, `full correction: R ${full[0].toFixed(1)} B ${full[2].toFixed(1)}`);
  assert.ok(partial[0] - partial[2] > 15, `partial correction keeps the warmth: R ${partial[0].toFixed(1)} B ${partial[2].toFixed(1)}`);
  // Daylight near D65 has almost no cast to keep.
  const day = illuminantRgb(6500);
  const dayPartial = developedGrey(day, partialWhiteBalance(day, 0.7));
  assert.ok(Math.abs(dayPartial[0] - dayPartial[2]) < 4, `daylight: R ${dayPartial[0].toFixed(1)} B ${dayPartial[2].toFixed(1)}`);
});

test('the estimate has luminance 1 and moves from neutral (adaptation 0) to the light (adaptation 1)', () => {
  const lamp = illuminantRgb(2800);
  const none = partialWhiteBalance(lamp, 0);
  const all = partialWhiteBalance(lamp, 1);
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(none[c]! - 1) < 1e-9);
    assert.ok(Math.abs(all[c]! - lamp[c]!) < 1e-6);
  }
  const half = partialWhiteBalance(lamp, 0.5);
  assert.ok(Math.abs(0.2126 * half[0] + 0.7152 * half[1] + 0.0722 * half[2] - 1) < 1e-9);
  assert.ok(half[0] > 1 && half[0] < lamp[0] && half[2] < 1 && half[2] > lamp[2]);
});

test('block white patch: a screen resolved into R, G, B sub-pixel stripes reads as its white, single samples as its green', () => {
  // A 9000 K panel at full resolution: each pixel column is one sub-pixel (R, G or B) carrying three times its share.
  // 288 rows give blocks of 6 columns: whole R, G, B triads (real blocks span tens of sub-pixels).
  const W = 576;
  const H = 288;
  const white = illuminantRgb(9000);
  const data = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[(y * W + x) * 3 + (x % 3)] = 3 * white[x % 3]!;
  const frame = { width: W, height: H, data };
  const block = blockWhitePatchColour(frame)!;
  const single = whitePatchColour(frame)!;
  const ratio = (c: readonly number[]): number => c[2]! / c[0]!;
  assert.ok(Math.abs(ratio(block) / ratio(white) - 1) < 0.02, `block estimate B/R ${ratio(block).toFixed(3)} vs the panel's ${ratio(white).toFixed(3)}`);
  assert.ok(single[1]! > 2 * Math.max(single[0]!, single[2]!), `single samples land on the green sub-pixels: ${single.map((v) => v.toFixed(2)).join(', ')}`);
  assert.equal(blockWhitePatchColour({ width: W, height: H, data: new Float32Array(W * H * 3) }), null, 'a black frame has no white');
});
