// Local blocking on a shifted 8x8 grid. The last JPEG encode puts its blocking at one phase over the whole image
// (phase 0 of the grid given). A region that already carried blocking on another grid before that encode keeps it:
// a patch pasted from another JPEG (spliced from a second capture, saved on its own grid), a region copied within
// the image by a shift that is not a multiple of 8 (copy-move, the cloned background under retyped text). An
// honest capture, re-saved or not, has blocking at phase 0 only (an aligned re-encode adds none elsewhere), so a
// window whose pixel steps peak at one other column or row phase is local evidence of an edit.
// Per block of the last grid, the summed absolute step |p(x) - p(x-1)| at each inner phase 1..7 (columns for x, rows
// for y) is kept; windows of blocks add them up (summed-area tables) and are scored by how far their strongest inner
// phase stands above the mean of the seven: content edges fall on every phase alike, an old grid on one.
import type { Plane } from './planes.js';

/** Per-block step sums at the seven inner phases of the last encode's grid, for both axes. */
export interface PhaseStepMap {
  readonly cols: number;
  readonly rows: number;
  /** Plane pixel of the first block's top-left corner. */
  readonly x0: number;
  readonly y0: number;
  /** Block b's summed |horizontal step| at inner column phase k (1..7): stepsX[b * 7 + k - 1]; likewise rows. */
  readonly stepsX: Float32Array;
  readonly stepsY: Float32Array;
}

/**
 * The step sums of every full 8x8 block of the grid at (phaseX, phaseY) (integers 0..7). Inner phases only: the
 * grid's own boundary (phase 0) carries the last encode's blocking and is not compared.
 */
export function phaseStepMap(plane: Plane, phaseX: number, phaseY: number, clip = Number.POSITIVE_INFINITY): PhaseStepMap {
  if (![phaseX, phaseY].every((p) => Number.isInteger(p) && p >= 0 && p < 8)) {
    throw new RangeError(`grid phases must be integers 0..7, got (${phaseX}, ${phaseY})`);
  }
  const { width: w, height: h, data } = plane;
  const cols = Math.max(0, Math.floor((w - phaseX) / 8));
  const rows = Math.max(0, Math.floor((h - phaseY) / 8));
  const stepsX = new Float32Array(cols * rows * 7);
  const stepsY = new Float32Array(cols * rows * 7);
  for (let by = 0; by < rows; by++) {
    const top = phaseY + by * 8;
    for (let bx = 0; bx < cols; bx++) {
      const left = phaseX + bx * 8;
      const o = (by * cols + bx) * 7;
      // Column steps summed row by row in float32, as the map stores them (identical to accumulating in place).
      let s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let y = 0; y < 8; y++) {
        const row = (top + y) * w + left;
        const p0 = data[row]!, p1 = data[row + 1]!, p2 = data[row + 2]!, p3 = data[row + 3]!;
        const p4 = data[row + 4]!, p5 = data[row + 5]!, p6 = data[row + 6]!, p7 = data[row + 7]!;
        s1 = Math.fround(s1 + Math.min(clip, Math.abs(p1 - p0)));
        s2 = Math.fround(s2 + Math.min(clip, Math.abs(p2 - p1)));
        s3 = Math.fround(s3 + Math.min(clip, Math.abs(p3 - p2)));
        s4 = Math.fround(s4 + Math.min(clip, Math.abs(p4 - p3)));
        s5 = Math.fround(s5 + Math.min(clip, Math.abs(p5 - p4)));
        s6 = Math.fround(s6 + Math.min(clip, Math.abs(p6 - p5)));
        s7 = Math.fround(s7 + Math.min(clip, Math.abs(p7 - p6)));
      }
      stepsX[o] = s1;
      stepsX[o + 1] = s2;
      stepsX[o + 2] = s3;
      stepsX[o + 3] = s4;
      stepsX[o + 4] = s5;
      stepsX[o + 5] = s6;
      stepsX[o + 6] = s7;
      for (let k = 1; k < 8; k++) {
        const above = (top + k - 1) * w + left;
        const here = above + w;
        let s = 0;
        for (let x = 0; x < 8; x++) s += Math.min(clip, Math.abs(data[here + x]! - data[above + x]!));
        stepsY[o + k - 1] = s;
      }
    }
  }
  return { cols, rows, x0: phaseX, y0: phaseY, stepsX, stepsY };
}

export interface MisalignedWindow {
  /** Largest window score: strongest inner phase's excess over the seven phases' mean, x plus y (0 when none). */
  readonly score: number;
  /** That window's score standardised against all windows of the plane: (score - median) / (1.4826 MAD). */
  readonly z: number;
  /** The same score over the whole map (the plane-wide shifted grid of a cropped re-save shows here, not locally). */
  readonly global: number;
  /** Its top-left block (column, row) and the phases that peak there, or null. */
  readonly at: readonly [number, number] | null;
  readonly phase: readonly [number, number] | null;
}

/** Windows whose mean step per pixel is below this (grey levels) are flat: their phase profile is noise. */
const MIN_MEAN_STEP = 0.5;

const onePhase = new Uint8Array(1);

/** Relative excess of the strongest of seven phase sums over their mean, and which phase (1..7). */
function peakExcess(sums: Float64Array): { excess: number; phase: number } {
  const excess = peakExcessInto(sums, onePhase, 0);
  return { excess, phase: onePhase[0]! };
}

/** peakExcess's excess, its phase written to phase[slot] (no object per window in the scoring loop). */
function peakExcessInto(sums: Float64Array, phase: Uint8Array, slot: number): number {
  let total = 0;
  let best = 0;
  let at = 1;
  for (let k = 0; k < 7; k++) {
    total += sums[k]!;
    if (sums[k]! > best) (best = sums[k]!), (at = k + 1);
  }
  phase[slot] = at;
  const mean = total / 7;
  return mean > 0 ? best / mean - 1 : 0;
}

/** Score of every window position (row-major over (H - rows + 1) x (W - cols + 1)), NaN where the window is flat. */
export interface WindowScores {
  readonly cols: number;
  readonly rows: number;
  readonly scores: Float32Array;
  /** The phases peaking in each window (x, y interleaved). */
  readonly phases: Uint8Array;
  /** The same score over the whole map. */
  readonly global: number;
}

/** Summed-area table of the seven phase sums, interleaved: S[(y * (W + 1) + x) * 7 + k]. */
function phaseSat(steps: Float32Array, W: number, H: number): Float64Array {
  const S = new Float64Array((W + 1) * (H + 1) * 7);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = ((y + 1) * (W + 1) + x + 1) * 7;
      const up = o - (W + 1) * 7;
      const b = (y * W + x) * 7;
      for (let k = 0; k < 7; k++) S[o + k] = steps[b + k]! + S[o - 7 + k]! + S[up + k]! - S[up - 7 + k]!;
    }
  }
  return S;
}

/** Sums of the seven phases over the window of c x r blocks at (x, y) into `out`; returns their total. */
function windowSums(S: Float64Array, W: number, out: Float64Array, x: number, y: number, c: number, r: number): number {
  const a = (y * (W + 1) + x) * 7;
  const b = a + c * 7;
  const d = ((y + r) * (W + 1) + x) * 7;
  const e = d + c * 7;
  let total = 0;
  for (let k = 0; k < 7; k++) {
    out[k] = S[e + k]! - S[b + k]! - S[d + k]! + S[a + k]!;
    total += out[k]!;
  }
  return total;
}

/**
 * Every window of `rows` x `cols` blocks (stride one block) scored by how much its steps peak at one inner column
 * phase plus one inner row phase (x excess + y excess); flat windows (mean step below MIN_MEAN_STEP) are NaN.
 */
export function misalignmentScores(map: PhaseStepMap, rows: number, cols: number): WindowScores {
  const W = map.cols;
  const H = map.rows;
  const nx = Math.max(0, W - cols + 1);
  const ny = Math.max(0, H - rows + 1);
  const scores = new Float32Array(nx * ny);
  const phases = new Uint8Array(nx * ny * 2);
  if (nx === 0 || ny === 0) return { cols: nx, rows: ny, scores, phases, global: 0 };
  const SX = phaseSat(map.stepsX, W, H);
  const SY = phaseSat(map.stepsY, W, H);
  const sumsX = new Float64Array(7);
  const sumsY = new Float64Array(7);
  const peak = new Uint8Array(2);
  // Steps counted per window: 8 rows x 7 inner phases per block and axis.
  const steps = rows * cols * 56 * 2;
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const i = y * nx + x;
      const total = windowSums(SX, W, sumsX, x, y, cols, rows) + windowSums(SY, W, sumsY, x, y, cols, rows);
      if (total / steps < MIN_MEAN_STEP) {
        scores[i] = Number.NaN;
        continue;
      }
      const ex = peakExcessInto(sumsX, peak, 0);
      const ey = peakExcessInto(sumsY, peak, 1);
      scores[i] = ex + ey;
      phases[2 * i] = peak[0]!;
      phases[2 * i + 1] = peak[1]!;
    }
  }
  windowSums(SX, W, sumsX, 0, 0, W, H);
  windowSums(SY, W, sumsY, 0, 0, W, H);
  return { cols: nx, rows: ny, scores, phases, global: peakExcess(sumsX).excess + peakExcess(sumsY).excess };
}

/** The highest-scoring window of the map's `rows` x `cols` windows, standardised against all of them. */
export function mostMisalignedWindow(map: PhaseStepMap, rows: number, cols: number): MisalignedWindow {
  return strongestWindow(misalignmentScores(map, rows, cols));
}

/** The highest-scoring of windows already scored (misalignmentScores), standardised against all of them. */
export function strongestWindow(ws: WindowScores): MisalignedWindow {
  const finite: number[] = [];
  let best = Number.NEGATIVE_INFINITY;
  let at: [number, number] | null = null;
  let phase: [number, number] | null = null;
  ws.scores.forEach((s, i) => {
    if (!Number.isFinite(s)) return;
    finite.push(s);
    if (s > best) (best = s), (at = [i % ws.cols, Math.floor(i / ws.cols)]), (phase = [ws.phases[2 * i]!, ws.phases[2 * i + 1]!]);
  });
  if (finite.length === 0) return { score: 0, z: 0, global: ws.global, at: null, phase: null };
  const sorted = Float64Array.from(finite).sort();
  const median = sorted[sorted.length >> 1]!;
  const deviations = sorted.map((s) => Math.abs(s - median)).sort();
  const mad = 1.4826 * deviations[deviations.length >> 1]! + 1e-6;
  return { score: best, z: (best - median) / mad, global: ws.global, at, phase };
}

/**
 * strongestWindow without the standardisation against all windows (no sort): the same score, global and window
 * for callers that read no z.
 */
export function highestWindow(ws: WindowScores): Omit<MisalignedWindow, 'z'> {
  let best = Number.NEGATIVE_INFINITY;
  let at: [number, number] | null = null;
  let phase: [number, number] | null = null;
  const { scores, phases, cols } = ws;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) continue;
    if (s > best) (best = s), (at = [i % cols, Math.floor(i / cols)]), (phase = [phases[2 * i]!, phases[2 * i + 1]!]);
  }
  if (at === null) return { score: 0, global: ws.global, at: null, phase: null };
  return { score: best, global: ws.global, at, phase };
}
