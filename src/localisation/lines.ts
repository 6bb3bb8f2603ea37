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
}

const THETA_BINS = 180;

export function detectLines(edges: EdgeMap, options: LineOptions): Line[] {
  const { width, height, gx, gy, magnitude } = edges;
  const diag = Math.ceil(Math.hypot(width, height));
  const rhoBins = 2 * diag + 1;
  const acc = new Float32Array(THETA_BINS * rhoBins);
  const cosT = new Float32Array(THETA_BINS), sinT = new Float32Array(THETA_BINS);
  for (let t = 0; t < THETA_BINS; t++) { cosT[t] = Math.cos((t * Math.PI) / THETA_BINS); sinT[t] = Math.sin((t * Math.PI) / THETA_BINS); }
  const thr = options.edgeThreshold;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const m = magnitude[i] as number;
      if (m < thr) continue;
      let angle = Math.atan2(gy[i] as number, gx[i] as number);
      if (angle < 0) angle += Math.PI;
      const center = Math.round((angle / Math.PI) * THETA_BINS);
      const w = Math.min(m, 4 * thr);
      for (let dt = -2; dt <= 2; dt++) {
        const t = (center + dt + THETA_BINS) % THETA_BINS;
        const rho = x * (cosT[t] as number) + y * (sinT[t] as number);
        const r = Math.round(rho) + diag;
        acc[t * rhoBins + r] = (acc[t * rhoBins + r] as number) + w;
      }
    }
  }
  // Peaks: local maxima over (theta +-3 bins, wrapping with rho sign flip, rho +-4).
  const peaks: { t: number; r: number; v: number }[] = [];
  const minVotes = thr * 20;
  for (let t = 0; t < THETA_BINS; t++) {
    for (let r = 0; r < rhoBins; r++) {
      const v = acc[t * rhoBins + r] as number;
      if (v < minVotes) continue;
      let isMax = true;
      for (let dt = -3; dt <= 3 && isMax; dt++) {
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
  const lines: Line[] = [];
  for (const peak of peaks.slice(0, options.maxLines)) {
    const theta = (peak.t * Math.PI) / THETA_BINS;
    const refined = refineLine(edges, theta, peak.r - diag, thr);
    lines.push(buildSupport(edges, refined.theta, refined.rho, thr, peak.v));
  }
  const { width: w, height: h } = edges;
  for (const [theta, rho] of [[0, 0], [0, w], [Math.PI / 2, 0], [Math.PI / 2, h]] as const) {
    lines.push({ ...buildSupport(edges, theta, rho, thr, 0), frameEdge: true });
  }
  return lines;
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
  const a = Math.min(t1, t2), b = Math.max(t1, t2);
  const n = line.inFrame.length - 1;
  const ia = Math.max(0, Math.min(n, Math.round(a - line.tMin)));
  const ib = Math.max(0, Math.min(n, Math.round(b - line.tMin)));
  return {
    supported: Math.max(
      (line.positive[ib] as number) - (line.positive[ia] as number),
      (line.negative[ib] as number) - (line.negative[ia] as number),
    ),
    inFrame: (line.inFrame[ib] as number) - (line.inFrame[ia] as number),
    length: b - a,
  };
}

export function intersect(a: Line, b: Line): [number, number] | null {
  const det = a.nx * b.ny - a.ny * b.nx;
  if (Math.abs(det) < 1e-6) return null;
  return [(a.rho * b.ny - b.rho * a.ny) / det, (a.nx * b.rho - b.nx * a.rho) / det];
}
