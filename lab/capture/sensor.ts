// The phone camera after the lens: Bayer RGGB sensor with shot and read noise, then the ISP (white balance,
// demosaicing, colour correction, noise reduction, tone curve, sharpening). Works on linear radiance frames.
import type { Rng } from '../rng.js';
import { linearToSrgb8 } from './color.js';
import type { Rgb } from './color.js';
import { gaussianBlur } from './filters.js';
import { scratchF32 } from './scratch.js';
import { guidedSmooth, type PhoneDenoise } from './isp-denoise.js';

export interface SensorParams {
  /** Scene luminance (linear) the auto exposure maps the metered mean to; ~0.18 is middle grey. */
  readonly exposureTarget: number;
  /** Electrons collected at full scale (white) at this light level: low light -> few electrons -> more noise. */
  readonly fullScaleElectrons: number;
  readonly readNoiseElectrons: number;
  /** Relative channel sensitivities of the raw sensor (blue is least sensitive, so it gets the largest gain). */
  readonly channelSensitivity: Rgb;
  /** Colour crosstalk between the filter channels (fraction of each neighbour channel leaking in). */
  readonly crosstalk: number;
  /** Error of the auto white balance estimate (multiplies the true illuminant, per channel). */
  readonly awbError: Rgb;
  /** Fraction of the light's cast the auto white balance removes (log space); the rest stays in the image. */
  readonly awbAdaptation: number;
  /** Light falloff towards the corners (cos^4 law and lens shading): relative loss at the image corner. */
  readonly vignetting: number;
  /** Strength of luma noise reduction (coring threshold in noise standard deviations). */
  readonly denoise: number;
  /** Unsharp-mask amount and radius of the ISP sharpening. */
  readonly sharpenAmount: number;
  readonly sharpenSigma: number;
  /** S-curve contrast of the tone curve, 0..0.4. */
  readonly contrast: number;
}

export function drawSensorParams(rng: Rng, lightLevel: number): SensorParams {
  // lightLevel ~ 1 for a lit office, 0.15 for a dim room: fewer photons, higher ISO gain, more noise.
  return {
    exposureTarget: rng.uniform(0.15, 0.24),
    fullScaleElectrons: rng.uniform(2500, 9000) * lightLevel,
    readNoiseElectrons: rng.uniform(1.5, 4),
    channelSensitivity: [rng.uniform(0.75, 0.9), 1, rng.uniform(0.5, 0.7)],
    crosstalk: rng.uniform(0.04, 0.12),
    awbError: [rng.normal(1, 0.03), 1, rng.normal(1, 0.04)],
    vignetting: rng.uniform(0.1, 0.4),
    denoise: rng.uniform(0.8, 2.2),
    sharpenAmount: rng.uniform(0.3, 1.1),
    sharpenSigma: rng.uniform(0.8, 1.6),
    contrast: rng.uniform(0.1, 0.3),
    // Drawn last so the earlier draws (and the images of older seeds' other parameters) stay as they were.
    awbAdaptation: rng.uniform(0.65, 1),
  };
}

export interface DevelopedImage {
  readonly width: number;
  readonly height: number;
  /** 8-bit sRGB, 3 channels interleaved. */
  readonly data: Uint8Array;
}

/**
 * The auto exposure's metered scene luminance: centre-weighted mean on a coarse grid. Exported so that
 * lab/glare-truth.ts can develop a counterfactual frame with the exposure of the real one.
 */
export function meteredMean(frame: { width: number; height: number; data: Float32Array }): number {
  const { width: W, height: H } = frame;
  const src = frame.data;
  let acc = 0;
  let wsum = 0;
  const step = Math.max(1, Math.floor(Math.min(W, H) / 120));
  for (let y = step >> 1; y < H; y += step) {
    for (let x = step >> 1; x < W; x += step) {
      const o = (y * W + x) * 3;
      const lum = 0.2126 * src[o]! + 0.7152 * src[o + 1]! + 0.0722 * src[o + 2]!;
      const dx = (x - W / 2) / W;
      const dy = (y - H / 2) / H;
      const w = Math.exp(-(dx * dx + dy * dy) * 6);
      acc += Math.min(lum, 4) * w;
      wsum += w;
    }
  }
  return Math.max(1e-6, acc / wsum);
}

/**
 * Exposes, samples and develops a radiance frame (already blurred by the lens). `illuminant` is the true light colour
 * the white balance tries to remove; `metered` (optional) fixes the exposure metering; `phoneDenoise` (optional,
 * isp-denoise.ts) adds a phone's edge-preserving luma and wider chroma noise reduction before the coring and sharpening.
 */
export function developFrame(frame: { width: number; height: number; data: Float32Array }, illuminant: Rgb, p: SensorParams, rng: Rng, metered?: number, phoneDenoise?: PhoneDenoise | null): DevelopedImage {
  const { width: W, height: H } = frame;
  const src = frame.data;
  const n = W * H;

  // --- auto exposure (`metered` fixes it: a counterfactual frame developed like the real one).
  const mean = metered ?? meteredMean(frame);
  const exposure = p.exposureTarget / mean;

  // --- raw sensor: camera primaries = crosstalk mix of scene RGB times channel sensitivity; Bayer RGGB sampling;
  // Poisson shot noise (Gaussian approximation) and read noise in electrons; 10-bit ADC.
  const sens = p.channelSensitivity;
  const x = p.crosstalk;
  const mix = [
    [1 - 2 * x, x, x],
    [x, 1 - 2 * x, x],
    [x, x, 1 - 2 * x],
  ];
  // White balance gains: the AWB estimate of the illuminant as the camera sees it.
  const illumRaw = [0, 1, 2].map((c) => sens[c]! * (mix[c]![0]! * illuminant[0] + mix[c]![1]! * illuminant[1] + mix[c]![2]! * illuminant[2]) * p.awbError[c]!);
  const gains = illumRaw.map((v) => illumRaw[1]! / v);
  const raw = scratchF32('sensor.raw', n);
  const gauss = gaussianTable(rng);
  let gi = rng.int(0, GAUSS_SIZE - 1);
  const Ne = p.fullScaleElectrons;
  const read = p.readNoiseElectrons;
  const cx = W / 2;
  const cy = H / 2;
  const r2max = cx * cx + cy * cy;
  // Per-channel factors hoisted out of the pixel loop (the loop runs once per photosite, 2-12 million times).
  const vigK = p.vignetting / r2max;
  const read2 = read * read;
  const m0 = mix.map((row, c) => row[0]! * sens[c]! * exposure);
  const m1 = mix.map((row, c) => row[1]! * sens[c]! * exposure);
  const m2 = mix.map((row, c) => row[2]! * sens[c]! * exposure);
  for (let yy = 0; yy < H; yy++) {
    const dy = yy - cy;
    const dy2 = dy * dy;
    const rowOdd = yy & 1;
    const rowBase = yy * W;
    for (let xx = 0; xx < W; xx++) {
      const c = rowOdd === 0 ? ((xx & 1) === 0 ? 0 : 1) : (xx & 1) === 0 ? 1 : 2;
      const o = (rowBase + xx) * 3;
      const dx = xx - cx;
      const vig = 1 - vigK * (dx * dx + dy2);
      let v = (m0[c]! * src[o]! + m1[c]! * src[o + 1]! + m2[c]! * src[o + 2]!) * vig;
      if (v < 0) v = 0;
      const e = v * Ne;
      const noisy = e + Math.sqrt(e + read2) * gauss[gi]!;
      gi = (gi + 7919) & (GAUSS_SIZE - 1);
      // 10-bit ADC: round half up to a code, clamped to 0..1023 (integer truncation of t + 0.5 rounds for t >= 0).
      const t = (noisy / Ne) * 1023;
      const q = t >= 1022.5 ? 1 : t < 0.5 ? 0 : ((t + 0.5) | 0) / 1023;
      raw[rowBase + xx] = q * gains[c]!;
    }
  }

  // --- demosaic (Malvar-He-Cutler), colour correction (undo crosstalk and sensitivity), tone curve and YCbCr in one
  // pass over the rows: each row is demosaiced into three row buffers and converted while they are in cache, instead
  // of writing and re-reading three full-frame colour planes.
  // Scene RGB = inverse(WB gains x sensitivity x crosstalk) applied to the white-balanced raw; the white balance
  // then divides by the AWB's estimate of the illuminant, so a white card comes out grey up to the AWB error.
  const inv = invert3(mix.map((row, c) => row.map((v) => v * sens[c]! * gains[c]!)));
  const est = [0, 1, 2].map((c) => illuminant[c]! * p.awbError[c]!);
  const ccm = inv.map((row, r) => row.map((v) => v / est[r]!));
  // --- colour correction and tone curve to display values (gamma-encoded floats in [0, 1]).
  const Y = scratchF32('sensor.y', n);
  const Cb = scratchF32('sensor.cb', n);
  const Cr = scratchF32('sensor.cr', n);
  const lut = toneLut(p.contrast);
  const toneOf = (l: number): number => (l <= 0 ? 0 : l >= TONE_MAX ? lut[TONE_STEPS]! : lut[(l * (TONE_STEPS / TONE_MAX) + 0.5) | 0]!);
  const [c00, c01, c02] = ccm[0]! as [number, number, number];
  const [c10, c11, c12] = ccm[1]! as [number, number, number];
  const [c20, c21, c22] = ccm[2]! as [number, number, number];
  const R = new Float32Array(W);
  const G = new Float32Array(W);
  const B = new Float32Array(W);
  for (let y = 0; y < H; y++) {
    demosaicRow(raw, W, H, y, R, G, B);
    const rowBase = y * W;
    for (let x = 0; x < W; x++) {
      const r0 = R[x]!;
      const g0 = G[x]!;
      const b0 = B[x]!;
      const r = toneOf(c00 * r0 + c01 * g0 + c02 * b0);
      const g = toneOf(c10 * r0 + c11 * g0 + c12 * b0);
      const b = toneOf(c20 * r0 + c21 * g0 + c22 * b0);
      const yv = 0.299 * r + 0.587 * g + 0.114 * b;
      const i = rowBase + x;
      Y[i] = yv;
      Cb[i] = b - yv;
      Cr[i] = r - yv;
    }
  }

  // --- noise reduction: chroma smoothed strongly; luma cored (small high-pass removed, edges kept).
  const chromaSigma = phoneDenoise ? phoneDenoise.chromaSigma : 1.6;
  gaussianBlur(Cb, W, H, 1, chromaSigma, 1);
  gaussianBlur(Cr, W, H, 1, chromaSigma, 1);
  const sigmaNoise = (Math.sqrt(0.2 * Ne + read * read) / Ne) * 2.2; // rough noise sd in display units at mid tones
  if (phoneDenoise) guidedSmooth(Y, W, H, phoneDenoise.lumaRadius, (phoneDenoise.lumaK * sigmaNoise) ** 2);
  const base = scratchF32('sensor.base', n);
  base.set(Y);
  gaussianBlur(base, W, H, 1, p.sharpenSigma);
  // A phone's weaker coring (isp-denoise.ts) scales the threshold; kept above zero so the soft knee stays finite.
  const tau = phoneDenoise ? Math.max(1e-6, p.denoise * sigmaNoise * phoneDenoise.coringScale) : p.denoise * sigmaNoise;

  // --- sharpening: unsharp mask on luma (its overshoot makes the halos phones are known for); it reuses the
  // noise-reduction base blur, as many ISPs split luma into one base/detail pair for both. Coring, sharpening and
  // the conversion back to RGB share one loop (the cored luma is rounded to float32 as the plane stored it).
  const blurred = base;
  const amt = p.sharpenAmount;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const bv = base[i]!;
    const d = Y[i]! - bv;
    const a = Math.abs(d);
    const cored = Math.fround(bv + (a > tau ? d : d * (a / tau) * (a / tau)));
    const yv = cored + amt * (cored - blurred[i]!);
    const cb = Cb[i]!;
    const cr = Cr[i]!;
    const r = yv + cr;
    const b = yv + cb;
    const g = (yv - 0.299 * r - 0.114 * b) / 0.587;
    out[i * 3] = to8(r);
    out[i * 3 + 1] = to8(g);
    out[i * 3 + 2] = to8(b);
  }
  return { width: W, height: H, data: out };
}

/** Display value to 8 bits (round half up, clamped); the integer truncation of q + 0.5 is Math.round for q >= 0. */
function to8(v: number): number {
  const q = v * 255 + 0.5;
  return q < 1 ? 0 : q >= 255 ? 255 : q | 0;
}

const TONE_MAX = 4;
const TONE_STEPS = 16384;

/** The tone curve tabulated over [0, TONE_MAX] (fine steps: 0.00024 in linear, below one 8-bit step in shadows). */
function toneLut(contrast: number): Float32Array {
  const lut = new Float32Array(TONE_STEPS + 1);
  for (let i = 0; i <= TONE_STEPS; i++) lut[i] = tone((i / TONE_STEPS) * TONE_MAX, contrast);
  return lut;
}

/** Linear -> display: soft highlight shoulder, sRGB encoding, S-curve contrast. */
function tone(l: number, contrast: number): number {
  let x = l;
  if (x > 0.8) x = 0.8 + 0.2 * (1 - Math.exp(-(x - 0.8) / 0.2));
  if (x <= 0) return 0;
  const t = linearToSrgb8(x) / 255;
  return t + contrast * t * (1 - t) * (2 * t - 1);
}

const GAUSS_SIZE = 1 << 16;

/** A table of standard normal draws from the image's rng (drawing per pixel with Box-Muller would dominate the time). */
function gaussianTable(rng: Rng): Float32Array {
  const t = new Float32Array(GAUSS_SIZE);
  for (let i = 0; i < GAUSS_SIZE; i++) t[i] = rng.normal();
  return t;
}

/** Malvar-He-Cutler linear demosaicing of an RGGB mosaic (gradient-corrected bilinear, 5x5 kernels): one row `y`, written to R, G, B (each `W` long). */
export function demosaicRow(raw: Float32Array, W: number, H: number, y: number, R: Float32Array, G: Float32Array, B: Float32Array): void {
  const at = (x: number, yy: number): number => {
    if (x < 0) x = -x;
    else if (x >= W) x = 2 * W - 2 - x;
    if (yy < 0) yy = -yy;
    else if (yy >= H) yy = 2 * H - 2 - yy;
    return raw[yy * W + x]!;
  };
  const interior = y >= 2 && y < H - 2;
  const ey = (y & 1) === 0;
  for (let x = 0; x < W; x++) {
    const i = y * W + x;
    let c: number;
    let n1: number; let n2: number; let s1: number; let s2: number; let e1: number; let e2: number; let w1: number; let w2: number;
    let ne: number; let nw: number; let se: number; let sw: number;
    if (interior && x >= 2 && x < W - 2) {
      c = raw[i]!;
      n1 = raw[i - W]!; n2 = raw[i - 2 * W]!; s1 = raw[i + W]!; s2 = raw[i + 2 * W]!;
      e1 = raw[i + 1]!; e2 = raw[i + 2]!; w1 = raw[i - 1]!; w2 = raw[i - 2]!;
      ne = raw[i - W + 1]!; nw = raw[i - W - 1]!; se = raw[i + W + 1]!; sw = raw[i + W - 1]!;
    } else {
      c = at(x, y);
      n1 = at(x, y - 1); n2 = at(x, y - 2); s1 = at(x, y + 1); s2 = at(x, y + 2);
      e1 = at(x + 1, y); e2 = at(x + 2, y); w1 = at(x - 1, y); w2 = at(x - 2, y);
      ne = at(x + 1, y - 1); nw = at(x - 1, y - 1); se = at(x + 1, y + 1); sw = at(x - 1, y + 1);
    }
    const ex = (x & 1) === 0;
    if (ey === ex) {
      // R site (even row, even column) or B site: G from the cross, the other colour from the diagonals.
      const gAtRb = (4 * c + 2 * (n1 + s1 + e1 + w1) - (n2 + s2 + e2 + w2)) / 8;
      const diag = (6 * c + 2 * (ne + nw + se + sw) - 1.5 * (n2 + s2 + e2 + w2)) / 8;
      G[x] = gAtRb;
      if (ey) {
        R[x] = c;
        B[x] = diag;
      } else {
        B[x] = c;
        R[x] = diag;
      }
    } else {
      // G site: the colour of this row from left/right, the other one from above/below.
      const corners = ne + nw + se + sw;
      const rowAtG = (5 * c + 4 * (e1 + w1) - corners - (e2 + w2) + 0.5 * (n2 + s2)) / 8;
      const colAtG = (5 * c + 4 * (n1 + s1) - corners - (n2 + s2) + 0.5 * (e2 + w2)) / 8;
      G[x] = c;
      if (ey) {
        R[x] = rowAtG;
        B[x] = colAtG;
      } else {
        B[x] = rowAtG;
        R[x] = colAtG;
      }
    }
  }
}

function invert3(m: number[][]): number[][] {
  const [a, b, c] = m[0]!;
  const [d, e, f] = m[1]!;
  const [g, h, i] = m[2]!;
  const A = e! * i! - f! * h!;
  const B = -(d! * i! - f! * g!);
  const C = d! * h! - e! * g!;
  const det = a! * A + b! * B + c! * C;
  return [
    [A / det, -(b! * i! - c! * h!) / det, (b! * f! - c! * e!) / det],
    [B / det, (a! * i! - c! * g!) / det, -(a! * f! - c! * d!) / det],
    [C / det, -(a! * h! - b! * g!) / det, (a! * e! - b! * d!) / det],
  ];
}
