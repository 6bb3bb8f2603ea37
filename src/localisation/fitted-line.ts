// Lines in normal form (nx, ny, rho: x nx + y ny = rho) as the quad refinements fit them: to the border points of a
// side in the image (refine.ts) or of the learned localiser's mask (mask-quads.ts).
import type { Point } from '../domain/types.js';

export interface FittedLine { readonly nx: number; readonly ny: number; readonly rho: number }

/** Total least squares line through the points (null for fewer than two). */
export function fitLine(points: readonly Point[]): FittedLine | null {
  const n = points.length;
  if (n < 2) return null;
  let mx = 0, my = 0;
  for (const [x, y] of points) { mx += x; my += y; }
  mx /= n; my /= n;
  let cxx = 0, cyy = 0, cxy = 0;
  for (const [x, y] of points) { cxx += (x - mx) ** 2; cyy += (y - my) ** 2; cxy += (x - mx) * (y - my); }
  const theta = 0.5 * Math.atan2(2 * cxy, cxx - cyy) + Math.PI / 2;
  const nx = Math.cos(theta), ny = Math.sin(theta);
  return { nx, ny, rho: mx * nx + my * ny };
}

/** The line through a and b. */
export function lineThrough(a: Point, b: Point): FittedLine {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  const nx = -(b[1] - a[1]) / length, ny = (b[0] - a[0]) / length;
  return { nx, ny, rho: a[0] * nx + a[1] * ny };
}

/** Where two lines cross (null when they are parallel). */
export function intersectLines(p: FittedLine, q: FittedLine): Point | null {
  const det = p.nx * q.ny - p.ny * q.nx;
  if (Math.abs(det) < 1e-6) return null;
  return [(p.rho * q.ny - q.rho * p.ny) / det, (p.nx * q.rho - q.nx * p.rho) / det];
}

/**
 * The line through two of the points that most of the others lie within `tolerance` of, refitted to those
 * (null when fewer than two points agree). Unlike a least-squares start it is not pulled by a second group of points
 * (print further inside a border), so trimming can keep the larger group.
 */
export function consensusLine(points: readonly Point[], tolerance: number): { line: FittedLine; inliers: Point[] } | null {
  let best: Point[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i]!, b = points[j]!;
      if (Math.hypot(b[0] - a[0], b[1] - a[1]) < 1e-6) continue;
      const line = lineThrough(a, b);
      const inliers = points.filter(([x, y]) => Math.abs(x * line.nx + y * line.ny - line.rho) < tolerance);
      if (inliers.length > best.length) best = inliers;
    }
  }
  const line = fitLine(best);
  return line === null ? null : { line, inliers: best };
}
