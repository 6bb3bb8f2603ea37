// A phone ISP's spatial noise reduction (opt-in, `CaptureOptions.ispDenoise: 'phone'`; branch pc8). The default lab
// ISP only cores the luma detail a little, so every lab frame keeps visible sensor grain. Real phone photos of grey
// copies (DLC-2021 tuning part) often show none: the printed-copy detector's residual luma noise on full-resolution
// patches (`dither.luma_sigma`, median |diagonal Haar| x 1.48) reads p10 / p25 / p50 0.035 / 0.039 / 0.74 grey levels
// there against 0.08 / 0.65 / 0.76 on lab rows: over a quarter of the real frames are smoothed flat, as phones do
// (edge-preserving luma NR, strong chroma NR, then sharpening and JPEG, which zeroes what little grain is left).
// Model: a self-guided edge-preserving filter (He et al., guided filter with the image as its own guide) on luma,
// flattening texture whose local variance is below (k x noise sd)^2 and keeping edges above it; a wider chroma blur.
// Strength is drawn per capture from the sensor's stream (after its own draws), so no other draw of a seed moves.
import type { Rng } from '../rng.js';
import { scratchF32 } from './scratch.js';

/** `npm run lab -- generate --isp-denoise`: the default lab ISP, or a phone's spatial noise reduction. */
export const ISP_DENOISE_MODES = ['default', 'phone'] as const;
export type IspDenoiseMode = (typeof ISP_DENOISE_MODES)[number];

export interface PhoneDenoise {
  /** Edge threshold of the luma filter in noise standard deviations (0 = luma untouched). */
  readonly lumaK: number;
  /** Radius in pixels of the luma filter's box windows. */
  readonly lumaRadius: number;
  /** Gaussian sigma of the chroma blur in pixels (the default ISP uses 1.6). */
  readonly chromaSigma: number;
  /** Factor on the default ISP's luma coring threshold (1 = as drawn by the sensor, 0 = no coring). */
  readonly coringScale: number;
  /** Which of the drawn regimes this capture got (recorded in the sidecar). */
  readonly level: 'strong' | 'moderate' | 'light';
}

/**
 * Draws the strength. Shares chosen to match the real tuning frames' spread of `dither.luma_sigma`: ~40 % nearly
 * grain-free (strong), ~35 % as the default lab ISP (moderate), a quarter grainier (light: weaker coring).
 */
export function drawPhoneDenoise(rng: Rng): PhoneDenoise {
  const level = rng.weighted([['strong', 0.4], ['moderate', 0.35], ['light', 0.25]] as const);
  if (level === 'strong') return { level, lumaK: rng.uniform(4, 10), lumaRadius: rng.int(2, 4), chromaSigma: rng.uniform(4, 6), coringScale: 1 };
  if (level === 'moderate') return { level, lumaK: rng.uniform(0.5, 1.5), lumaRadius: rng.int(1, 2), chromaSigma: rng.uniform(3, 5), coringScale: 1 };
  // Light: luma left to a weaker coring than the default ISP's (the real frames' noisiest quarter is grainier than
  // any default lab frame); chroma still smoothed, as every real frame's is.
  return { level, lumaK: 0, lumaRadius: 1, chromaSigma: rng.uniform(3, 4), coringScale: rng.uniform(0, 0.5) };
}

/**
 * Self-guided filter in place on a single-channel plane: q = mean(a) * I + mean(b) with a = var / (var + eps),
 * b = (1 - a) * mean, over (2r+1)^2 boxes. Flat areas (var << eps) go to their local mean, edges (var >> eps) stay.
 */
export function guidedSmooth(plane: Float32Array, width: number, height: number, radius: number, eps: number): void {
  if (!(eps > 0) || radius < 1) return;
  const n = width * height;
  const mean = scratchF32('isp-denoise.mean', n);
  const sq = scratchF32('isp-denoise.sq', n);
  for (let i = 0; i < n; i++) {
    const v = plane[i]!;
    mean[i] = v;
    sq[i] = v * v;
  }
  boxMean(mean, width, height, radius);
  boxMean(sq, width, height, radius);
  // Reuse the two planes for a and b.
  for (let i = 0; i < n; i++) {
    const m = mean[i]!;
    const variance = Math.max(0, sq[i]! - m * m);
    const a = variance / (variance + eps);
    mean[i] = (1 - a) * m;
    sq[i] = a;
  }
  boxMean(mean, width, height, radius);
  boxMean(sq, width, height, radius);
  for (let i = 0; i < n; i++) plane[i] = sq[i]! * plane[i]! + mean[i]!;
}

/** Mean over a (2r+1)^2 box in place, the window clamped at the borders (running sums along rows, then columns). */
export function boxMean(data: Float32Array, width: number, height: number, r: number): void {
  const line = new Float64Array(Math.max(width, height));
  for (let y = 0; y < height; y++) {
    const base = y * width;
    for (let x = 0; x < width; x++) line[x] = data[base + x]!;
    runningMean(line, width, r, (x, v) => { data[base + x] = v; });
  }
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) line[y] = data[y * width + x]!;
    runningMean(line, height, r, (y, v) => { data[y * width + x] = v; });
  }
}

function runningMean(line: Float64Array, length: number, r: number, put: (i: number, v: number) => void): void {
  let sum = 0;
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < length; i++) {
    const want = Math.min(length - 1, i + r);
    while (hi < want) sum += line[++hi]!;
    const from = Math.max(0, i - r);
    while (lo < from) sum -= line[lo++]!;
    put(i, sum / (hi - lo + 1));
  }
}
