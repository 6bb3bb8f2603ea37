// Texture features. Paper fibre, laminate, halftone and sensor noise each leave their own micro-texture; a
// screenshot has pixel-perfect flat areas with no noise at all; blur and sharpening change gradient energy.
// LBP histograms are the colour-texture descriptor of the published document-recapture baselines (DESIGN.md).
import type { Plane } from './planes.js';

// riu2 code (number of 1s for uniform patterns, 9 for the rest) of each of the 256 8-bit LBP codes.
const RIU2 = (() => {
  const t = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    let transitions = 0;
    let ones = 0;
    for (let k = 0; k < 8; k++) {
      const a = (code >> k) & 1;
      const b = (code >> ((k + 1) % 8)) & 1;
      if (a !== b) transitions++;
      ones += a;
    }
    t[code] = transitions <= 2 ? ones : 9;
  }
  return t;
})();

/**
 * Rotation-invariant uniform LBP (P = 8, R = 1, square neighbourhood, Ojala et al. 2002): 10 bins -- bins 0..8 are
 * uniform patterns by their number of neighbours >= the centre (0 = spot, 4 = edge, 8 = flat or dip), bin 9 all
 * non-uniform patterns. Normalised to sum 1, over every step-th pixel.
 */
export function lbpHistogram(plane: Plane, step = 1): Float32Array {
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`LBP step must be a positive integer, got ${step}`);
  const { width: w, height: h, data } = plane;
  if (w < 3 || h < 3) throw new RangeError(`LBP needs at least 3x3 pixels, got ${w}x${h}`);
  const counts = new Float64Array(10);
  let n = 0;
  for (let y = 1; y < h - 1; y += step) {
    for (let x = 1; x < w - 1; x += step) {
      const i = y * w + x;
      const c = data[i]!;
      // Neighbours in circular order starting east, so that rotating the image rotates the bit string.
      const code =
        (data[i + 1]! >= c ? 1 : 0) |
        (data[i - w + 1]! >= c ? 2 : 0) |
        (data[i - w]! >= c ? 4 : 0) |
        (data[i - w - 1]! >= c ? 8 : 0) |
        (data[i - 1]! >= c ? 16 : 0) |
        (data[i + w - 1]! >= c ? 32 : 0) |
        (data[i + w]! >= c ? 64 : 0) |
        (data[i + w + 1]! >= c ? 128 : 0);
      counts[RIU2[code]!]!++;
      n++;
    }
  }
  const out = new Float32Array(10);
  for (let k = 0; k < 10; k++) out[k] = counts[k]! / n;
  return out;
}

export interface Sharpness {
  /** Mean squared Sobel gradient magnitude (Tenengrad). */
  readonly tenengrad: number;
  /** Variance of the 4-neighbour Laplacian (Pech-Pacheco): falls quickly with defocus or motion blur. */
  readonly laplacianVariance: number;
  /** Mean Sobel gradient magnitude, in grey levels per pixel (Sobel normalised by 1/8). */
  readonly meanGradient: number;
}

/** Gradient-energy measures of focus and sharpening, over every step-th pixel. */
export function sharpness(plane: Plane, step = 1): Sharpness {
  const { width: w, height: h, data } = plane;
  if (w < 3 || h < 3) throw new RangeError(`sharpness needs at least 3x3 pixels, got ${w}x${h}`);
  let ten = 0;
  let grad = 0;
  let lap = 0;
  let lap2 = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y += step) {
    for (let x = 1; x < w - 1; x += step) {
      const i = y * w + x;
      const a = data[i - w - 1]!;
      const b = data[i - w]!;
      const c = data[i - w + 1]!;
      const d = data[i - 1]!;
      const e = data[i]!;
      const f = data[i + 1]!;
      const g = data[i + w - 1]!;
      const k = data[i + w]!;
      const l = data[i + w + 1]!;
      const gx = (c + 2 * f + l - a - 2 * d - g) / 8;
      const gy = (g + 2 * k + l - a - 2 * b - c) / 8;
      const m2 = gx * gx + gy * gy;
      ten += m2;
      grad += Math.sqrt(m2);
      const L = b + d + f + k - 4 * e;
      lap += L;
      lap2 += L * L;
      n++;
    }
  }
  const meanLap = lap / n;
  return { tenengrad: ten / n, laplacianVariance: lap2 / n - meanLap * meanLap, meanGradient: grad / n };
}

/**
 * Variance of the 4-neighbour Laplacian over the interior pixels: sharpness()'s laplacianVariance (same sums in the
 * same order) without its Sobel gradient and square root per pixel, for callers that read only this measure
 * (xenops-ps's window statistics).
 */
export function laplacianVariance(plane: Plane): number {
  const { width: w, height: h, data } = plane;
  if (w < 3 || h < 3) throw new RangeError(`laplacian variance needs at least 3x3 pixels, got ${w}x${h}`);
  let lap = 0;
  let lap2 = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const L = data[i - w]! + data[i - 1]! + data[i + 1]! + data[i + w]! - 4 * data[i]!;
      lap += L;
      lap2 += L * L;
      n++;
    }
  }
  const meanLap = lap / n;
  return lap2 / n - meanLap * meanLap;
}

export interface Flatness {
  /** Share of blockSize x blockSize blocks whose values are all within `tolerance` of each other. */
  readonly flatFraction: number;
  /** The same, not counting blocks clipped at 0 or 255 (blown highlights and crushed blacks of real captures). */
  readonly flatUnclippedFraction: number;
}

/** Whole blockSize x blockSize blocks of a width x height area (`what` names it in the error), checked once. */
export function flatnessBlockGrid(width: number, height: number, blockSize: number, what: string): { cols: number; rows: number } {
  if (!Number.isInteger(blockSize) || blockSize < 2) throw new RangeError(`flatness block size must be an integer >= 2, got ${blockSize}`);
  const cols = Math.floor(width / blockSize);
  const rows = Math.floor(height / blockSize);
  if (cols < 1 || rows < 1) throw new RangeError(`${what} ${width}x${height} is smaller than one ${blockSize}x${blockSize} block`);
  return { cols, rows };
}

/**
 * "Pixel-perfect" areas: a camera adds noise to every pixel, so exactly constant blocks mean rendered content
 * (screenshot UI, synthetic images) -- except where the sensor clipped, which `flatUnclippedFraction` excludes.
 * Run it on an 8-bit-derived plane (luma or one channel): tolerance 0 asks for exact equality.
 */
export function flatness(plane: Plane, blockSize = 4, tolerance = 0): Flatness {
  const { width: w, height: h, data } = plane;
  const { cols, rows } = flatnessBlockGrid(w, h, blockSize, 'plane');
  let flat = 0;
  let flatUnclipped = 0;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let min = Infinity;
      let max = -Infinity;
      for (let y = by * blockSize; y < (by + 1) * blockSize; y++) {
        const row = y * w;
        for (let x = bx * blockSize; x < (bx + 1) * blockSize; x++) {
          const v = data[row + x]!;
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      if (max - min <= tolerance) {
        flat++;
        if (min > 0.5 && max < 254.5) flatUnclipped++;
      }
    }
  }
  const total = cols * rows;
  return { flatFraction: flat / total, flatUnclippedFraction: flatUnclipped / total };
}

export interface LocalContrast {
  /** Percentiles of the per-block standard deviation (grey levels). */
  readonly stdP10: number;
  readonly stdP50: number;
  readonly stdP90: number;
  /** Median of the per-block RMS contrast std / mean (mean floored at 1). */
  readonly rmsContrastP50: number;
}

/**
 * Local contrast over blockSize x blockSize blocks: prints and screens compress dynamic range (lifted blacks,
 * capped whites), which lowers the upper percentiles; the lowest percentile tracks the noise floor of flat areas.
 */
export function localContrast(plane: Plane, blockSize = 16): LocalContrast {
  if (!Number.isInteger(blockSize) || blockSize < 2) throw new RangeError(`contrast block size must be an integer >= 2, got ${blockSize}`);
  const { width: w, height: h, data } = plane;
  const cols = Math.floor(w / blockSize);
  const rows = Math.floor(h / blockSize);
  if (cols < 1 || rows < 1) throw new RangeError(`plane ${w}x${h} is smaller than one ${blockSize}x${blockSize} block`);
  const stds = new Float32Array(cols * rows);
  const rms = new Float32Array(cols * rows);
  const area = blockSize * blockSize;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let s = 0;
      let s2 = 0;
      for (let y = by * blockSize; y < (by + 1) * blockSize; y++) {
        const row = y * w;
        for (let x = bx * blockSize; x < (bx + 1) * blockSize; x++) {
          const v = data[row + x]!;
          s += v;
          s2 += v * v;
        }
      }
      const mean = s / area;
      const std = Math.sqrt(Math.max(0, s2 / area - mean * mean));
      stds[by * cols + bx] = std;
      rms[by * cols + bx] = std / Math.max(1, mean);
    }
  }
  stds.sort();
  rms.sort();
  const at = (a: Float32Array, p: number): number => a[Math.min(a.length - 1, Math.floor(p * a.length))]!;
  return { stdP10: at(stds, 0.1), stdP50: at(stds, 0.5), stdP90: at(stds, 0.9), rmsContrastP50: at(rms, 0.5) };
}
