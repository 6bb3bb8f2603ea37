// Document quads from the learned localiser's probability mask: connected components above a threshold, the
// component's boundary where the probability crosses the threshold (interpolated between cell centres, so better
// than a cell), its convex hull reduced to four corners, and each side re-fitted to the boundary points along it.
// Coordinates are in mask cells (cell (i, j) spans [i, i + 1] x [j, j + 1]).
import type { Point, Quad } from '../domain/types.js';
import { fitLine, intersectLines, lineThrough, type FittedLine } from './fitted-line.js';
import { clockwise, polygonArea } from './geometry.js';

export interface MaskQuad {
  /** Clockwise, in mask-cell units. */
  readonly quad: Quad;
  /** Mean probability of the component's cells. */
  readonly score: number;
  /** Component cells / all cells. */
  readonly areaFraction: number;
}

export interface MaskQuadOptions {
  readonly threshold: number;
  /** Components smaller than this many cells are noise. */
  readonly minCells: number;
}

export const DEFAULT_MASK_QUAD_OPTIONS: MaskQuadOptions = Object.freeze({ threshold: 0.5, minCells: 6 });

/** 4-connected components of cells with p >= threshold; each a list of cell indices. */
export function components(mask: Float32Array, side: number, threshold: number): number[][] {
  const label = new Int32Array(side * side).fill(-1);
  const out: number[][] = [];
  for (let start = 0; start < side * side; start++) {
    if (label[start] !== -1 || (mask[start] as number) < threshold) continue;
    const cells: number[] = [start];
    label[start] = out.length;
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k] as number;
      const x = c % side, y = (c - x) / side;
      for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
        if (nx < 0 || ny < 0 || nx >= side || ny >= side) continue;
        const n = ny * side + nx;
        if (label[n] === -1 && (mask[n] as number) >= threshold) { label[n] = out.length; cells.push(n); }
      }
    }
    out.push(cells);
  }
  return out;
}

/** Where the probability crosses the threshold around the component, one point per boundary cell side. */
function boundaryPoints(mask: Float32Array, side: number, threshold: number, cells: readonly number[]): Point[] {
  const inside = new Set(cells);
  const points: Point[] = [];
  for (const c of cells) {
    const x = c % side, y = (c - x) / side;
    const p = mask[c] as number;
    for (const [dx, dy] of [[-1, 0], [1, 0], [0, -1], [0, 1]] as const) {
      const nx = x + dx, ny = y + dy;
      const cx = x + 0.5, cy = y + 0.5;
      if (nx < 0 || ny < 0 || nx >= side || ny >= side) {
        // The document runs out of the frame (or the mask): its boundary is the mask's edge.
        points.push([cx + dx * 0.5, cy + dy * 0.5]);
        continue;
      }
      const n = ny * side + nx;
      if (inside.has(n)) continue;
      const q = mask[n] as number;
      const t = p > q ? Math.min(1, Math.max(0, (p - threshold) / (p - q))) : 0.5;
      points.push([cx + dx * t, cy + dy * t]);
    }
  }
  return points;
}

/** z of (a - o) x (b - o): > 0 when o -> a -> b turns clockwise in image coordinates (y down). */
function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Convex hull (Andrew's monotone chain), clockwise in image coordinates (y down). */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/**
 * The largest-area quadrilateral with its corners among the hull's vertices: for every diagonal (i, k), the vertex
 * farthest from it on each side. A rounded or slightly cut corner then costs little area, and no side of the
 * document is lost (cutting vertices one by one can merge a short side into its neighbours).
 */
export function reduceToQuad(hull: readonly Point[]): Point[] | null {
  const n = hull.length;
  if (n < 4) return null;
  let best: [number, number, number, number] | null = null, bestArea = 0;
  for (let i = 0; i < n; i++) {
    for (let k = i + 2; k < n; k++) {
      if (i === 0 && k === n - 1) continue;
      const a = hull[i]!, c = hull[k]!;
      let j = -1, left = 0;
      for (let t = i + 1; t < k; t++) { const v = Math.abs(cross(a, c, hull[t]!)); if (v > left) { left = v; j = t; } }
      let l = -1, right = 0;
      for (let t = k + 1; t < n + i; t++) { const v = Math.abs(cross(a, c, hull[t % n]!)); if (v > right) { right = v; l = t % n; } }
      if (j < 0 || l < 0) continue;
      if (left + right > bestArea) { bestArea = left + right; best = [i, j, k, l]; }
    }
  }
  if (best === null) return null;
  return best.map((v) => hull[v]!);
}

/**
 * Re-fits each side of `corners` to the boundary points nearest to it (away from the corners, which are rounded
 * on cards and cut by the hull reduction); keeps the corners when a fit fails or moves a corner too far.
 */
export function refitSides(corners: readonly Point[], points: readonly Point[]): Point[] {
  const lines: FittedLine[] = [];
  for (let s = 0; s < 4; s++) {
    const a = corners[s]!, b = corners[(s + 1) % 4]!;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (length < 1e-6) return [...corners];
    const dx = (b[0] - a[0]) / length, dy = (b[1] - a[1]) / length;
    const near = points.filter(([x, y]) => {
      const t = ((x - a[0]) * dx + (y - a[1]) * dy) / length;
      const d = Math.abs((x - a[0]) * dy - (y - a[1]) * dx);
      return t > 0.15 && t < 0.85 && d < Math.max(1, 0.08 * length);
    });
    const line = near.length >= 3 ? fitLine(near) : null;
    lines.push(line ?? lineThrough(a, b));
  }
  const out: Point[] = [];
  for (let s = 0; s < 4; s++) {
    const p = intersectLines(lines[(s + 3) % 4]!, lines[s]!);
    const o = corners[s]!;
    const size = Math.sqrt(polygonArea(corners));
    if (p === null || Math.hypot(p[0] - o[0], p[1] - o[1]) > 0.25 * size) return [...corners];
    out.push(p);
  }
  return out;
}

/** Document quads found in a side x side probability mask, best score first. */
export function maskQuads(mask: Float32Array, side: number, options: MaskQuadOptions = DEFAULT_MASK_QUAD_OPTIONS): MaskQuad[] {
  if (mask.length !== side * side) throw new Error(`mask has ${mask.length} values, expected ${side} x ${side}`);
  const out: MaskQuad[] = [];
  for (const cells of components(mask, side, options.threshold)) {
    if (cells.length < options.minCells) continue;
    const points = boundaryPoints(mask, side, options.threshold, cells);
    const corners = reduceToQuad(convexHull(points));
    if (corners === null) continue;
    const quad = clockwise(refitSides(corners, points) as unknown as Quad);
    let sum = 0;
    for (const c of cells) sum += mask[c] as number;
    out.push({ quad, score: sum / cells.length, areaFraction: cells.length / (side * side) });
  }
  return out.sort((a, b) => b.score * b.areaFraction - a.score * a.areaFraction);
}
