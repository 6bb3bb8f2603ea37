// Straight edge lines: Hough transform voting along each edge pixel's gradient direction, peaks refined by a
// weighted total-least-squares fit on their edge pixels, and a support profile per line so that the edge support
// of any segment of it is read in O(1) (prefix sums).
import type { EdgeMap } from './edges.js';

/** x * cos(theta) + y * sin(theta) = rho; (cos, sin) is the normal, (-sin, cos) the direction. */
export interface Line {
  readonly theta: number;
  readonly rho: number;
  readonly nx: number;
  readonly ny: number;
  /**
   * Prefix sums over t (position along the direction, from tMin): samples supported by an edge of positive and of
   * negative polarity (a document border keeps one polarity along a side; text and clutter alternate), and samples
   * inside the frame.
   */
  readonly positive: Float32Array;
  readonly negative: Float32Array;
  readonly inFrame: Float32Array;
  readonly tMin: number;
  readonly votes: number;
  /** One of the four frame borders: closes the quad of a document that extends past the frame (no support). */
  readonly frameEdge: boolean;
}

export interface LineOptions {
  /** Gradient magnitude that counts as an edge (Sobel of a lightly blurred 8-bit channel). */
  readonly edgeThreshold: number;
  readonly maxLines: number;
  /** Hidden lines recovered after the first round (see recoverHiddenLines); HIDDEN_LINES when not given. */
  readonly hiddenLines?: number;
}

const THETA_BINS = 180;
/** At most this many lines are added by the second, residual round. */
export const HIDDEN_LINES = 12;
/** A hidden line needs one unbroken edge (gaps up to HIDDEN_MAX_GAP px) of this fraction of the frame's shorter side. */
const HIDDEN_MIN_RUN = 0.15;
const HIDDEN_MAX_GAP = 3;
/** A second-round line within this many px of a kept line at both ends of its run is that line again. */
const HIDDEN_DUPLICATE = 4;
/**
 * The pixels a first-round line explains: within EXPLAINED_BAND px, gradient along its normal (cosine). Wider than the
 * refit's band: a soft shadow edge spreads over several pixels and would come back as a second, parallel line.
 */
const EXPLAINED_BAND = 4;
const EXPLAINED_COS = 0.9;

/**
 * The first voting round of an edge map, which does not depend on how many lines are taken: the voting edge pixels,
 * the accumulator's peaks strongest first, and the lines refined from them so far (in peak order, extended on
 * demand). localise() keeps it for the wide search on the same image, which takes 96 lines where the first took 48.
 */
export interface FirstRound {
  readonly edges: EdgeMap;
  readonly edgeThreshold: number;
  readonly voters: EdgeVoters;
  readonly peaks: readonly Peak[];
  /** Lines refined from peaks[0 .. length - 1]. */
  readonly refined: Line[];
}

export function firstRound(edges: EdgeMap, edgeThreshold: number): FirstRound {
  const diag = Math.ceil(Math.hypot(edges.width, edges.height));
  const voters = edgeVoters(edges, edgeThreshold);
  return { edges, edgeThreshold, voters, peaks: findPeaks(vote(voters, edges, null), diag, edgeThreshold), refined: [] };
}

/** The first `count` lines of the first round (fewer when it has fewer peaks), refining the ones not built yet. */
function firstRoundLines(round: FirstRound, count: number): Line[] {
  const { edges, edgeThreshold: thr, peaks, refined } = round;
  const diag = Math.ceil(Math.hypot(edges.width, edges.height));
  for (let k = refined.length; k < Math.min(count, peaks.length); k++) {
    const peak = peaks[k]!;
    const line = refineLine(edges, (peak.t * Math.PI) / THETA_BINS, peak.r - diag, thr);
    refined.push(buildSupport(edges, line.theta, line.rho, thr, peak.v));
  }
  return refined.slice(0, count);
}

/** `round`, when given, is firstRound(edges, options.edgeThreshold), possibly already used with other options. */
export function detectLines(edges: EdgeMap, options: LineOptions, round: FirstRound = firstRound(edges, options.edgeThreshold)): Line[] {
  if (round.edges !== edges || round.edgeThreshold !== options.edgeThreshold) throw new Error('detectLines: the first round given was voted on other edges or with another edge threshold');
  const { width, height } = edges;
  const thr = options.edgeThreshold;
  const lines = firstRoundLines(round, options.maxLines);
  lines.push(...recoverHiddenLines(edges, round.voters, lines, thr, options.hiddenLines ?? HIDDEN_LINES));
  for (const [theta, rho] of [[0, 0], [0, width], [Math.PI / 2, 0], [Math.PI / 2, height]] as const) {
    lines.push({ ...buildSupport(edges, theta, rho, thr, 0), frameEdge: true });
  }
  return lines;
}

/**
 * A document side close to a longer, stronger line at a small angle (a shadow stripe's edge, a newspaper's column
 * rule) is not a local maximum of the first round's accumulator: its votes fall within the stronger peak's
 * neighbourhood. A second round votes with the edge pixels no first-round line explains and keeps, of its peaks in
 * order of votes, those that are one long unbroken edge of one polarity (a border, not text or texture).
 */
function recoverHiddenLines(edges: EdgeMap, voters: EdgeVoters, found: readonly Line[], thr: number, count: number): Line[] {
  if (count <= 0) return [];
  const { width, height } = edges;
  const diag = Math.ceil(Math.hypot(width, height));
  const explained = explainedPixels(edges, found, thr);
  const minRun = HIDDEN_MIN_RUN * Math.min(width, height);
  const kept: Line[] = [];
  // The strongest residual peaks, in order, until `count` qualify.
  for (const peak of findPeaks(vote(voters, edges, explained), diag, thr).slice(0, 8 * count)) {
    const refined = refineLine(edges, (peak.t * Math.PI) / THETA_BINS, peak.r - diag, thr);
    const line = buildSupport(edges, refined.theta, refined.rho, thr, peak.v);
    const { length: run, from, to } = longestRun(line, HIDDEN_MAX_GAP);
    if (run < minRun) continue;
    // The rest of a first-round line (a blurred or slightly curved stripe edge leaves pixels its fit does not
    // explain): within HIDDEN_DUPLICATE px of it at both ends of the run adds nothing.
    const ends = [from, to].map((t) => [line.rho * line.nx - t * line.ny, line.rho * line.ny + t * line.nx] as const);
    const duplicate = (l: Line): boolean => ends.every(([x, y]) => Math.abs(x * l.nx + y * l.ny - l.rho) < HIDDEN_DUPLICATE);
    if (found.some(duplicate) || kept.some(duplicate)) continue;
    kept.push(line);
    if (kept.length >= count) break;
  }
  return kept;
}

/** Edge pixels within EXPLAINED_BAND px of a line whose gradient runs along its normal. */
function explainedPixels(edges: EdgeMap, lines: readonly Line[], thr: number): Uint8Array {
  const { width, height, magnitude, gx, gy } = edges;
  const out = new Uint8Array(width * height);
  for (const line of lines) {
    const { nx, ny } = line, dx = -ny, dy = nx, x0 = line.rho * nx, y0 = line.rho * ny;
    const [tLo, tHi] = bandInFrame(x0, y0, dx, dy, width, height);
    for (let t = Math.ceil(tLo); t <= tHi; t++) {
      for (let o = -EXPLAINED_BAND; o <= EXPLAINED_BAND; o++) {
        const x = Math.round(x0 + t * dx + o * nx), y = Math.round(y0 + t * dy + o * ny);
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const i = y * width + x, m = magnitude[i]!;
        if (m >= thr && Math.abs(gx[i]! * nx + gy[i]! * ny) >= EXPLAINED_COS * m) out[i] = 1;
      }
    }
  }
  return out;
}

/**
 * Longest stretch of the line supported by edges of one polarity, bridging gaps of up to maxGap samples: its
 * length and its ends (positions along the line).
 */
export function longestRun(line: Line, maxGap: number): { length: number; from: number; to: number } {
  let best = { length: 0, from: 0, to: 0 };
  for (const support of [line.positive, line.negative]) {
    let start = -1, last = -1;
    for (let k = 0; k + 1 < support.length; k++) {
      if (support[k + 1]! - support[k]! === 0) continue;
      if (start < 0 || k - last > maxGap + 1) start = k;
      last = k;
      if (last - start + 1 > best.length) best = { length: last - start + 1, from: line.tMin + start, to: line.tMin + last };
    }
  }
  return best;
}

/**
 * The edge pixels that vote (inside the 1 px border, magnitude >= thr), in raster order, with their accumulator
 * theta bin and weight: read once, shared by both rounds (the gradient angle is the costly part of a vote).
 */
export interface EdgeVoters {
  readonly count: number;
  readonly index: Int32Array;
  readonly center: Int16Array;
  readonly weight: Float64Array;
}

function edgeVoters(edges: EdgeMap, thr: number): EdgeVoters {
  const { width, height, gx, gy, magnitude } = edges;
  const capacity = Math.max(0, (width - 2) * (height - 2));
  const index = new Int32Array(capacity), center = new Int16Array(capacity), weight = new Float64Array(capacity);
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const m = magnitude[i] as number;
      if (m < thr) continue;
      let angle = Math.atan2(gy[i] as number, gx[i] as number);
      if (angle < 0) angle += Math.PI;
      index[count] = i;
      center[count] = Math.round((angle / Math.PI) * THETA_BINS);
      weight[count] = Math.min(m, 4 * thr);
      count++;
    }
  }
  return { count, index, center, weight };
}

/** Hough votes of every edge pixel (not marked in `skip`) along its gradient direction, +-2 theta bins. */
function vote(voters: EdgeVoters, edges: EdgeMap, skip: Uint8Array | null): Float32Array {
  const { width, height } = edges;
  const diag = Math.ceil(Math.hypot(width, height));
  const rhoBins = 2 * diag + 1;
  const acc = new Float32Array(THETA_BINS * rhoBins);
  const cosT = new Float32Array(THETA_BINS), sinT = new Float32Array(THETA_BINS);
  for (let t = 0; t < THETA_BINS; t++) { cosT[t] = Math.cos((t * Math.PI) / THETA_BINS); sinT[t] = Math.sin((t * Math.PI) / THETA_BINS); }
  const { count, index, center, weight } = voters;
  for (let p = 0; p < count; p++) {
    const i = index[p]!;
    if (skip !== null && skip[i] === 1) continue;
    const x = i % width, y = (i - x) / width;
    const c = center[p]!, w = weight[p]!;
    for (let dt = -2; dt <= 2; dt++) {
      const t = (c + dt + THETA_BINS) % THETA_BINS;
      const rho = x * (cosT[t] as number) + y * (sinT[t] as number);
      const r = Math.round(rho) + diag;
      acc[t * rhoBins + r] = (acc[t * rhoBins + r] as number) + w;
    }
  }
  return acc;
}

/** An accumulator peak: theta bin, rho bin (rho + diag) and votes. */
interface Peak { readonly t: number; readonly r: number; readonly v: number }

/** Theta offsets of a peak's neighbourhood, nearest first. */
const NEIGHBOUR_ROWS = [0, -1, 1, -2, 2, -3, 3] as const;

/** Local maxima over (theta +-3 bins, wrapping with rho sign flip, rho +-4), strongest first. */
function findPeaks(acc: Float32Array, diag: number, thr: number): Peak[] {
  const rhoBins = 2 * diag + 1;
  const peaks: Peak[] = [];
  const minVotes = thr * 20;
  for (let t = 0; t < THETA_BINS; t++) {
    for (let r = 0; r < rhoBins; r++) {
      const v = acc[t * rhoBins + r] as number;
      if (v < minVotes) continue;
      let isMax = true;
      // Same row first (the votes of a line spread along rho): most cells fail there. The order of the neighbours
      // does not change the answer, only how soon a cell that is no maximum is dropped.
      for (let step = 0; step < 7 && isMax; step++) {
        const dt = NEIGHBOUR_ROWS[step]!;
        let tt = t + dt, rr0 = r;
        if (tt < 0) { tt += THETA_BINS; rr0 = 2 * diag - r; } else if (tt >= THETA_BINS) { tt -= THETA_BINS; rr0 = 2 * diag - r; }
        for (let dr = -4; dr <= 4; dr++) {
          const rr = rr0 + dr;
          if (rr < 0 || rr >= rhoBins || (dt === 0 && dr === 0)) continue;
          const o = acc[tt * rhoBins + rr] as number;
          if (o > v || (o === v && (tt * rhoBins + rr) < t * rhoBins + r)) { isMax = false; break; }
        }
      }
      if (isMax) peaks.push({ t, r, v });
    }
  }
  peaks.sort((a, b) => b.v - a.v);
  return peaks;
}

/** Half-width of the band of pixels a line is refitted on. */
const BAND = 2;

/** Weighted total least squares on edge pixels within 2 px of the line whose gradient agrees with its normal. */
function refineLine(edges: EdgeMap, theta: number, rho: number, thr: number): { theta: number; rho: number } {
  let current = { theta, rho };
  for (let iter = 0; iter < 2; iter++) {
    const nx = Math.cos(current.theta), ny = Math.sin(current.theta);
    let sw = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    // Every pixel within 2 px of the line, walking along its direction (inlined: this runs ~10^4 times per line).
    const { width, height, magnitude, gx, gy } = edges;
    const dx = -ny, dy = nx;
    const diag = Math.hypot(width, height);
    const x0 = current.rho * nx, y0 = current.rho * ny;
    // Only the stretch of the line whose band can reach the frame adds anything: the same t values (the same
    // sequence of additions) are walked, the ones whose 5 samples all fall outside are skipped without sampling.
    const [tLo, tHi] = bandInFrame(x0, y0, dx, dy, width, height);
    let along = -diag;
    while (along < tLo) along += 1;
    for (; along <= diag && along <= tHi; along += 1) {
      const px = x0 + along * dx, py = y0 + along * dy;
      for (let o = -BAND; o <= BAND; o++) {
        const x = Math.round(px + o * nx), y = Math.round(py + o * ny);
        if (x < 1 || y < 1 || x >= width - 1 || y >= height - 1) continue;
        const i = y * width + x;
        const m = magnitude[i]!;
        if (m < thr) continue;
        const c = Math.abs((gx[i]! * nx + gy[i]! * ny) / m);
        if (c < 0.94) continue;
        const w = Math.min(m, 4 * thr);
        sw += w; sx += w * x; sy += w * y; sxx += w * x * x; syy += w * y * y; sxy += w * x * y;
      }
    }
    if (sw < thr * 10) return current;
    const mx = sx / sw, my = sy / sw;
    const cxx = sxx / sw - mx * mx, cyy = syy / sw - my * my, cxy = sxy / sw - mx * my;
    // Normal = eigenvector of the smaller eigenvalue of the scatter matrix.
    const angle = 0.5 * Math.atan2(2 * cxy, cxx - cyy) + Math.PI / 2;
    let t = angle % Math.PI;
    if (t < 0) t += Math.PI;
    const newRho = mx * Math.cos(t) + my * Math.sin(t);
    if (Math.abs(t - current.theta) > 0.1 && Math.abs(Math.abs(t - current.theta) - Math.PI) > 0.1) return current;
    current = { theta: t, rho: newRho };
  }
  return current;
}

/**
 * Range of t in which the line point (x0 + t dx, y0 + t dy) lies within BAND + 2 px of the frame: outside it every
 * sample of refineLine's band rounds to a pixel outside 1 .. size - 2 (a conservative superset, with a pixel to spare).
 */
export function bandInFrame(x0: number, y0: number, dx: number, dy: number, width: number, height: number): [number, number] {
  const pad = BAND + 2;
  let lo = -Infinity, hi = Infinity;
  for (const [p0, d, size] of [[x0, dx, width], [y0, dy, height]] as const) {
    // A direction with no component along this axis keeps the coordinate fixed: no bound from it.
    if (d === 0) continue;
    const a = (-pad - p0) / d, b = (size - 1 + pad - p0) / d;
    lo = Math.max(lo, Math.min(a, b));
    hi = Math.min(hi, Math.max(a, b));
  }
  return [lo, hi];
}

function buildSupport(edges: EdgeMap, theta: number, rho: number, thr: number, votes: number): Line {
  const { width, height } = edges;
  const nx = Math.cos(theta), ny = Math.sin(theta);
  const dx = -ny, dy = nx;
  const diag = Math.ceil(Math.hypot(width, height));
  const tMin = -diag;
  const count = 2 * diag + 1;
  const positive = new Float32Array(count + 1), negative = new Float32Array(count + 1), inFrame = new Float32Array(count + 1);
  const x0 = rho * nx, y0 = rho * ny;
  for (let k = 0; k < count; k++) {
    const t = tMin + k;
    const px = x0 + t * dx, py = y0 + t * dy;
    let best = 0, f = 0;
    if (px >= 1 && py >= 1 && px < width - 1 && py < height - 1) {
      f = 1;
      for (let o = -1.5; o <= 1.5; o += 0.75) {
        const x = Math.round(px + o * nx), y = Math.round(py + o * ny);
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const i = y * width + x;
        const m = edges.magnitude[i] as number;
        if (m < thr) continue;
        const along = (edges.gx[i] as number) * nx + (edges.gy[i] as number) * ny;
        if (Math.abs(along) > 0.9 * m && Math.abs(along) > Math.abs(best)) best = along;
      }
    }
    positive[k + 1] = (positive[k] as number) + (best > 0 ? 1 : 0);
    negative[k + 1] = (negative[k] as number) + (best < 0 ? 1 : 0);
    inFrame[k + 1] = (inFrame[k] as number) + f;
  }
  return { theta, rho, nx, ny, positive, negative, inFrame, tMin, votes, frameEdge: false };
}

/** Position along the line's direction of a point (on or near it). */
export function positionOnLine(line: Line, x: number, y: number): number {
  return -line.ny * x + line.nx * y;
}

/** Supported and in-frame sample counts between positions t1 and t2. */
export function segmentSupport(line: Line, t1: number, t2: number): { supported: number; inFrame: number; length: number } {
  const out = new Float64Array(3);
  writeSegmentSupport(line, t1, t2, out, 0);
  return { supported: out[0]!, inFrame: out[1]!, length: out[2]! };
}

/** segmentSupport's supported, in-frame and length written to out[o], out[o + 1], out[o + 2] (no object per call). */
export function writeSegmentSupport(line: Line, t1: number, t2: number, out: Float64Array, o: number): void {
  const a = Math.min(t1, t2), b = Math.max(t1, t2);
  const n = line.inFrame.length - 1;
  const ia = Math.max(0, Math.min(n, Math.round(a - line.tMin)));
  const ib = Math.max(0, Math.min(n, Math.round(b - line.tMin)));
  out[o] = Math.max(
    (line.positive[ib] as number) - (line.positive[ia] as number),
    (line.negative[ib] as number) - (line.negative[ia] as number),
  );
  out[o + 1] = (line.inFrame[ib] as number) - (line.inFrame[ia] as number);
  out[o + 2] = b - a;
}

export function intersect(a: Line, b: Line): [number, number] | null {
  const det = a.nx * b.ny - a.ny * b.nx;
  if (Math.abs(det) < 1e-6) return null;
  return [(a.rho * b.ny - b.rho * a.ny) / det, (a.nx * b.rho - b.nx * a.rho) / det];
}
