import { test } from 'node:test';
import assert from 'node:assert/strict';
import { illuminantRgb } from './color.js';
import { awbWithEmitter, whitePatchColour } from './awb.js';

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
