// DCT coefficients of 8x8 blocks and what their histograms say about quantisation: decoded JPEG coefficients sit
// on multiples of the last encoder's step (a comb), and after two encodes with different steps the histogram has
// periodic gaps.
import type { Plane, Rect } from './planes.js';

/**
 * The AC frequencies (index v * 8 + u, all with u, v <= 3) used for quantiser and histogram analysis: low ones,
 * populated in any image.
 */
export const ANALYSED_FREQUENCIES: readonly number[] = [1, 8, 9, 2, 16, 10, 17, 18, 3, 24];

// Orthonormal 8-point DCT-II basis (row u = frequency): the JPEG forward DCT, so coefficients land on multiples of
// the quantiser. Shared with jpeg-comb.ts.
export const DCT8_BASIS = (() => {
  const t = new Float64Array(64);
  for (let u = 0; u < 8; u++) {
    const a = u === 0 ? Math.sqrt(1 / 8) : Math.sqrt(2 / 8);
    for (let x = 0; x < 8; x++) t[u * 8 + x] = a * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return t;
})();

/**
 * The first `count` analysed DCT coefficients of the 8x8 block at (x0, y0) into out[f] (f indexes
 * ANALYSED_FREQUENCIES): rows are transformed only for the horizontal frequencies u < uCount those need and columns
 * only for the analysed (v, u), a third of a full 8x8 DCT's work or less.
 */
function blockDctLow(data: Float32Array, w: number, x0: number, y0: number, out: Float64Array, tmp: Float64Array, count: number, uCount: number): void {
  if (uCount === 4) {
    blockRowsLow4(data, w, x0, y0, tmp);
  } else {
    blockRowsLow(data, w, x0, y0, tmp, uCount);
  }
  for (let f = 0; f < count; f++) {
    const index = ANALYSED_FREQUENCIES[f]!;
    const v = index >> 3;
    const u = index & 7;
    const b = v * 8;
    // Summed from 0 in y order, as a loop would: the same rounding, so the same coefficients.
    let s = 0;
    s += DCT8_BASIS[b]! * tmp[u]!;
    s += DCT8_BASIS[b + 1]! * tmp[4 + u]!;
    s += DCT8_BASIS[b + 2]! * tmp[8 + u]!;
    s += DCT8_BASIS[b + 3]! * tmp[12 + u]!;
    s += DCT8_BASIS[b + 4]! * tmp[16 + u]!;
    s += DCT8_BASIS[b + 5]! * tmp[20 + u]!;
    s += DCT8_BASIS[b + 6]! * tmp[24 + u]!;
    s += DCT8_BASIS[b + 7]! * tmp[28 + u]!;
    out[f] = s;
  }
}

/** Row transforms of an 8x8 block for the horizontal frequencies u < uCount into tmp[y * 4 + u]. */
function blockRowsLow(data: Float32Array, w: number, x0: number, y0: number, tmp: Float64Array, uCount: number): void {
  for (let y = 0; y < 8; y++) {
    const row = (y0 + y) * w + x0;
    for (let u = 0; u < uCount; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += DCT8_BASIS[u * 8 + x]! * data[row + x]!;
      tmp[y * 4 + u] = s;
    }
  }
}

// The basis rows u = 0..3 as constants for the unrolled row pass (the default ANALYSED_FREQUENCIES need u <= 3).
const [B00, B01, B02, B03, B04, B05, B06, B07] = Array.from(DCT8_BASIS.subarray(0, 8));
const [B10, B11, B12, B13, B14, B15, B16, B17] = Array.from(DCT8_BASIS.subarray(8, 16));
const [B20, B21, B22, B23, B24, B25, B26, B27] = Array.from(DCT8_BASIS.subarray(16, 24));
const [B30, B31, B32, B33, B34, B35, B36, B37] = Array.from(DCT8_BASIS.subarray(24, 32));

/**
 * blockRowsLow for uCount 4, unrolled: each row's eight pixels read once for the four frequencies, every sum still
 * started at 0 and taken in x order (the loop's exact arithmetic, about twice as fast).
 */
function blockRowsLow4(data: Float32Array, w: number, x0: number, y0: number, tmp: Float64Array): void {
  for (let y = 0; y < 8; y++) {
    const row = (y0 + y) * w + x0;
    const d0 = data[row]!, d1 = data[row + 1]!, d2 = data[row + 2]!, d3 = data[row + 3]!;
    const d4 = data[row + 4]!, d5 = data[row + 5]!, d6 = data[row + 6]!, d7 = data[row + 7]!;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    s0 += B00! * d0; s0 += B01! * d1; s0 += B02! * d2; s0 += B03! * d3; s0 += B04! * d4; s0 += B05! * d5; s0 += B06! * d6; s0 += B07! * d7;
    s1 += B10! * d0; s1 += B11! * d1; s1 += B12! * d2; s1 += B13! * d3; s1 += B14! * d4; s1 += B15! * d5; s1 += B16! * d6; s1 += B17! * d7;
    s2 += B20! * d0; s2 += B21! * d1; s2 += B22! * d2; s2 += B23! * d3; s2 += B24! * d4; s2 += B25! * d5; s2 += B26! * d6; s2 += B27! * d7;
    s3 += B30! * d0; s3 += B31! * d1; s3 += B32! * d2; s3 += B33! * d3; s3 += B34! * d4; s3 += B35! * d5; s3 += B36! * d6; s3 += B37! * d7;
    const t = y * 4;
    tmp[t] = s0;
    tmp[t + 1] = s1;
    tmp[t + 2] = s2;
    tmp[t + 3] = s3;
  }
}

/**
 * DCT coefficients of every full 8x8 block on the grid of the given phase, for the analysed frequencies (the
 * first `count` of them, all by default): result[f] holds frequency ANALYSED_FREQUENCIES[f] of all blocks (block
 * order row-major).
 */
export function gridCoefficients(
  plane: Plane,
  phaseX: number,
  phaseY: number,
  region?: Rect,
  count = ANALYSED_FREQUENCIES.length,
): { coefficients: Float32Array[]; cols: number; rows: number; x0: number; y0: number } {
  if (!Number.isInteger(count) || count < 1 || count > ANALYSED_FREQUENCIES.length) {
    throw new RangeError(`frequency count must be an integer 1..${ANALYSED_FREQUENCIES.length}, got ${count}`);
  }
  const r = region ?? { x: 0, y: 0, width: plane.width, height: plane.height };
  if (![phaseX, phaseY].every((p) => Number.isInteger(p) && p >= 0 && p < 8)) {
    throw new RangeError(`grid phases must be integers 0..7, got (${phaseX}, ${phaseY})`);
  }
  if (r.x < 0 || r.y < 0 || r.x + r.width > plane.width || r.y + r.height > plane.height) {
    throw new RangeError(`coefficient region ${r.width}x${r.height} at (${r.x}, ${r.y}) must lie inside the ${plane.width}x${plane.height} plane`);
  }
  const x0 = r.x + ((phaseX - (r.x % 8) + 8) % 8);
  const y0 = r.y + ((phaseY - (r.y % 8) + 8) % 8);
  const cols = Math.max(0, Math.floor((r.x + r.width - x0) / 8));
  const rows = Math.max(0, Math.floor((r.y + r.height - y0) / 8));
  const coefficients = ANALYSED_FREQUENCIES.slice(0, count).map(() => new Float32Array(cols * rows));
  const uCount = 1 + Math.max(...ANALYSED_FREQUENCIES.slice(0, count).map((index) => index & 7));
  const out = new Float64Array(count);
  const tmp = new Float64Array(32);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      blockDctLow(plane.data, plane.width, x0 + bx * 8, y0 + by * 8, out, tmp, count, uCount);
      const b = by * cols + bx;
      for (let f = 0; f < count; f++) coefficients[f]![b] = out[f]!;
    }
  }
  return { coefficients, cols, rows, x0, y0 };
}

/**
 * Mean of cos(2 pi c / q) over the coefficients that are clearly not zero (|c| > 1, beyond the rounding blur):
 * 1 when all of them sit on multiples of q, about 0 for unquantised data, negative when they sit between the
 * teeth (q too large). Null when fewer than minCount coefficients reach 0.75 q: a comb wider than the data
 * cannot be tested.
 */
export function combFit(values: Float32Array, q: number, minCount = 30): number | null {
  let s = 0;
  let n = 0;
  let reaching = 0;
  const reach = 0.75 * q;
  const w = (2 * Math.PI) / q;
  for (let i = 0; i < values.length; i++) {
    const c = values[i]!;
    const a = Math.abs(c);
    if (a <= 1) continue;
    s += Math.cos(w * c);
    n++;
    if (a >= reach) reaching++;
  }
  return reaching >= minCount ? s / n : null;
}

// Histogram of |c| in 1/8 steps up to 256 for the quantiser search: 63 candidate steps then cost one pass over
// the occupied bins each instead of one cosine per coefficient.
const QHIST_RES = 8;
const QHIST_BINS = 256 * QHIST_RES;
const QMAX = 64;
const QHIST_COS = (() => {
  const t = new Float32Array((QMAX + 1) * QHIST_BINS);
  for (let q = 2; q <= QMAX; q++) {
    for (let b = 0; b < QHIST_BINS; b++) t[q * QHIST_BINS + b] = Math.cos((2 * Math.PI * (b + 0.5)) / QHIST_RES / q);
  }
  return t;
})();

/**
 * The quantisation step of one DCT frequency. Every divisor of the true step fits its comb too, and small steps
 * fit worse under the rounding blur (about 0.35 after decoding), so the best-fitting q can be a divisor: the
 * estimate is the largest multiple of the best q whose fit stays within 0.05 of it. 1 when no q in 2..maxQ fits at
 * least minFit (not quantised, or too finely to tell). Same fit as combFit, on a 1/8-step histogram.
 */
export function estimateQuantiser(values: Float32Array, maxQ = 64, minFit = 0.45, minCount = 30): number {
  if (!Number.isInteger(maxQ) || maxQ < 2 || maxQ > QMAX) throw new RangeError(`maxQ must be an integer in 2..${QMAX}, got ${maxQ}`);
  const hist = new Uint32Array(QHIST_BINS);
  for (let i = 0; i < values.length; i++) {
    const b = Math.floor(Math.abs(values[i]!) * QHIST_RES);
    if (b < QHIST_BINS) hist[b]!++;
  }
  const first = QHIST_RES + 1; // |c| > 1
  const occupied: number[] = [];
  for (let b = first; b < QHIST_BINS; b++) if (hist[b]! > 0) occupied.push(b);
  const fits = new Float64Array(maxQ + 1).fill(Number.NaN);
  let best = -Infinity;
  let bestQ = 1;
  for (let q = 2; q <= maxQ; q++) {
    const reach = Math.floor(0.75 * q * QHIST_RES);
    const row = q * QHIST_BINS;
    let sum = 0;
    let n = 0;
    let reaching = 0;
    for (const b of occupied) {
      const c = hist[b]!;
      sum += c * QHIST_COS[row + b]!;
      n += c;
      if (b >= reach) reaching += c;
    }
    if (reaching < minCount || n === 0) continue;
    const fit = sum / n;
    fits[q] = fit;
    if (fit > best) {
      best = fit;
      bestQ = q;
    }
  }
  if (best < minFit) return 1;
  let estimate = bestQ;
  for (let q = 2 * bestQ; q <= maxQ; q += bestQ) if (fits[q]! >= best - 0.05) estimate = q;
  return estimate;
}

/**
 * Periodicity of the histogram of |c| / q over bins k = 1 .. 24, q being the last encoder's step: after two encodes
 * with different steps, bins are empty or doubled at a regular interval (period q1 / q2). The log-histogram is
 * divided by its 7-bin moving-mean trend (the smooth Laplacian envelope of a single encode), and the score is the
 * largest share of the residual's power at one period between 2 bins and half the histogram: near 0.2 for a
 * smooth histogram, towards 1 for a clean comb. Null when fewer than 6 bins have counts to tell.
 */
export function histogramPeriodicity(values: Float32Array, q: number, bins = 24, minCountPerBin = 4): number | null {
  if (!(q > 0)) throw new RangeError(`quantisation step must be positive, got ${q}`);
  const h = new Float64Array(bins + 1);
  for (let i = 0; i < values.length; i++) {
    const k = Math.round(Math.abs(values[i]!) / q);
    if (k >= 1 && k <= bins) h[k]!++;
  }
  const trend = new Float64Array(bins + 1);
  for (let k = 1; k <= bins; k++) {
    let s = 0;
    let n = 0;
    for (let j = Math.max(1, k - 3); j <= Math.min(bins, k + 3); j++) {
      s += h[j]!;
      n++;
    }
    trend[k] = s / n;
  }
  let K = 0;
  for (let k = 1; k <= bins; k++) if (trend[k]! >= minCountPerBin) K = k;
  if (K < 6) return null;
  const g = new Float64Array(K);
  let mean = 0;
  for (let k = 1; k <= K; k++) {
    g[k - 1] = Math.log((h[k]! + 1) / (trend[k]! + 1));
    mean += g[k - 1]!;
  }
  mean /= K;
  let total = 0;
  for (let k = 0; k < K; k++) {
    g[k]! -= mean;
    total += g[k]! * g[k]!;
  }
  if (total <= 1e-9) return 0;
  let best = 0;
  // Periods from 2 bins to K/2 bins, on a grid four times finer than the DFT's (periods q1/q2 are rarely integers).
  for (let omega = (4 * Math.PI) / K; omega <= Math.PI + 1e-9; omega += Math.PI / (2 * K)) {
    let re = 0;
    let im = 0;
    for (let k = 0; k < K; k++) {
      re += g[k]! * Math.cos(omega * k);
      im -= g[k]! * Math.sin(omega * k);
    }
    // Parseval: a pure sinusoid concentrates 2 |G|^2 / K = total at its frequency.
    best = Math.max(best, (2 * (re * re + im * im)) / (K * total));
  }
  return Math.min(1, best);
}
