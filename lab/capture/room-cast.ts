// Colour casts of real room photos (opt-in, `CaptureOptions.roomCast`; branch pc6). Real grey photocopies
// photographed in rooms (DLC-2021) keep casts far stronger and more varied than the lab's partial white balance
// leaves: their white reads a* -3.6..+11.9, b* -16..+10 (p10..p90) against the lab's -1..+2 and -4..+7, and the cast
// varies across the document (cell-to-cell a*b* distance p50 3.1 vs 1.6). What the phone and the room do:
// - the AWB estimate is pulled towards the frame's mean colour (grey world): a green bag or an orange table around
//   the document pushes the complementary cast onto it;
// - the estimate misses the light along the daylight locus (too warm / too cool) and across it (LEDs and
//   fluorescents are greenish or pinkish; phones leave a magenta tint more often than a green one);
// - the phone removes less of the cast than the default lab draw (adaptation 0.3-1 instead of 0.65-1);
// - a second, off-locus lamp close to the document (a pink or greenish LED, a screen's glow) lights one side;
// - the phone's lens-shading correction leaves a colour residual: one side or the corners tinted by a few per cent.
// Drawn from the lighting stream after the lighting itself, so every other draw of a seed is unchanged.
import type { Rng } from '../rng.js';
import { illuminantRgb, unitLuminance, type Rgb } from './color.js';
import type { Vec3 } from './geometry.js';
import { coarseSampleOffsets, meanColourOf, type RadianceFrame } from './awb.js';
import type { Lighting, PointLight } from './render.js';

/** `npm run lab -- generate --room-light`: the default lab light, or real rooms' casts. */
export const ROOM_LIGHTS = ['default', 'cast'] as const;
export type RoomLight = (typeof ROOM_LIGHTS)[number];

export interface RoomCast {
  /** Share (log space) of the AWB estimate taken from the frame's mean colour instead of the room light. */
  readonly greyWorldWeight: number;
  /**
   * The estimate's error along the daylight locus: it is multiplied by the Planckian colour of this CCT (relative to
   * D65; the 6500 K Planckian colour is itself ~4 % short of green against D65, which the tint's +0.04 mean offsets).
   */
  readonly estimateCctK: number;
  /** The estimate's error across the locus: log green gain (> 0 estimate too green -> image magenta). */
  readonly estimateTint: number;
  /** Fraction of the (mis)estimated cast the phone removes. */
  readonly adaptation: number;
  /** Off-locus lamp beside the document, or null. */
  readonly localLamp: { readonly cctK: number; readonly tint: number; readonly relative: number; readonly offsetMm: number; readonly heightMm: number; readonly azimuthDeg: number } | null;
  /** Residual colour shading: red and blue gains relative to green, linear across the frame along `angleDeg` (end to end) and radial (centre to corner). */
  readonly shading: { readonly redLinear: number; readonly blueLinear: number; readonly redRadial: number; readonly blueRadial: number; readonly angleDeg: number };
}

export function drawRoomCast(rng: Rng): RoomCast {
  const greyWorldWeight = rng.uniform(0, 0.5);
  const estimateCctK = 6500 * Math.exp(rng.normal(-0.12, 0.3));
  // Skewed towards magenta: phones correct green (fluorescent) casts harder than pink ones.
  const estimateTint = rng.normal(0.04, 0.08);
  const adaptation = rng.uniform(0.3, 1);
  const localLamp = rng.bool(0.5)
    ? {
        cctK: rng.uniform(2700, 7500),
        tint: rng.bool(0.6) ? -rng.uniform(0.05, 0.3) : rng.uniform(0.03, 0.15),
        relative: rng.uniform(0.2, 1),
        offsetMm: rng.uniform(60, 300),
        heightMm: rng.uniform(40, 250),
        azimuthDeg: rng.uniform(0, 360),
      }
    : null;
  const shading = { redLinear: rng.normal(0, 0.04), blueLinear: rng.normal(0, 0.05), redRadial: rng.normal(0, 0.03), blueRadial: rng.normal(0, 0.04), angleDeg: rng.uniform(0, 360) };
  return { greyWorldWeight, estimateCctK, estimateTint, adaptation, localLamp, shading };
}

/** Multiplies a linear radiance frame (RGB interleaved) by the residual colour shading, in place. */
export function applyColourShading(frame: { width: number; height: number; data: Float32Array }, cast: RoomCast): void {
  const { width: W, height: H, data } = frame;
  const s = cast.shading;
  const dx = Math.cos((s.angleDeg * Math.PI) / 180);
  const dy = Math.sin((s.angleDeg * Math.PI) / 180);
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  const half = Math.max(1, Math.abs(dx) * cx + Math.abs(dy) * cy);
  const r2max = Math.max(1, cx * cx + cy * cy);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const along = ((x - cx) * dx + (y - cy) * dy) / half / 2; // -0.5 .. 0.5 end to end
      const radial = ((x - cx) ** 2 + (y - cy) ** 2) / r2max; // 0 centre .. 1 corner
      const o = (y * W + x) * 3;
      data[o] = data[o]! * Math.max(0.5, 1 + s.redLinear * along + s.redRadial * radial);
      data[o + 2] = data[o + 2]! * Math.max(0.5, 1 + s.blueLinear * along + s.blueRadial * radial);
    }
  }
}

/** A light's colour off the daylight locus: green scaled by e^tint, luminance 1. */
export function tintedIlluminant(cctK: number, tint: number): Rgb {
  const c = illuminantRgb(cctK);
  return unitLuminance([c[0], c[1] * Math.exp(tint), c[2]]);
}

/** The room's lighting with the cast's local lamp added (same lighting when there is none). */
export function withLocalLamp(lighting: Lighting, cast: RoomCast, center: Vec3): Lighting {
  const lamp = cast.localLamp;
  if (!lamp) return lighting;
  const az = (lamp.azimuthDeg * Math.PI) / 180;
  const position: Vec3 = [center[0] + Math.cos(az) * lamp.offsetMm, center[1] + Math.sin(az) * lamp.offsetMm, center[2] + lamp.heightMm];
  const dist2 = lamp.offsetMm ** 2 + lamp.heightMm ** 2;
  const cos = lamp.heightMm / Math.sqrt(dist2);
  // Relative to the key light's ~1 irradiance at the subject's centre (lighting.ts); a near lamp falls off across it.
  const strength = (lamp.relative * dist2) / 1e6 / Math.max(0.2, cos);
  const colour = tintedIlluminant(lamp.cctK, lamp.tint);
  const light: PointLight = { position, color: [colour[0] * strength, colour[1] * strength, colour[2] * strength], radiusMm: 40 };
  return { ...lighting, lights: [...lighting.lights, light] };
}

/** Mean linear colour of a radiance frame on a coarse grid, luminance 1 (the grey-world estimate), or null. */
export function frameMeanColour(frame: RadianceFrame): Rgb | null {
  return meanColourOf(frame.data, coarseSampleOffsets(frame, 120));
}

/**
 * The AWB's illuminant estimate under the cast: the room light blended (log space) with the frame's mean colour,
 * then off by the drawn locus and tint errors. Luminance 1; `partialWhiteBalance(estimate, cast.adaptation)` then
 * removes part of it.
 */
export function castEstimate(room: Rgb, frameMean: Rgb | null, cast: RoomCast): Rgb {
  const w = frameMean ? cast.greyWorldWeight : 0;
  const locus = illuminantRgb(cast.estimateCctK);
  const tint = [1, Math.exp(cast.estimateTint), 1] as const;
  return unitLuminance([0, 1, 2].map((c) => greyWorldChannel(room[c]!, frameMean?.[c] ?? 1, w) * locus[c]! * tint[c]!) as unknown as Rgb);
}

/** One channel of an estimate blended in log space with the frame's mean colour, weight `w` in [0, 1]. */
function greyWorldChannel(estimate: number, frameMean: number, w: number): number {
  return Math.exp((1 - w) * Math.log(Math.max(1e-6, estimate)) + w * Math.log(Math.max(1e-6, frameMean)));
}

/**
 * The grey-world pull alone: `estimate` blended (log space) with the frame's mean colour, weight `w` clamped to
 * [0, 1]; luminance 1. A screen filling the frame (`--screen-awb frame`) pulls a phone's AWB this way.
 */
export function greyWorldPull(estimate: Rgb, frameMean: Rgb | null, w: number): Rgb {
  if (!frameMean) return estimate;
  const a = Math.min(1, Math.max(0, w));
  return unitLuminance([0, 1, 2].map((c) => greyWorldChannel(estimate[c]!, frameMean[c]!, a)) as unknown as Rgb);
}
