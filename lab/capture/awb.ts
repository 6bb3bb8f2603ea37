// The camera's auto white balance does not know the lamp: it estimates the illuminant from the frame, and phone AWBs
// lean on the brightest near-white areas (white patch). Under reflected light only, those areas are lit by the room,
// so the estimate is the room light (scene.ts keeps its lamp + ambient estimate for such scenes). A screen in the
// frame is an emitter with its own white (6500-9000 K) and is often the brightest thing in view: the white patch
// then lands on the screen and pulls the white balance towards the screen's white, so the screen reads less blue
// than its white point and the room around it warmer (real screen photos read near neutral, LAB-PHYSICS.md).
import type { Rgb } from './color.js';

/** Share of the frame's samples (by luminance) that count as the white patch. */
const WHITE_PATCH_SHARE = 0.02;

/** Mean linear colour of the brightest samples of a radiance frame on a coarse grid, scaled to luminance 1. */
export function whitePatchColour(frame: { width: number; height: number; data: Float32Array }): Rgb | null {
  const { width: W, height: H, data } = frame;
  const step = Math.max(1, Math.floor(Math.min(W, H) / 160));
  const lums: number[] = [];
  for (let y = step >> 1; y < H; y += step) {
    for (let x = step >> 1; x < W; x += step) {
      const o = (y * W + x) * 3;
      lums.push(0.2126 * data[o]! + 0.7152 * data[o + 1]! + 0.0722 * data[o + 2]!);
    }
  }
  if (lums.length === 0) return null;
  const sorted = Float64Array.from(lums).sort();
  const threshold = sorted[Math.max(0, Math.floor(sorted.length * (1 - WHITE_PATCH_SHARE)) - 1)]!;
  if (!(threshold > 0)) return null;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let y = step >> 1; y < H; y += step) {
    for (let x = step >> 1; x < W; x += step) {
      const o = (y * W + x) * 3;
      const l = 0.2126 * data[o]! + 0.7152 * data[o + 1]! + 0.0722 * data[o + 2]!;
      if (l < threshold) continue;
      r += data[o]!;
      g += data[o + 1]!;
      b += data[o + 2]!;
    }
  }
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0 ? [r / lum, g / lum, b / lum] : null;
}

/**
 * The AWB's illuminant estimate with an emitter in view: the room estimate blended with the frame's white patch
 * (`whitePatchWeight` in [0, 1], how much this phone's AWB trusts the brightest areas). Luminance 1.
 */
export function awbWithEmitter(room: Rgb, whitePatch: Rgb | null, whitePatchWeight: number): Rgb {
  if (!whitePatch) return room;
  const a = Math.min(1, Math.max(0, whitePatchWeight));
  const mix = [0, 1, 2].map((c) => (1 - a) * room[c]! + a * whitePatch[c]!) as Rgb;
  const lum = 0.2126 * mix[0] + 0.7152 * mix[1] + 0.0722 * mix[2];
  return [mix[0] / lum, mix[1] / lum, mix[2] / lum];
}
