// Soft masks over convex quads in image pixels: how edits are blended (feathered edges give halos and seams).
import type { LabQuad } from '../types.js';

/** Approximate signed distance (px) from a point to a convex quad, negative inside (exact inside and near edges). */
export function quadSignedDistance(quad: LabQuad, x: number, y: number): number {
  // Orientation-independent: use the quad's winding to orient edge normals outwards.
  let area = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = quad[i]!;
    const [bx, by] = quad[(i + 1) % 4]!;
    area += ax * by - bx * ay;
  }
  const sign = area >= 0 ? 1 : -1;
  let d = -Infinity;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = quad[i]!;
    const [bx, by] = quad[(i + 1) % 4]!;
    const ex = bx - ax;
    const ey = by - ay;
    const len = Math.hypot(ex, ey) || 1;
    // Outward normal for a clockwise-on-screen (positive area in y-down) polygon.
    const nx = (ey / len) * sign;
    const ny = (-ex / len) * sign;
    d = Math.max(d, (x - ax) * nx + (y - ay) * ny);
  }
  return d;
}

/** Scales a quad about its centroid (factor > 1 grows it). */
export function scaleQuad(quad: LabQuad, factor: number): LabQuad {
  const cx = quad.reduce((s, p) => s + p[0], 0) / 4;
  const cy = quad.reduce((s, p) => s + p[1], 0) / 4;
  return quad.map(([x, y]) => [cx + (x - cx) * factor, cy + (y - cy) * factor] as const) as unknown as LabQuad;
}

/** Blend weight: 1 deep inside, 0 outside, a linear ramp `feather` px wide centred on the edge. */
export function featherWeight(quad: LabQuad, feather: number, x: number, y: number): number {
  const d = quadSignedDistance(quad, x, y);
  return Math.min(1, Math.max(0, 0.5 - d / Math.max(0.5, feather)));
}
