// Sensor-noise features. A camera capture carries shot + read noise everywhere; a screenshot has none, and a
// region pasted from another source (digital portrait substitution, splicing) keeps the noise level of its origin.
// Noise is measured on the finest diagonal wavelet detail, where image content is weakest.
import type { Plane } from './planes.js';
import { selectKthPlain } from '../quality/order-statistic.js';

// Median absolute value of N(0, sigma^2) is 0.6745 sigma.
const MAD_TO_SIGMA = 1 / 0.6744897501960817;

/** Median of 9 values by Paeth's 19-exchange network (no branches on data layout, no allocation). */
function median9(p0: number, p1: number, p2: number, p3: number, p4: number, p5: number, p6: number, p7: number, p8: number): number {
  let t: number;
  if (p1 > p2) { t = p1; p1 = p2; p2 = t; }
  if (p4 > p5) { t = p4; p4 = p5; p5 = t; }
  if (p7 > p8) { t = p7; p7 = p8; p8 = t; }
  if (p0 > p1) { t = p0; p0 = p1; p1 = t; }
  if (p3 > p4) { t = p3; p3 = p4; p4 = t; }
  if (p6 > p7) { t = p6; p6 = p7; p7 = t; }
  if (p1 > p2) { t = p1; p1 = p2; p2 = t; }
  if (p4 > p5) { t = p4; p4 = p5; p5 = t; }
  if (p7 > p8) { t = p7; p7 = p8; p8 = t; }
  if (p0 > p3) { p3 = p0; }
  if (p5 > p8) { p5 = p8; }
  if (p4 > p7) { t = p4; p4 = p7; p7 = t; }
  if (p3 > p6) { p6 = p3; }
  if (p1 > p4) { p4 = p1; }
  if (p2 > p5) { p2 = p5; }
  if (p4 > p7) { p4 = p7; }
  if (p4 > p2) { t = p4; p4 = p2; p2 = t; }
  if (p6 > p4) { p4 = p6; }
  if (p4 > p2) { p4 = p2; }
  return p4;
}

/**
 * High-pass residual: the plane minus its 3x3 median. Edges survive a median, so what remains is mostly noise,
 * halftone / sub-pixel texture and compression ringing -- the input of residual-domain spectra and CNNs.
 * The one-pixel border is 0.
 */
export function medianResidual(plane: Plane): Plane {
  const { width: w, height: h, data } = plane;
  const out = new Float32Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const a = i - w;
      const c = i + w;
      out[i] = data[i]! - median9(data[a - 1]!, data[a]!, data[a + 1]!, data[i - 1]!, data[i]!, data[i + 1]!, data[c - 1]!, data[c]!, data[c + 1]!);
    }
  }
  return { width: w, height: h, data: out };
}

/** |HH| of the Haar transform of the 2x2 block at (x, y): (a - b - c + d) / 2 has variance sigma^2 for white noise. */
function haarDiagonal(data: Float32Array, w: number, x: number, y: number): number {
  const i = y * w + x;
  return Math.abs(data[i]! - data[i + 1]! - data[i + w]! + data[i + w + 1]!) * 0.5;
}

/**
 * Global noise standard deviation (grey levels) by the robust median-absolute-deviation of the diagonal Haar detail
 * (Donoho's estimator). Flat or smoothly shaded content does not bias it; edges and texture are outvoted by the
 * median as long as they cover less than about half of the plane.
 */
export function noiseSigma(plane: Plane): number {
  const { width: w, height: h, data } = plane;
  if (w < 2 || h < 2) throw new RangeError(`noise estimation needs at least 2x2 pixels, got ${w}x${h}`);
  // Histogram median (bins of 1/32 grey level up to 128) instead of sorting ~w*h/4 values.
  const binsPerLevel = 32;
  const bins = 128 * binsPerLevel;
  const hist = new Uint32Array(bins + 1);
  let n = 0;
  for (let y = 0; y + 1 < h; y += 2) {
    for (let x = 0; x + 1 < w; x += 2) {
      const b = Math.min(bins, Math.floor(haarDiagonal(data, w, x, y) * binsPerLevel));
      hist[b]!++;
      n++;
    }
  }
  const half = n / 2;
  let cum = 0;
  for (let b = 0; b <= bins; b++) {
    const c = hist[b]!;
    if (cum + c >= half) {
      const frac = c > 0 ? (half - cum) / c : 0;
      return ((b + frac) / binsPerLevel) * MAD_TO_SIGMA;
    }
    cum += c;
  }
  return (bins / binsPerLevel) * MAD_TO_SIGMA;
}

export interface BlockMap {
  /** Side of each square block in pixels. */
  readonly blockSize: number;
  readonly cols: number;
  readonly rows: number;
  /** One value per block, row-major. */
  readonly values: Float32Array;
}

/** Noise sigma of every blockSize x blockSize block (same estimator as noiseSigma); partial edge blocks are skipped. */
export function noiseLevelMap(plane: Plane, blockSize = 32): BlockMap {
  if (!Number.isInteger(blockSize) || blockSize < 8 || blockSize % 2 !== 0) {
    throw new RangeError(`noise block size must be an even integer >= 8, got ${blockSize}`);
  }
  const { width: w, height: h, data } = plane;
  const cols = Math.floor(w / blockSize);
  const rows = Math.floor(h / blockSize);
  if (cols < 1 || rows < 1) throw new RangeError(`plane ${w}x${h} is smaller than one ${blockSize}x${blockSize} noise block`);
  const values = new Float32Array(cols * rows);
  const coeffs = new Float32Array((blockSize * blockSize) / 4);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let k = 0;
      const x0 = bx * blockSize;
      const y0 = by * blockSize;
      for (let y = y0; y < y0 + blockSize; y += 2) {
        for (let x = x0; x < x0 + blockSize; x += 2) coeffs[k++] = haarDiagonal(data, w, x, y);
      }
      // The two middle order statistics, as a full sort would place them (selection instead of a sort per block;
      // every block fills coeffs, k === coeffs.length).
      const upper = selectKthPlain(coeffs, k >> 1);
      const m = 0.5 * (largestBelow(coeffs, k >> 1) + upper);
      values[by * cols + bx] = m * MAD_TO_SIGMA;
    }
  }
  return { blockSize, cols, rows, values };
}

/** The largest of values[0..k) (after selectKthPlain(values, k): the element a full sort puts at k - 1). */
function largestBelow(values: Float32Array, k: number): number {
  let max = values[0]!;
  for (let i = 1; i < k; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

export interface NoiseInconsistency {
  /** Robust z-score of log(sigma) per block against all blocks (same layout as the input map). */
  readonly z: Float32Array;
  /** Largest |z|. */
  readonly maxAbsZ: number;
  /** Share of blocks with |z| > 3. */
  readonly outlierFraction: number;
  /** sigma at the 90th over the 10th percentile of blocks: 1 for uniform noise, large for mixed sources. */
  readonly spread: number;
}

/**
 * How much the local noise level disagrees across the image. log(sigma) makes the score independent of the
 * overall noise level (ISO, exposure); sigma is floored so that noise-free (synthetic, screenshot) blocks compare
 * as "very low" rather than minus infinity. The scale has a floor of 0.1 in log units (10 %): the sampling error
 * of a 32x32 block's MAD estimate is about 7 %.
 */
export function noiseInconsistency(map: BlockMap, sigmaFloor = 0.25): NoiseInconsistency {
  const n = map.values.length;
  const logs = new Float32Array(n);
  for (let i = 0; i < n; i++) logs[i] = Math.log(Math.max(sigmaFloor, map.values[i]!));
  const sorted = logs.slice().sort();
  const med = medianSorted(sorted);
  const dev = new Float32Array(n);
  for (let i = 0; i < n; i++) dev[i] = Math.abs(logs[i]! - med);
  const scale = Math.max(0.1, 1.4826 * medianSorted(dev.sort()));
  const z = new Float32Array(n);
  let maxAbsZ = 0;
  let outliers = 0;
  for (let i = 0; i < n; i++) {
    const v = (logs[i]! - med) / scale;
    z[i] = v;
    const a = Math.abs(v);
    if (a > maxAbsZ) maxAbsZ = a;
    if (a > 3) outliers++;
  }
  const p10 = sorted[Math.floor(0.1 * (n - 1))]!;
  const p90 = sorted[Math.ceil(0.9 * (n - 1))]!;
  return { z, maxAbsZ, outlierFraction: outliers / n, spread: Math.exp(p90 - p10) };
}

function medianSorted(sorted: Float32Array): number {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) >> 1]! : 0.5 * (sorted[n / 2 - 1]! + sorted[n / 2]!);
}
