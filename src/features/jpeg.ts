// JPEG history features. Every JPEG encode quantises 8x8 DCT blocks on a grid anchored at the image origin.
// That leaves (1) blocking discontinuities every 8 pixels whose phase shows where the grid was, (2) DCT
// coefficients sitting on multiples of the quantisation step, and (3) after a second encode with another step,
// periodic gaps in the coefficient histogram. Cropping, splicing or re-saving an edited image disturbs all three
// locally: a pasted region keeps its own grid phase and quantiser (DESIGN.md, digital manipulations / portrait).
import type { Plane, Rect } from './planes.js';

/** Blocking energy per grid phase along one axis: element k covers boundaries between pixels k-1 and k (mod 8). */
export interface AxisGrid {
  readonly energy: Float64Array;
  /** Phase (0..7) of the strongest boundary: the first column / row of a block. */
  readonly phase: number;
  /** Energy at the phase over the median of all 8 phases, minus 1 (0 = no grid). */
  readonly strength: number;
  /** Same measure for the strongest phase other than `phase` and its neighbours: a second, shifted grid. */
  readonly secondaryPhase: number;
  readonly secondaryStrength: number;
}

export interface GridEstimate {
  readonly x: AxisGrid;
  readonly y: AxisGrid;
  /** Mean of the two axes' strengths. */
  readonly blockiness: number;
}

// Gradients above this are edges of content, not blocking; clipping them keeps one strong edge from voting.
const GRADIENT_CLIP = 24;

function axisGrid(energy: Float64Array): AxisGrid {
  let phase = 0;
  for (let k = 1; k < 8; k++) if (energy[k]! > energy[phase]!) phase = k;
  const sorted = Array.from(energy).sort((a, b) => a - b);
  const median = 0.5 * (sorted[3]! + sorted[4]!);
  const strength = median > 0 ? energy[phase]! / median - 1 : 0;
  let secondaryPhase = -1;
  for (let k = 0; k < 8; k++) {
    const d = Math.min((k - phase + 8) % 8, (phase - k + 8) % 8);
    if (d <= 1) continue;
    if (secondaryPhase < 0 || energy[k]! > energy[secondaryPhase]!) secondaryPhase = k;
  }
  const secondaryStrength = median > 0 ? energy[secondaryPhase]! / median - 1 : 0;
  return { energy, phase, strength, secondaryPhase, secondaryStrength };
}

function assertRegion(plane: Plane, r: Rect): void {
  if (r.x < 0 || r.y < 0 || r.width < 16 || r.height < 16 || r.x + r.width > plane.width || r.y + r.height > plane.height) {
    throw new RangeError(`grid region ${r.width}x${r.height} at (${r.x}, ${r.y}) must be at least 16x16 and inside the ${plane.width}x${plane.height} plane`);
  }
}

/**
 * Blocking-grid estimate over a region: mean clipped |first difference| across columns (x) and rows (y), folded
 * modulo 8. Phases are absolute image coordinates mod 8, so a region's phase can be compared with the image's.
 */
export function estimateGrid(plane: Plane, region?: Rect): GridEstimate {
  const r = region ?? { x: 0, y: 0, width: plane.width, height: plane.height };
  assertRegion(plane, r);
  const { width: w, data } = plane;
  const ex = new Float64Array(8);
  const ey = new Float64Array(8);
  const x0 = Math.max(1, r.x);
  const y0 = Math.max(1, r.y);
  for (let y = y0; y < r.y + r.height; y++) {
    const row = y * w;
    for (let x = x0; x < r.x + r.width; x++) {
      const i = row + x;
      const v = data[i]!;
      ex[x & 7]! += Math.min(GRADIENT_CLIP, Math.abs(v - data[i - 1]!));
      ey[y & 7]! += Math.min(GRADIENT_CLIP, Math.abs(v - data[i - w]!));
    }
  }
  const gx = axisGrid(ex);
  const gy = axisGrid(ey);
  return { x: gx, y: gy, blockiness: 0.5 * (gx.strength + gy.strength) };
}

/**
 * The AC frequencies (index v * 8 + u, all with u, v <= 3) used for quantiser and histogram analysis: low ones,
 * populated in any image.
 */
export const ANALYSED_FREQUENCIES: readonly number[] = [1, 8, 9, 2, 16, 10, 17, 18, 3, 24];

// Orthonormal 8-point DCT-II basis: the JPEG forward DCT, so coefficients land on multiples of the quantiser.
const DCT = (() => {
  const t = new Float64Array(64);
  for (let u = 0; u < 8; u++) {
    const a = u === 0 ? Math.sqrt(1 / 8) : Math.sqrt(2 / 8);
    for (let x = 0; x < 8; x++) t[u * 8 + x] = a * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return t;
})();

/**
 * The analysed DCT coefficients of the 8x8 block at (x0, y0) into out[f] (f indexes ANALYSED_FREQUENCIES): rows are
 * transformed only for u = 0..3 and columns only for the analysed (v, u), a third of a full 8x8 DCT's work.
 */
function blockDctLow(data: Float32Array, w: number, x0: number, y0: number, out: Float64Array, tmp: Float64Array): void {
  for (let y = 0; y < 8; y++) {
    const row = (y0 + y) * w + x0;
    for (let u = 0; u < 4; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += DCT[u * 8 + x]! * data[row + x]!;
      tmp[y * 4 + u] = s;
    }
  }
  for (let f = 0; f < ANALYSED_FREQUENCIES.length; f++) {
    const index = ANALYSED_FREQUENCIES[f]!;
    const v = index >> 3;
    const u = index & 7;
    let s = 0;
    for (let y = 0; y < 8; y++) s += DCT[v * 8 + y]! * tmp[y * 4 + u]!;
    out[f] = s;
  }
}

/**
 * DCT coefficients of every full 8x8 block on the grid of the given phase, for the analysed frequencies:
 * result[f] holds frequency ANALYSED_FREQUENCIES[f] of all blocks (block order row-major).
 */
export function gridCoefficients(plane: Plane, phaseX: number, phaseY: number, region?: Rect): { coefficients: Float32Array[]; cols: number; rows: number; x0: number; y0: number } {
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
  const coefficients = ANALYSED_FREQUENCIES.map(() => new Float32Array(cols * rows));
  const out = new Float64Array(ANALYSED_FREQUENCIES.length);
  const tmp = new Float64Array(32);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      blockDctLow(plane.data, plane.width, x0 + bx * 8, y0 + by * 8, out, tmp);
      const b = by * cols + bx;
      for (let f = 0; f < ANALYSED_FREQUENCIES.length; f++) coefficients[f]![b] = out[f]!;
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

export interface CombScan {
  /** Comb fit per grid phase (index phaseY * 8 + phaseX): how well blocks at that phase sit on some quantiser comb. */
  readonly fit: Float32Array;
  readonly phaseX: number;
  readonly phaseY: number;
  readonly primaryFit: number;
  /** The best phase other than the primary: a second encode on a shifted grid (crop, splice) leaves a comb here. */
  readonly secondaryPhaseX: number;
  readonly secondaryPhaseY: number;
  readonly secondaryFit: number;
}

const SCAN_MAX_Q = 32;
const SCAN_BIN = 0.25;
const SCAN_BINS = 256; // |c| up to 64
// cos(2 pi c / q) at every histogram bin centre, for q = 2 .. SCAN_MAX_Q.
const SCAN_COS = (() => {
  const t = new Float32Array((SCAN_MAX_Q + 1) * SCAN_BINS);
  for (let q = 2; q <= SCAN_MAX_Q; q++) {
    for (let b = 0; b < SCAN_BINS; b++) t[q * SCAN_BINS + b] = Math.cos((2 * Math.PI * (b + 0.5) * SCAN_BIN) / q);
  }
  return t;
})();

/** Best comb fit (any q in 2..32) of a |c| histogram, or 0 when no comb can be tested. */
function bestHistogramFit(hist: Uint32Array, minCount: number): number {
  const first = Math.ceil(1 / SCAN_BIN); // ignore |c| <= 1: zeros fit every comb
  let best = 0;
  for (let q = 2; q <= SCAN_MAX_Q; q++) {
    const reachBin = Math.floor((0.75 * q) / SCAN_BIN);
    let s = 0;
    let n = 0;
    let reaching = 0;
    const row = q * SCAN_BINS;
    for (let b = first; b < SCAN_BINS; b++) {
      const c = hist[b]!;
      if (c === 0) continue;
      s += c * SCAN_COS[row + b]!;
      n += c;
      if (b >= reachBin) reaching += c;
    }
    if (reaching >= minCount && n > 0) best = Math.max(best, s / n);
  }
  return best;
}

const scanHist = [new Uint32Array(SCAN_BINS), new Uint32Array(SCAN_BINS), new Uint32Array(SCAN_BINS)];
const scanRow0 = new Float64Array(8);
const scanRow1 = new Float64Array(8);

/**
 * Mean best comb fit of the frequencies (1,0), (0,1), (1,1) over the 8x8 blocks at grid phase (px, py) inside
 * `region`, taking every step-th block along each axis.
 */
function phaseFit(plane: Plane, px: number, py: number, region: Rect, step: number, minCountFloor: number): number {
  const { width: w, data } = plane;
  for (const hh of scanHist) hh.fill(0);
  const x0 = region.x + ((px - (region.x % 8) + 8) % 8);
  const y0 = region.y + ((py - (region.y % 8) + 8) % 8);
  const cols = Math.floor((region.x + region.width - x0) / 8);
  const rows = Math.floor((region.y + region.height - y0) / 8);
  let blocks = 0;
  for (let by = 0; by < rows; by += step) {
    for (let bx = 0; bx < cols; bx += step) {
      const bx0 = x0 + bx * 8;
      const by0 = y0 + by * 8;
      for (let y = 0; y < 8; y++) {
        const r = (by0 + y) * w + bx0;
        let s0 = 0;
        let s1 = 0;
        for (let x = 0; x < 8; x++) {
          const v = data[r + x]!;
          s0 += DCT[x]! * v;
          s1 += DCT[8 + x]! * v;
        }
        scanRow0[y] = s0;
        scanRow1[y] = s1;
      }
      let c10 = 0;
      let c01 = 0;
      let c11 = 0;
      for (let y = 0; y < 8; y++) {
        c10 += DCT[y]! * scanRow1[y]!;
        c01 += DCT[8 + y]! * scanRow0[y]!;
        c11 += DCT[8 + y]! * scanRow1[y]!;
      }
      scanHist[0]![Math.min(SCAN_BINS - 1, Math.floor(Math.abs(c10) / SCAN_BIN))]!++;
      scanHist[1]![Math.min(SCAN_BINS - 1, Math.floor(Math.abs(c01) / SCAN_BIN))]!++;
      scanHist[2]![Math.min(SCAN_BINS - 1, Math.floor(Math.abs(c11) / SCAN_BIN))]!++;
      blocks++;
    }
  }
  const minCount = Math.max(minCountFloor, Math.floor(blocks / 20));
  return (bestHistogramFit(scanHist[0]!, minCount) + bestHistogramFit(scanHist[1]!, minCount) + bestHistogramFit(scanHist[2]!, minCount)) / 3;
}

/**
 * Comb fit of the three lowest AC frequencies at all 64 grid phases, on up to maxBlocks blocks spread over the
 * plane. A single encode fits at one phase only; an image cropped or pasted between two encodes fits at two.
 * Unlike blocking energy this also finds the grid of high-quality encodes, whose blocking is invisible.
 */
export function gridCombScan(plane: Plane, maxBlocks = 256): CombScan {
  const { width: w, height: h } = plane;
  const cols = Math.floor((w - 8) / 8);
  const rows = Math.floor((h - 8) / 8);
  if (cols < 2 || rows < 2) throw new RangeError(`grid scan needs at least 24x24 pixels, got ${w}x${h}`);
  const step = Math.max(1, Math.ceil(Math.sqrt((cols * rows) / maxBlocks)));
  // Keep 8 pixels of margin so every phase sees the same blocks.
  const region = { x: 0, y: 0, width: cols * 8 + 8, height: rows * 8 + 8 };
  const fit = new Float32Array(64);
  for (let py = 0; py < 8; py++) for (let px = 0; px < 8; px++) fit[py * 8 + px] = phaseFit(plane, px, py, region, step, 10);
  let primary = 0;
  for (let i = 1; i < 64; i++) if (fit[i]! > fit[primary]!) primary = i;
  let secondary = primary === 0 ? 1 : 0;
  for (let i = 0; i < 64; i++) if (i !== primary && fit[i]! > fit[secondary]!) secondary = i;
  return {
    fit,
    phaseX: primary % 8,
    phaseY: primary >> 3,
    primaryFit: fit[primary]!,
    secondaryPhaseX: secondary % 8,
    secondaryPhaseY: secondary >> 3,
    secondaryFit: fit[secondary]!,
  };
}

export interface CompressionTrace {
  /** Blocking-energy grid (visible blocking of low and medium qualities). */
  readonly grid: GridEstimate;
  /** Quantiser-comb grid scan (finds high-quality grids and second, shifted grids). */
  readonly comb: CombScan;
  /** Grid phase used for the DCT analysis: the comb scan's when it found a comb, else the blocking grid's. */
  readonly phaseX: number;
  readonly phaseY: number;
  /** Quantisation step per analysed frequency: from the file's table when given, else estimated (1 = none found). */
  readonly quantisers: number[];
  /** Histogram periodicity per analysed frequency (null where the histogram is too thin). */
  readonly periodicity: Array<number | null>;
  /** Mean periodicity over the frequencies that could be measured: the aligned double-compression cue. */
  readonly doubleCompression: number;
  /** Comb fit at the second-best grid phase: the non-aligned double-compression cue. */
  readonly shiftedGrid: number;
}

/**
 * The table as seen after the decoder rotated the image by 90 or 270 degrees (EXIF orientation 5-8): rows and
 * columns of every 8x8 block swap, so step (u, v) becomes step (v, u). 180-degree turns and flips keep the table.
 */
export function transposeQuantTable(table: ArrayLike<number>): number[] {
  if (table.length !== 64) throw new RangeError(`a quantisation table has 64 steps, got ${table.length}`);
  const out = new Array<number>(64);
  for (let v = 0; v < 8; v++) for (let u = 0; u < 8; u++) out[u * 8 + v] = table[v * 8 + u]!;
  return out;
}

/**
 * Everything this module knows about an image's JPEG history, from the luma plane. `quantTable` is the file's luma
 * quantisation table (64 steps, natural order v * 8 + u) when the input was a JPEG: with it the double-compression
 * histograms use the last encoder's exact steps. Without it the steps are estimated from the pixels, which finds
 * the coarser of two aligned encodes and so misses double compression whose first encode was the coarser one.
 * Pixels must be on the stored grid up to a whole-pixel shift (crops and EXIF turns are fine: the comb scan finds
 * the phase); after a 90 / 270-degree EXIF turn pass transposeQuantTable(table).
 */
export function compressionTrace(plane: Plane, quantTable?: ArrayLike<number>): CompressionTrace {
  if (quantTable !== undefined && (quantTable.length !== 64 || !Array.from(quantTable).every((q) => Number.isInteger(q) && q >= 1 && q <= 65535))) {
    throw new RangeError('quantTable must hold 64 integer steps 1..65535 in natural order (index v * 8 + u)');
  }
  const grid = estimateGrid(plane);
  const comb = gridCombScan(plane);
  const useComb = comb.primaryFit >= 0.3;
  const phaseX = useComb ? comb.phaseX : grid.x.phase;
  const phaseY = useComb ? comb.phaseY : grid.y.phase;
  const { coefficients } = gridCoefficients(plane, phaseX, phaseY);
  const quantisers = coefficients.map((c, f) => (quantTable ? quantTable[ANALYSED_FREQUENCIES[f]!]! : estimateQuantiser(c)));
  const periodicity = coefficients.map((c, f) => (quantisers[f]! >= 2 ? histogramPeriodicity(c, quantisers[f]!) : null));
  const measured = periodicity.filter((p): p is number => p !== null);
  const doubleCompression = measured.length > 0 ? measured.reduce((a, b) => a + b, 0) / measured.length : 0;
  return { grid, comb, phaseX, phaseY, quantisers, periodicity, doubleCompression, shiftedGrid: comb.secondaryFit };
}

export interface GridPhaseMap {
  readonly tileSize: number;
  readonly cols: number;
  readonly rows: number;
  /** The image's primary grid phase (index phaseY * 8 + phaseX), from the image-wide comb scan. */
  readonly primary: number;
  /** Per tile, the phase other than the primary (index phaseY * 8 + phaseX) whose quantiser comb fits best. */
  readonly phase: Uint8Array;
  /** Per tile, the comb fit at that phase, and at the image's primary phase. */
  readonly fit: Float32Array;
  readonly primaryFit: Float32Array;
  /** 1 where a tile has a quantiser comb (fit >= minFit) on a grid other than the image's primary one, else 0. */
  readonly misaligned: Uint8Array;
}

/**
 * The histogram bin (0.25 wide, as in the comb scan) of |DCT coefficient| for (1,0), (0,1) and (1,1) of the 8x8
 * block whose top-left pixel is at every position: one separable pass, after which a block at any grid phase is a
 * lookup. Positions too close to the right / bottom edge for a full block hold 0.
 */
function denseLowFrequencyBins(plane: Plane): Uint8Array[] {
  const { width: w, height: h, data } = plane;
  const row0 = new Float32Array(w * h);
  const row1 = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x + 8 <= w; x++) {
      const r = y * w + x;
      let s0 = 0;
      let s1 = 0;
      for (let k = 0; k < 8; k++) {
        const v = data[r + k]!;
        s0 += DCT[k]! * v;
        s1 += DCT[8 + k]! * v;
      }
      row0[r] = s0;
      row1[r] = s1;
    }
  }
  const bins = [new Uint8Array(w * h), new Uint8Array(w * h), new Uint8Array(w * h)];
  const toBin = (c: number): number => Math.min(SCAN_BINS - 1, Math.floor(Math.abs(c) / SCAN_BIN));
  for (let y = 0; y + 8 <= h; y++) {
    for (let x = 0; x + 8 <= w; x++) {
      let c10 = 0;
      let c01 = 0;
      let c11 = 0;
      for (let k = 0; k < 8; k++) {
        const r = (y + k) * w + x;
        c10 += DCT[k]! * row1[r]!;
        c01 += DCT[8 + k]! * row0[r]!;
        c11 += DCT[8 + k]! * row1[r]!;
      }
      const i = y * w + x;
      bins[0]![i] = toBin(c10);
      bins[1]![i] = toBin(c01);
      bins[2]![i] = toBin(c11);
    }
  }
  return bins;
}

/** Mean best comb fit of the blocks listed (positions into the dense bin planes); 0 when no comb can be tested. */
function sparseFit(bins: Uint8Array[], positions: Int32Array, count: number, minCount: number, scratch: Uint8Array): number {
  let total = 0;
  for (const plane of bins) {
    // Steps whose comb fewer than minCount coefficients reach are not tested: find the minCount-th largest bin.
    for (let k = 0; k < count; k++) scratch[k] = plane[positions[k]!]!;
    const values = scratch.subarray(0, count).sort();
    if (count < minCount) continue;
    const reachLimit = values[count - minCount]!;
    const qLimit = Math.min(SCAN_MAX_Q, Math.floor((reachLimit * SCAN_BIN) / 0.75) + 1);
    let best = 0;
    for (let q = 2; q <= qLimit; q++) {
      const reachBin = Math.floor((0.75 * q) / SCAN_BIN);
      const row = q * SCAN_BINS;
      let s = 0;
      let n = 0;
      let reaching = 0;
      for (let k = count - 1; k >= 0; k--) {
        const b = values[k]!;
        if (b < 4) break; // sorted: the rest are |c| <= 1, which fit every comb
        s += SCAN_COS[row + b]!;
        n++;
        if (b >= reachBin) reaching++;
      }
      if (reaching >= minCount && n > 0) best = Math.max(best, s / n);
    }
    total += best;
  }
  return total / bins.length;
}

/**
 * Local second grid per tile: a region pasted from another JPEG keeps its quantiser comb on its own grid, which
 * differs from the image's unless the paste offset was a multiple of 8. The last encode's comb covers every tile,
 * so a tile is flagged when it also fits a comb on another phase. Every tile tries all 63 other phases on the
 * dense coefficient planes, so a patch too small to show in the image-wide scan is still found.
 * Its cost (bench/README.md) makes this a localisation step, not a per-request screening feature.
 */
export function gridPhaseMap(plane: Plane, tileSize = 64, minFit = 0.4): GridPhaseMap {
  if (!Number.isInteger(tileSize) || tileSize < 32 || tileSize % 8 !== 0) {
    throw new RangeError(`grid tile size must be a multiple of 8 and at least 32, got ${tileSize}`);
  }
  const scan = gridCombScan(plane);
  const primary = scan.phaseY * 8 + scan.phaseX;
  const bins = denseLowFrequencyBins(plane);
  const cols = Math.floor(plane.width / tileSize);
  const rows = Math.floor(plane.height / tileSize);
  const phase = new Uint8Array(cols * rows);
  const fit = new Float32Array(cols * rows);
  const primaryFit = new Float32Array(cols * rows);
  const misaligned = new Uint8Array(cols * rows);
  const perSide = tileSize / 8;
  const positions = new Int32Array(perSide * perSide);
  const scratch = new Uint8Array(perSide * perSide);
  for (let ty = 0; ty < rows; ty++) {
    for (let tx = 0; tx < cols; tx++) {
      let bestPhase = primary === 0 ? 1 : 0;
      let bestFit = -Infinity;
      let atPrimary = 0;
      for (let p = 0; p < 64; p++) {
        const px = p % 8;
        const py = p >> 3;
        let count = 0;
        // Blocks of this phase that lie entirely inside the tile.
        for (let y = ty * tileSize + py; y + 8 <= (ty + 1) * tileSize && y + 8 <= plane.height; y += 8) {
          for (let x = tx * tileSize + px; x + 8 <= (tx + 1) * tileSize && x + 8 <= plane.width; x += 8) positions[count++] = y * plane.width + x;
        }
        const f = sparseFit(bins, positions, count, 8, scratch);
        if (p === primary) {
          atPrimary = f;
          continue;
        }
        if (f > bestFit) {
          bestFit = f;
          bestPhase = p;
        }
      }
      const i = ty * cols + tx;
      phase[i] = bestPhase;
      fit[i] = bestFit;
      primaryFit[i] = atPrimary;
      misaligned[i] = bestFit >= minFit ? 1 : 0;
    }
  }
  return { tileSize, cols, rows, primary, phase, fit, primaryFit, misaligned };
}

export interface QuantisationFitMap {
  /** Side of each region in pixels (a multiple of 8, on the image grid). */
  readonly regionSize: number;
  /** Pixel position of region (0, 0): the image's grid origin. */
  readonly originX: number;
  readonly originY: number;
  readonly cols: number;
  readonly rows: number;
  /** Mean comb fit of each region's coefficients to the image-wide quantisers (NaN where there was nothing to fit). */
  readonly fit: Float32Array;
  /** The image-wide quantisers the regions were compared with. */
  readonly quantisers: number[];
}

/**
 * Block-level compression consistency: how well each region's DCT coefficients sit on the image-wide quantiser
 * comb. Regions compressed with another quality, on another grid, or not at all (pasted into a decoded image
 * that was then saved losslessly) fit worse than the rest.
 */
export function quantisationFitMap(plane: Plane, regionSize = 64): QuantisationFitMap {
  if (!Number.isInteger(regionSize) || regionSize < 32 || regionSize % 8 !== 0) {
    throw new RangeError(`quantisation region size must be a multiple of 8 and at least 32, got ${regionSize}`);
  }
  const grid = estimateGrid(plane);
  const all = gridCoefficients(plane, grid.x.phase, grid.y.phase);
  const quantisers = all.coefficients.map((c) => estimateQuantiser(c));
  const per = regionSize / 8;
  const cols = Math.floor(all.cols / per);
  const rows = Math.floor(all.rows / per);
  const fit = new Float32Array(cols * rows);
  for (let ry = 0; ry < rows; ry++) {
    for (let rx = 0; rx < cols; rx++) {
      let s = 0;
      let n = 0;
      for (let f = 0; f < quantisers.length; f++) {
        const q = quantisers[f]!;
        if (q < 2) continue;
        const half = q / 2;
        const w = (2 * Math.PI) / q;
        const coeff = all.coefficients[f]!;
        for (let by = ry * per; by < (ry + 1) * per; by++) {
          for (let bx = rx * per; bx < (rx + 1) * per; bx++) {
            const c = coeff[by * all.cols + bx]!;
            if (Math.abs(c) < half) continue;
            s += Math.cos(w * c);
            n++;
          }
        }
      }
      fit[ry * cols + rx] = n >= 8 ? s / n : Number.NaN;
    }
  }
  return { regionSize, originX: all.x0, originY: all.y0, cols, rows, fit, quantisers };
}
