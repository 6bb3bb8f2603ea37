// Local consistency of the JPEG compression history, per 8x8 block. A capture re-saved once is recompressed as a
// whole: every block went through the camera's encode and then the second one on the same grid, so the quantised
// coefficients of every block follow the same double-quantisation histogram (periodic gaps and peaks of the
// last step's multiples). An edit leaves a small region (a field) whose content was not on the camera's quantiser
// comb when the last encode ran: retyped text (rendered, never compressed), a patch pasted from another JPEG on its
// own grid, a region moved by a shift that is not a multiple of 8. Its coefficients fall into the histogram's gaps
// and miss its peaks. So each block is scored by how typical its coefficients are of the document's own histogram,
// and windows of blocks are compared with the rest (the image-level cue is an outlier among windows, not a mean).
import { ANALYSED_FREQUENCIES, gridCoefficients } from './jpeg-dct.js';
import type { Plane } from './planes.js';
import { summedAreaTables } from './summed-area.js';

/** Quantised magnitudes 1..MAX_LEVEL are histogrammed (higher ones are rare and say little). */
const MAX_LEVEL = 24;

export interface BlockTypicality {
  /** Blocks per row / column of the analysed grid, and its origin in plane pixels. */
  readonly cols: number;
  readonly rows: number;
  readonly x0: number;
  readonly y0: number;
  /** Per block: summed log-ratio of its coefficients' histogram bins to their neighbours' mean. */
  readonly score: Float32Array;
  /** Per block: number of coefficients scored (non-zero levels up to MAX_LEVEL on a step of at least 2). */
  readonly count: Uint16Array;
  /** Document-wide mean score per scored coefficient (what a typical block shows). */
  readonly meanScore: number;
  /** Per-coefficient spread of the block scores around meanScore (0 when nothing was scored). */
  readonly spread: number;
  /** Frequencies whose histogram had enough coefficients to be used. */
  readonly frequencies: number;
}

/**
 * Per-block typicality of the quantised DCT coefficients against the plane's own histogram, on the grid of the
 * given phase with the file's luma table (natural order v * 8 + u). A bin's log-ratio to the mean of its two
 * neighbours is strongly negative in a double-quantisation gap and positive on a peak; after a single encode the
 * histogram is smooth and every ratio is near 0, so nothing stands out.
 */
export function blockTypicality(plane: Plane, table: ArrayLike<number>, phaseX: number, phaseY: number, frequencies = ANALYSED_FREQUENCIES.length): BlockTypicality {
  return blockTypicalityOf(gridCoefficients(plane, phaseX, phaseY, undefined, frequencies), table);
}

/** Coefficients of a block grid (gridCoefficients' result): frequency f of ANALYSED_FREQUENCIES per block. */
export interface BlockGrid {
  readonly coefficients: readonly Float32Array[];
  readonly cols: number;
  readonly rows: number;
  readonly x0: number;
  readonly y0: number;
}

/** blockTypicality of coefficients already computed (the first coefficients.length analysed frequencies). */
export function blockTypicalityOf(grid: BlockGrid, table: ArrayLike<number>): BlockTypicality {
  const { coefficients, cols, rows, x0, y0 } = grid;
  const blocks = cols * rows;
  const score = new Float32Array(blocks);
  const count = new Uint16Array(blocks);
  const levels = new Int16Array(blocks);
  let total = 0;
  let scored = 0;
  let frequencies = 0;
  const hist = new Float64Array(MAX_LEVEL + 2);
  const logRatio = new Float64Array(MAX_LEVEL + 1);
  for (let f = 0; f < coefficients.length; f++) {
    const q = table[ANALYSED_FREQUENCIES[f]!]!;
    if (!(q >= 2)) continue;
    const c = coefficients[f]!;
    hist.fill(0);
    let n = 0;
    for (let b = 0; b < blocks; b++) {
      const level = Math.round(Math.abs(c[b]!) / q);
      levels[b] = level;
      if (level >= 1 && level <= MAX_LEVEL) {
        hist[level]!++;
        n++;
      }
    }
    // Too few coefficients for a histogram shape: the frequency says nothing.
    if (n < 200) continue;
    frequencies++;
    // Level 1's left neighbour (0) is not comparable; it is judged against level 2 alone.
    for (let k = 1; k <= MAX_LEVEL; k++) {
      const neighbours = k === 1 ? hist[2]! : (hist[k - 1]! + hist[k + 1]!) / 2;
      logRatio[k] = Math.log((hist[k]! + 1) / (neighbours + 1));
    }
    for (let b = 0; b < blocks; b++) {
      const level = levels[b]!;
      if (level < 1 || level > MAX_LEVEL) continue;
      score[b]! += logRatio[level]!;
      count[b]!++;
      total += logRatio[level]!;
      scored++;
    }
  }
  const meanScore = scored > 0 ? total / scored : 0;
  return { cols, rows, x0, y0, score, count, meanScore, spread: perCoefficientSpread(score, count, meanScore), frequencies };
}

function perCoefficientSpread(score: Float32Array, count: Uint16Array, meanScore: number): number {
  let sq = 0;
  let n = 0;
  for (let b = 0; b < score.length; b++) {
    const d = score[b]! - meanScore * count[b]!;
    sq += d * d;
    n += count[b]!;
  }
  return n > 0 ? Math.sqrt(sq / n) : 0;
}

export interface AtypicalWindow {
  /** Largest standardised deficit of a window's mean score below the document's (0 when nothing was measured). */
  readonly z: number;
  /**
   * Largest negative summed score of a window: its coefficients' total evidence of sitting in the histogram's gaps
   * rather than on its peaks (0 or less in a document whose blocks all share one history).
   */
  readonly deficit: number;
  /** At that window, the share of the document's mean score it lacks: ~1 for a single-encoded patch, ~0 typical. */
  readonly drop: number;
  /** Its top-left block (column, row), or null. */
  readonly at: readonly [number, number] | null;
}

/** Windows need this many scored coefficients; fewer make the mean too noisy to compare. */
const MIN_WINDOW_COUNT = 15;

/**
 * The most atypical window of `rows` x `cols` blocks (stride one block): z = (m c - s) / (sigma sqrt c) with m the
 * document's mean score per coefficient, sigma its per-coefficient spread, s and c the window's score and count.
 */
export function mostAtypicalWindow(bt: BlockTypicality, rows: number, cols: number): AtypicalWindow {
  const m = bt.meanScore;
  const W = bt.cols;
  const H = bt.rows;
  if (W < cols || H < rows || bt.frequencies === 0) return { z: 0, deficit: 0, drop: 0, at: null };
  const sigma = bt.spread + 1e-6;
  const { S, C } = summedAreaTables(bt.score, bt.count, bt.cols, bt.rows);
  let best = 0;
  let deficit = Number.NEGATIVE_INFINITY;
  let drop = 0;
  let at: [number, number] | null = null;
  for (let y = 0; y + rows <= H; y++) {
    for (let x = 0; x + cols <= W; x++) {
      const a = y * (W + 1) + x;
      const b = (y + rows) * (W + 1) + x + cols;
      const s = S[b]! - S[a + cols]! - S[b - cols]! + S[a]!;
      const c = C[b]! - C[a + cols]! - C[b - cols]! + C[a]!;
      if (-s > deficit) deficit = -s;
      if (c < MIN_WINDOW_COUNT) continue;
      const z = (m * c - s) / (sigma * Math.sqrt(c));
      if (z > best) {
        best = z;
        drop = m > 0 ? 1 - s / c / m : 0;
        at = [x, y];
      }
    }
  }
  return { z: best, deficit: Number.isFinite(deficit) ? deficit : 0, drop: Number.isFinite(drop) ? drop : 0, at };
}

/** The document's double-quantisation signature strength: mean score over its per-coefficient spread. */
export function typicalityStrength(bt: BlockTypicality): number {
  // Nothing scored: meanScore is 0, and so is the strength.
  return bt.meanScore / (bt.spread + 1e-6);
}

/**
 * The standardised deficit z of every window of `rows` x `cols` blocks (stride one block; row-major over
 * (cols - windowCols + 1) per row), NaN where the window has too few scored coefficients: the map whose maximum
 * mostAtypicalWindow reports, for combining with other per-window evidence on the same block grid.
 */
export function atypicalityScores(bt: BlockTypicality, rows: number, cols: number): { cols: number; rows: number; z: Float32Array } {
  const W = bt.cols;
  const H = bt.rows;
  const nx = Math.max(0, W - cols + 1);
  const ny = Math.max(0, H - rows + 1);
  const z = new Float32Array(nx * ny).fill(Number.NaN);
  if (nx === 0 || ny === 0 || bt.frequencies === 0) return { cols: nx, rows: ny, z };
  const sigma = bt.spread + 1e-6;
  const m = bt.meanScore;
  const { S, C } = summedAreaTables(bt.score, bt.count, bt.cols, bt.rows);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const a = y * (W + 1) + x;
      const b = (y + rows) * (W + 1) + x + cols;
      const s = S[b]! - S[a + cols]! - S[b - cols]! + S[a]!;
      const c = C[b]! - C[a + cols]! - C[b - cols]! + C[a]!;
      if (c >= MIN_WINDOW_COUNT) z[y * nx + x] = (m * c - s) / (sigma * Math.sqrt(c));
    }
  }
  return { cols: nx, rows: ny, z };
}
