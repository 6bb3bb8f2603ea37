// The fine-tuning's geometric augmentation (warpResize): with no turn and no squeeze it is the plain square crop the
// product's windows get; a turn and a squeeze act about the pivot, which stays where the crop puts it, so the face
// box the training asks for stays on the face.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warpResize } from './finetune-portrait-faces.js';

const SIDE = 256, INPUT = 224;
// A horizontal ramp: the sampled value is the source x (bilinear sampling reproduces a linear ramp exactly).
const ramp = Uint8Array.from({ length: SIDE * SIDE }, (_, i) => i % SIDE);
const at = (v: Float32Array, x: number, y: number): number => v[y * INPUT + x]!;

test('with no turn and no squeeze the warp is the plain square crop', () => {
  const out = warpResize(ramp, SIDE, { x0: 10, y0: 20, s: 128, angle: 0, squeeze: 1, pivot: [70, 90] });
  const k = 128 / INPUT;
  for (const [x, y] of [[0, 0], [50, 100], [223, 223]] as const) assert.ok(Math.abs(at(out, x, y) - (10 + x * k)) < 1e-3, `pixel ${x},${y}`);
});

test('a quarter turn about the pivot keeps the pivot and turns the ramp to run along y', () => {
  const pivot: [number, number] = [128, 128];
  const out = warpResize(ramp, SIDE, { x0: 0, y0: 0, s: SIDE, angle: Math.PI / 2, squeeze: 1, pivot });
  const k = SIDE / INPUT, u = Math.round(128 / k); // the pivot's output pixel (128 / k is 112 exactly)
  assert.ok(Math.abs(at(out, u, u) - 128) < 1e-3);
  // Output (u, u + d) samples pivot + R(90 deg) (0, d k) = (128 - d k, 128).
  assert.ok(Math.abs(at(out, u, u + 20) - (128 - 20 * k)) < 1e-3);
  // Along x it no longer changes.
  assert.ok(Math.abs(at(out, u + 20, u) - 128) < 1e-3);
});

test('a horizontal squeeze narrows what is shown about the pivot', () => {
  const out = warpResize(ramp, SIDE, { x0: 0, y0: 0, s: SIDE, angle: 0, squeeze: 0.5, pivot: [100, 100] });
  const k = SIDE / INPUT, u = 100 / k;
  // 10 output pixels right of the pivot sample 10 k / 0.5 source pixels right of it.
  const x = Math.round(u) + 10, expected = 100 + (x - u) * k / 0.5;
  assert.ok(Math.abs(at(out, x, 50) - expected) < 1e-3, `${at(out, x, 50)} vs ${expected}`);
});
