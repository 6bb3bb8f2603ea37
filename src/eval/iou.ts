// Localisation quality: intersection over union of two document quads, by polygon clipping (polyclip-ts handles
// any simple polygon, so a concave or slightly self-crossing detector quad still gets an honest area).

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

function toGeom(quad: Quad): Geom {
  return [quad.map(([x, y]) => [x, y] as [number, number])];
}

/** IoU in [0, 1]; 0 when the union has no area (degenerate quads). */
export function quadIou(a: Quad, b: Quad): number {
  const ga = toGeom(a);
  const gb = toGeom(b);
  const unionArea = multiPolygonArea(union(ga, gb));
  if (!(unionArea > 0)) return 0;
  return Math.min(1, multiPolygonArea(intersection(ga, gb)) / unionArea);
}
