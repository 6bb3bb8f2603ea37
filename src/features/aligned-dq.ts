// Aligned double-JPEG likelihood map with the primary quantisation estimated per frequency (after Bianchi and
// Piva, "Image forgery localization via block-grained analysis of JPEG artifacts", IEEE TIFS 2012). A capture
// re-saved once went through two quantisers on the same grid: step Q1 (the camera) then q (the last encode). The
// level k = round(|c| / q) of such a coefficient can only be reached from the Q1 multiples that round to it, so its
// histogram follows n(k) x the smooth (Laplacian) shape: gaps where no multiple lands (Q1 > q), doubled bins where
// two do (Q1 < q, the last encode coarser). A retyped, spliced or moved field was not on the Q1 lattice when the last
// encode ran: its levels follow the single-quantisation shape. The likelihood ratio of the two models, per
// coefficient, summed per block, is evidence of an edit wherever the document itself shows double quantisation.
// Unlike the histogram's bin-vs-neighbour ratio (block-consistency.ts), the model names Q1, so it also reads the
// weak periodic pattern of a coarser last encode, and says nothing (ratio 1) where Q1 = q or no Q1 fits.
import { ANALYSED_FREQUENCIES } from './jpeg-dct.js';
import type { BlockGrid } from './block-consistency.js';
import { summedAreaTables } from './summed-area.js';

/** Levels 1..MAX_LEVEL are modelled (zeros are mostly flat content; high levels are rare and say little). */
const MAX_LEVEL = 24;
/** A frequency needs this many coefficients at levels 1..MAX_LEVEL for its histogram to name a Q1. */
const MIN_COEFFICIENTS = 200;
/**
 * Mean log-likelihood gain per coefficient of the best double-quantisation model over the single one below which
 * the frequency counts as single-compressed (a Laplacian fit's misfit alone gains a little with some Q1).
 */
const MIN_GAIN = 0.02;
/** Largest primary step tried, as a multiple of the last step (a coarser camera than this is not a phone's). */
const MAX_PRIMARY_RATIO = 4;
/** ... and at least this step (a fine last encode, q = 2, after a camera at quality ~50 with steps ~12-16). */
const MIN_PRIMARY_RANGE = 24;
/** One coefficient's log-ratio is clipped to +-CLIP nats: an empty model bin must not make one block decide. */
const CLIP = 3;
/** Floor of a model probability (relative), so that an empty double-quantisation bin has a finite log. */
const FLOOR = 1e-4;

export interface PrimaryEstimate {
  /** Frequency index (natural order v * 8 + u) and the last encode's step there. */
  readonly frequency: number;
  readonly step: number;
  /** The estimated first step, or null when no double-quantisation model beats the single one. */
  readonly primary: number | null;
  /** Mean log-likelihood gain per coefficient of that model over the single one (0 when none). */
  readonly gain: number;
}

export interface AlignedDqMap {
  readonly cols: number;
  readonly rows: number;
  readonly x0: number;
  readonly y0: number;
  /** Per block: summed log(P_single / P_double) of its modelled coefficients (positive: not on the Q1 lattice). */
  readonly evidence: Float32Array;
  /** Per block: coefficients that contributed (frequencies with a Q1 only). */
  readonly count: Uint16Array;
  readonly estimates: readonly PrimaryEstimate[];
  /** Coefficient-weighted mean gain over the frequencies with a Q1 (0 when none): how clear the re-save is. */
  readonly strength: number;
}

export interface AlignedDqOptions {
  /** Per block (row-major on the grid), 1 = leave out: neither in the histograms nor scored (e.g. clipped pixels). */
  readonly skip?: Uint8Array;
  /** Least mean gain per coefficient for a frequency to name a first step (default MIN_GAIN). */
  readonly minGain?: number;
}

/**
 * Blocks of a grid (origin x0, y0 in the plane, which starts at (left, top) of the RGB image) holding a pixel with a
 * channel at 0 or 255: the decoder clipped it, so its DCT is no longer the quantised one and sits off any lattice
 * (highlights, glare, deep shadows would read as edited).
 */
export function clippedBlocks(image: { width: number; data: Uint8Array }, left: number, top: number, grid: { cols: number; rows: number; x0: number; y0: number }): Uint8Array {
  const mask = new Uint8Array(grid.cols * grid.rows);
  const { width, data } = image;
  for (let by = 0; by < grid.rows; by++) {
    for (let bx = 0; bx < grid.cols; bx++) {
      let clipped = 0;
      for (let y = 0; y < 8 && !clipped; y++) {
        let o = ((top + grid.y0 + by * 8 + y) * width + left + grid.x0 + bx * 8) * 3;
        for (let i = 0; i < 24; i++, o++) {
          const v = data[o]!;
          if (v === 0 || v === 255) {
            clipped = 1;
            break;
          }
        }
      }
      mask[by * grid.cols + bx] = clipped;
    }
  }
  return mask;
}

/** Folded Laplacian CDF of |X| with rate lambda. */
const cdf = (x: number, lambda: number): number => (x <= 0 ? 0 : 1 - Math.exp(-lambda * x));

/** P(level k) for k = 1..MAX_LEVEL after a single quantisation with step q, normalised over those levels. */
function singleModel(q: number, lambda: number): Float64Array {
  const p = new Float64Array(MAX_LEVEL + 1);
  for (let k = 1; k <= MAX_LEVEL; k++) p[k] = cdf((k + 0.5) * q, lambda) - cdf((k - 0.5) * q, lambda);
  return normalise(p);
}

/** P(level k) after quantising with Q1, dequantising and quantising again with q (same grid), normalised. */
function doubleModel(q1: number, q: number, lambda: number): Float64Array {
  const p = new Float64Array(MAX_LEVEL + 1);
  for (let m = 1; ; m++) {
    const k = Math.round((m * q1) / q);
    if (k > MAX_LEVEL) break;
    if (k >= 1) p[k]! += cdf((m + 0.5) * q1, lambda) - cdf((m - 0.5) * q1, lambda);
  }
  return normalise(p);
}

function normalise(p: Float64Array): Float64Array {
  let s = 0;
  for (let k = 1; k <= MAX_LEVEL; k++) s += p[k]!;
  const floor = FLOOR / MAX_LEVEL;
  for (let k = 1; k <= MAX_LEVEL; k++) p[k] = s > 0 ? Math.max(floor, p[k]! / s) : 1 / MAX_LEVEL;
  return p;
}

function logLikelihood(hist: Float64Array, p: Float64Array): number {
  let ll = 0;
  for (let k = 1; k <= MAX_LEVEL; k++) if (hist[k]! > 0) ll += hist[k]! * Math.log(p[k]!);
  return ll;
}

/**
 * The first step of one frequency by maximum likelihood over Q1 = 1 .. MAX_PRIMARY_RATIO q (Q1 = q is the single
 * model itself), the Laplacian's rate from the coefficients' mean magnitude; returns the per-level log-ratio
 * log(P_single / P_double) of the winner, or null when it does not beat the single model by MIN_GAIN per coefficient.
 */
export function estimatePrimary(values: Float32Array, q: number, skip?: Uint8Array, minGain = MIN_GAIN): { primary: number | null; gain: number; logRatio: Float64Array | null } {
  const hist = new Float64Array(MAX_LEVEL + 1);
  let n = 0;
  let magnitude = 0;
  let used = 0;
  for (let i = 0; i < values.length; i++) {
    if (skip?.[i]) continue;
    used++;
    const a = Math.abs(values[i]!);
    magnitude += a;
    const k = Math.round(a / q);
    if (k >= 1 && k <= MAX_LEVEL) hist[k]!++, n++;
  }
  if (n < MIN_COEFFICIENTS || magnitude <= 0) return { primary: null, gain: 0, logRatio: null };
  const lambda = used / magnitude;
  const single = singleModel(q, lambda);
  const llSingle = logLikelihood(hist, single);
  let best: { q1: number; ll: number; p: Float64Array } | null = null;
  for (let q1 = 1; q1 <= Math.max(MAX_PRIMARY_RATIO * q, MIN_PRIMARY_RANGE); q1++) {
    if (q1 === q) continue;
    const p = doubleModel(q1, q, lambda);
    const ll = logLikelihood(hist, p);
    if (best === null || ll > best.ll) best = { q1, ll, p };
  }
  const gain = best === null ? 0 : (best.ll - llSingle) / n;
  if (best === null || !(gain >= minGain)) return { primary: null, gain: 0, logRatio: null };
  const logRatio = new Float64Array(MAX_LEVEL + 1);
  for (let k = 1; k <= MAX_LEVEL; k++) logRatio[k] = Math.max(-CLIP, Math.min(CLIP, Math.log(single[k]! / best.p[k]!)));
  return { primary: best.q1, gain, logRatio };
}

/**
 * Per-block evidence of not being on the document's primary quantisation lattice, on a block grid of the last
 * encode (gridCoefficients' result) with the file's luma table (natural order).
 */
export function alignedDqMap(grid: BlockGrid, table: ArrayLike<number>, options: AlignedDqOptions = {}): AlignedDqMap {
  const { skip, minGain = MIN_GAIN } = options;
  const { coefficients, cols, rows, x0, y0 } = grid;
  const blocks = cols * rows;
  const evidence = new Float32Array(blocks);
  const count = new Uint16Array(blocks);
  const estimates: PrimaryEstimate[] = [];
  let gainSum = 0;
  let weight = 0;
  for (let f = 0; f < coefficients.length; f++) {
    const frequency = ANALYSED_FREQUENCIES[f]!;
    const q = table[frequency]!;
    if (!(q >= 2)) continue;
    const c = coefficients[f]!;
    const fit = estimatePrimary(c, q, skip, minGain);
    estimates.push({ frequency, step: q, primary: fit.primary, gain: fit.gain });
    if (fit.logRatio === null) continue;
    let used = 0;
    for (let b = 0; b < blocks; b++) {
      if (skip?.[b]) continue;
      const k = Math.round(Math.abs(c[b]!) / q);
      if (k < 1 || k > MAX_LEVEL) continue;
      evidence[b]! += fit.logRatio[k]!;
      count[b]!++;
      used++;
    }
    gainSum += fit.gain * used;
    weight += used;
  }
  return { cols, rows, x0, y0, evidence, count, estimates, strength: weight > 0 ? gainSum / weight : 0 };
}

/** A window needs this many modelled coefficients; fewer are too noisy to compare. */
const MIN_WINDOW_COUNT = 12;

/**
 * Summed evidence of every window of `rows` x `cols` blocks (stride one block, row-major over cols - windowCols + 1
 * per row), NaN where it holds fewer than MIN_WINDOW_COUNT modelled coefficients.
 */
export function windowEvidence(map: AlignedDqMap, rows: number, cols: number): { cols: number; rows: number; sums: Float32Array } {
  const W = map.cols;
  const H = map.rows;
  const nx = Math.max(0, W - cols + 1);
  const ny = Math.max(0, H - rows + 1);
  const sums = new Float32Array(nx * ny).fill(Number.NaN);
  if (nx === 0 || ny === 0) return { cols: nx, rows: ny, sums };
  const { S, C } = summedAreaTables(map.evidence, map.count, W, H);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const a = y * (W + 1) + x;
      const b = (y + rows) * (W + 1) + x + cols;
      const c = C[b]! - C[a + cols]! - C[b - cols]! + C[a]!;
      if (c >= MIN_WINDOW_COUNT) sums[y * nx + x] = S[b]! - S[a + cols]! - S[b - cols]! + S[a]!;
    }
  }
  return { cols: nx, rows: ny, sums };
}

/** The largest window sum and its top-left block (column, row); 0 and null when no window is scored. */
export function strongestWindow(w: { cols: number; sums: Float32Array }): { evidence: number; at: readonly [number, number] | null } {
  let best = 0;
  let at: [number, number] | null = null;
  for (let i = 0; i < w.sums.length; i++) {
    const s = w.sums[i]!;
    if (s > best) (best = s), (at = [i % w.cols, Math.floor(i / w.cols)]);
  }
  return { evidence: best, at };
}
