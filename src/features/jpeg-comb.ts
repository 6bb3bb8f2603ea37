// Quantiser-comb search over grid phases: a single encode leaves coefficients on a comb at one grid phase only;
// an image cropped or pasted between two encodes shows a second comb at another phase, globally or in the tiles of
// the pasted region. This also finds high-quality grids whose blocking is invisible.
import type { Plane, Rect } from './planes.js';
import { DCT8_BASIS } from './jpeg-dct.js';

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

// The non-zero bins of one histogram (ascending) and their counts: a 256-block histogram fills few of its 256 bins,
// and the 31 combs below need only those (same terms in the same order as a pass over every bin).
const fitBins = new Int32Array(SCAN_BINS);
const fitCounts = new Uint32Array(SCAN_BINS);

/** Best comb fit (any q in 2..32) of a |c| histogram, or 0 when no comb can be tested. */
function bestHistogramFit(hist: Uint32Array, minCount: number): number {
  const first = Math.ceil(1 / SCAN_BIN); // ignore |c| <= 1: zeros fit every comb
  let used = 0;
  for (let b = first; b < SCAN_BINS; b++) {
    const c = hist[b]!;
    if (c !== 0) (fitBins[used] = b), (fitCounts[used] = c), used++;
  }
  let best = 0;
  for (let q = 2; q <= SCAN_MAX_Q; q++) {
    const reachBin = Math.floor((0.75 * q) / SCAN_BIN);
    let s = 0;
    let n = 0;
    let reaching = 0;
    const row = q * SCAN_BINS;
    for (let i = 0; i < used; i++) {
      const b = fitBins[i]!;
      const c = fitCounts[i]!;
      s += c * SCAN_COS[row + b]!;
      n += c;
      if (b >= reachBin) reaching += c;
    }
    if (reaching >= minCount && n > 0) best = Math.max(best, s / n);
  }
  return best;
}

const scanHist = [new Uint32Array(SCAN_BINS), new Uint32Array(SCAN_BINS), new Uint32Array(SCAN_BINS)];
/**
 * Row transforms of the sampled block columns at grid column phase px: for every row some row phase reads (`read`)
 * and the k-th sampled block column, the sums of DCT basis functions 0 and 1 over its 8 pixels (row-major, `stride`
 * columns). The 8 row phases read overlapping rows, so each row is transformed once per column phase instead of
 * once per row phase; the sums are the ones a block would compute, in the same order.
 */
function rowTransforms(plane: Plane, px: number, region: Rect, step: number, read: Uint8Array, out0: Float64Array, out1: Float64Array, stride: number): void {
  const { width: w, data } = plane;
  const x0 = region.x + ((px - (region.x % 8) + 8) % 8);
  const cols = Math.floor((region.x + region.width - x0) / 8);
  for (let y = 0; y < region.height; y++) {
    if (read[y] !== 1) continue;
    for (let bx = 0, k = 0; bx < cols; bx += step, k++) {
      const r = (region.y + y) * w + x0 + bx * 8;
      let s0 = 0;
      let s1 = 0;
      for (let x = 0; x < 8; x++) {
        const v = data[r + x]!;
        s0 += DCT8_BASIS[x]! * v;
        s1 += DCT8_BASIS[8 + x]! * v;
      }
      out0[y * stride + k] = s0;
      out1[y * stride + k] = s1;
    }
  }
}

/** The rows of `region` (relative) that the sampled blocks of some row phase cover. */
function rowsRead(region: Rect, step: number): Uint8Array {
  const read = new Uint8Array(region.height);
  for (let py = 0; py < 8; py++) {
    const y0 = (py - (region.y % 8) + 8) % 8;
    const rows = Math.floor((region.height - y0) / 8);
    for (let by = 0; by < rows; by += step) read.fill(1, y0 + by * 8, y0 + by * 8 + 8);
  }
  return read;
}

/**
 * Mean best comb fit of the frequencies (1,0), (0,1), (1,1) over the 8x8 blocks at grid phase (px, py) inside
 * `region`, taking every step-th block along each axis; `row0` / `row1` hold rowTransforms at px.
 */
function phaseFit(px: number, py: number, region: Rect, step: number, minCountFloor: number, row0: Float64Array, row1: Float64Array, stride: number): number {
  for (const hh of scanHist) hh.fill(0);
  const x0 = region.x + ((px - (region.x % 8) + 8) % 8);
  const y0 = (py - (region.y % 8) + 8) % 8;
  const cols = Math.floor((region.x + region.width - x0) / 8);
  const rows = Math.floor((region.height - y0) / 8);
  let blocks = 0;
  for (let by = 0; by < rows; by += step) {
    for (let bx = 0, k = 0; bx < cols; bx += step, k++) {
      const first = (y0 + by * 8) * stride + k;
      let c10 = 0;
      let c01 = 0;
      let c11 = 0;
      for (let y = 0; y < 8; y++) {
        const at = first + y * stride;
        c10 += DCT8_BASIS[y]! * row1[at]!;
        c01 += DCT8_BASIS[8 + y]! * row0[at]!;
        c11 += DCT8_BASIS[8 + y]! * row1[at]!;
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
  // Column phase outer: one set of row transforms serves its 8 row phases (each phase's fit is independent).
  const stride = Math.ceil((cols + 1) / step);
  const row0 = new Float64Array(region.height * stride);
  const row1 = new Float64Array(region.height * stride);
  const read = rowsRead(region, step);
  for (let px = 0; px < 8; px++) {
    rowTransforms(plane, px, region, step, read, row0, row1, stride);
    for (let py = 0; py < 8; py++) fit[py * 8 + px] = phaseFit(px, py, region, step, 10, row0, row1, stride);
  }
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
        s0 += DCT8_BASIS[k]! * v;
        s1 += DCT8_BASIS[8 + k]! * v;
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
        c10 += DCT8_BASIS[k]! * row1[r]!;
        c01 += DCT8_BASIS[8 + k]! * row0[r]!;
        c11 += DCT8_BASIS[8 + k]! * row1[r]!;
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
