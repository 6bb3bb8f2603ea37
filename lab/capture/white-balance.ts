// What the phone's auto white balance takes the light to be. Phones do not remove a cast entirely: under warm
// tungsten light they keep part of the warmth on purpose (the "ambience" the user saw), and under mixed or dim
// light their estimate is partial. So a grey sheet comes out tinted by the room light, as in real photos of grey
// photocopies (DLC-2021: paper white chroma ~19 grey levels), instead of perfectly neutral.
import type { Rgb } from './color.js';

/**
 * The AWB's estimate of a light of colour `light` (linear RGB, D65 = [1, 1, 1]) when it corrects a fraction
 * `adaptation` (0 = leaves the cast, 1 = removes it) of the cast in log space: light^adaptation, luminance 1.
 */
export function partialWhiteBalance(light: Rgb, adaptation: number): Rgb {
  const a = Math.min(1, Math.max(0, adaptation));
  const est = light.map((v) => Math.max(1e-6, v) ** a) as Rgb;
  const lum = 0.2126 * est[0] + 0.7152 * est[1] + 0.0722 * est[2];
  return [est[0] / lum, est[1] / lum, est[2] / lum];
}
