// Localisation quality: intersection over union of two document quads, by polygon clipping. Document quads are
// almost always convex: those are clipped with Sutherland-Hodgman (microseconds); any other pair goes through
// polyclip-ts, which handles concave and self-crossing polygons exactly but costs about a millisecond.

import { intersection, union, type Geom } from 'polyclip-ts';
import type { Quad } from '../domain/types.js';

type MultiPolygon = ReturnType<typeof union>;

function ringArea(ring: readonly (readonly [number, number])[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as readonly [number, number];
    const [x2, y2] = ring[(i + 1) % ring.length] as readonly [number, number];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** Area of a clipping result: outer rings minus holes. */
function multiPolygonArea(shape: MultiPolygon): number {
  let area = 0;
  for (const polygon of shape) {
    polygon.forEach((ring, index) => {
      area += index === 0 ? ringArea(ring) : -ringArea(ring);
    });
  }
  return area;
}

// Coordinates are snapped to a micro-pixel grid: far below any localisation error, and it keeps polyclip-ts away
// from subnormal numbers, on which it fails to close rings.
const snap = (v: number): number => Math.round(v * 1e6) / 1e6;

function toGeom(quad: Quad): Geom {
  return [quad.map(([x, y]) => [snap(x), snap(y)] as [number, number])];
}

type P = readonly [number, number];

const cross = (o: P, a: P, b: P): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Strictly convex with a consistent turn direction (so neither self-crossing nor degenerate). */
export function isConvexQuad(q: Quad): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const c = cross(q[i] as P, q[(i + 1) % 4] as P, q[(i + 2) % 4] as P);
    if (c === 0) return false;
    if (sign === 0) sign = Math.sign(c);
    else if (Math.sign(c) !== sign) return false;
  }
  // four turns the same way: for four vertices that is a convex, simple quadrilateral
  return true;
}

/** Sutherland-Hodgman: `subject` clipped by the convex polygon `clip` (either orientation). */
function clipConvex(subject: readonly P[], clip: readonly P[]): P[] {
  const orientation = Math.sign(cross(clip[0] as P, clip[1] as P, clip[2] as P));
  let output: P[] = [...subject];
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i] as P;
    const b = clip[(i + 1) % clip.length] as P;
    const inside = (p: P): boolean => orientation * cross(a, b, p) >= 0;
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const current = input[j] as P;
      const previous = input[(j + input.length - 1) % input.length] as P;
      const intersect = (): P => {
        const d1 = cross(a, b, previous);
        const d2 = cross(a, b, current);
        const t = d1 / (d1 - d2);
        return [previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])];
      };
      if (inside(current)) {
        if (!inside(previous)) output.push(intersect());
        output.push(current);
      } else if (inside(previous)) output.push(intersect());
    }
  }
  return output;
}

/** IoU in [0, 1]; 0 when the union has no area (degenerate quads). */
export function quadIou(a: Quad, b: Quad): number {
  if (isConvexQuad(a) && isConvexQuad(b)) {
    const intersectionArea = ringArea(clipConvex(a, b));
    const unionArea = ringArea(a) + ringArea(b) - intersectionArea;
    return unionArea > 0 ? Math.min(1, Math.max(0, intersectionArea / unionArea)) : 0;
  }
  return quadIouByPolyclip(a, b);
}

/** The general path (exported for tests that compare both). */
export function quadIouByPolyclip(a: Quad, b: Quad): number {
  const ga = toGeom(a);
  const gb = toGeom(b);
  const unionArea = multiPolygonArea(union(ga, gb));
  if (!(unionArea > 0)) return 0;
  return Math.min(1, multiPolygonArea(intersection(ga, gb)) / unionArea);
}
