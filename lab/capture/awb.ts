// The camera's auto white balance does not know the lamp: it estimates the illuminant from the frame, and phone AWBs
// lean on the brightest near-white areas (white patch). Under reflected light only, those areas are lit by the room,
// so the estimate is the room light (scene.ts keeps its lamp + ambient estimate for such scenes). A screen in the
// frame is an emitter with its own white (6500-9000 K) and is often the brightest thing in view: the white patch
// then lands on the screen and pulls the white balance towards the screen's white, so the screen reads less blue
// than its white point and the room around it warmer (real screen photos read near neutral, LAB-PHYSICS.md).
// Phones then do not remove the estimated cast entirely: under warm tungsten light they keep part of the warmth on
// purpose (the "ambience" the user saw), and under mixed or dim light their estimate is partial. So a grey sheet
// comes out tinted by the room light, as in real photos of grey photocopies (DLC-2021: paper white chroma ~19 grey
// levels), instead of perfectly neutral.
import { luminance, unitLuminance, type Rgb } from './color.js';

/** Share of the frame's samples (by luminance) that count as the white patch. */
const WHITE_PATCH_SHARE = 0.02;

/** A radiance frame: linear RGB, interleaved. */
export interface RadianceFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * Offsets (into `data`) of a coarse grid over the frame, about `across` samples along its shorter side, in raster
 * order: the samples the white-balance estimates read instead of every pixel.
 */
export function coarseSampleOffsets(frame: RadianceFrame, across: number): number[] {
  const { width: W, height: H } = frame;
  const step = Math.max(1, Math.floor(Math.min(W, H) / across));
  const offsets: number[] = [];
  for (let y = step >> 1; y < H; y += step) for (let x = step >> 1; x < W; x += step) offsets.push((y * W + x) * 3);
  return offsets;
}

/** Mean linear colour of the samples at `offsets` whose luminance reaches `minLuminance`, scaled to luminance 1, or null. */
export function meanColourOf(data: Float32Array, offsets: readonly number[], minLuminance = Number.NEGATIVE_INFINITY): Rgb | null {
  let r = 0;
  let g = 0;
  let b = 0;
  for (const o of offsets) {
    if (luminance(data[o]!, data[o + 1]!, data[o + 2]!) < minLuminance) continue;
    r += data[o]!;
    g += data[o + 1]!;
    b += data[o + 2]!;
  }
  return luminance(r, g, b) > 0 ? unitLuminance([r, g, b]) : null;
}

/** Mean linear colour of the brightest samples of a radiance frame on a coarse grid, scaled to luminance 1. */
export function whitePatchColour(frame: RadianceFrame): Rgb | null {
  const offsets = coarseSampleOffsets(frame, 160);
  if (offsets.length === 0) return null;
  const { data } = frame;
  const sorted = Float64Array.from(offsets, (o) => luminance(data[o]!, data[o + 1]!, data[o + 2]!)).sort();
  const threshold = sorted[Math.max(0, Math.floor(sorted.length * (1 - WHITE_PATCH_SHARE)) - 1)]!;
  if (!(threshold > 0)) return null;
  return meanColourOf(data, offsets, threshold);
}

/**
 * The AWB's illuminant estimate with an emitter in view: the room estimate blended with the frame's white patch
 * (`whitePatchWeight` in [0, 1], how much this phone's AWB trusts the brightest areas). Luminance 1.
 */
export function awbWithEmitter(room: Rgb, whitePatch: Rgb | null, whitePatchWeight: number): Rgb {
  if (!whitePatch) return room;
  const a = Math.min(1, Math.max(0, whitePatchWeight));
  return unitLuminance([0, 1, 2].map((c) => (1 - a) * room[c]! + a * whitePatch[c]!) as Rgb);
}

/**
 * The AWB's estimate of a light of colour `light` (linear RGB, D65 = [1, 1, 1]) when it corrects a fraction
 * `adaptation` (0 = leaves the cast, 1 = removes it) of the cast in log space: light^adaptation, luminance 1.
 */
export function partialWhiteBalance(light: Rgb, adaptation: number): Rgb {
  const a = Math.min(1, Math.max(0, adaptation));
  return unitLuminance(light.map((v) => Math.max(1e-6, v) ** a) as Rgb);
}

/** Blocks along the frame's shorter side for the camera-like AWB statistics (phone ISPs grid the frame in tiles). */
const AWB_BLOCKS_ACROSS = 48;
/** Share of the blocks (by luminance) that count as the white patch in block statistics. */
const BLOCK_WHITE_SHARE = 0.05;

/**
 * The white patch as a camera's AWB statistics see it: the mean colour of the brightest 5 % of block averages
 * (about 48 blocks along the shorter side), luminance 1, or null. Unlike `whitePatchColour`, which reads single
 * samples, a block averages a screen's sub-pixels into its white instead of landing on its green sub-pixels.
 */
export function blockWhitePatchColour(frame: RadianceFrame): Rgb | null {
  const { width: W, height: H, data } = frame;
  const step = Math.max(1, Math.floor(Math.min(W, H) / AWB_BLOCKS_ACROSS));
  const blocks: { l: number; rgb: Rgb }[] = [];
  for (let by = 0; by + step <= H; by += step) {
    for (let bx = 0; bx + step <= W; bx += step) {
      let r = 0, g = 0, b = 0;
      for (let y = by; y < by + step; y++) {
        for (let x = bx, o = (y * W + bx) * 3; x < bx + step; x++, o += 3) {
          r += data[o]!;
          g += data[o + 1]!;
          b += data[o + 2]!;
        }
      }
      blocks.push({ l: luminance(r, g, b), rgb: [r, g, b] });
    }
  }
  if (blocks.length === 0) return null;
  blocks.sort((p, q) => q.l - p.l);
  const top = blocks.slice(0, Math.max(1, Math.round(blocks.length * BLOCK_WHITE_SHARE)));
  const sum: Rgb = [top.reduce((s, k) => s + k.rgb[0], 0), top.reduce((s, k) => s + k.rgb[1], 0), top.reduce((s, k) => s + k.rgb[2], 0)];
  return luminance(sum[0], sum[1], sum[2]) > 0 ? unitLuminance(sum) : null;
}
