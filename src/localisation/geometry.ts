// Polygon helpers for quads: orientation, convexity, clipping and IoU.
import type { Point, Quad } from '../domain/types.js';

export function signedArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as Point, b = poly[(i + 1) % poly.length] as Point;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** Convex with a consistent turn at every corner. */
export function isConvex(poly: readonly Point[]): boolean {
  let sign = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as Point, b = poly[(i + 1) % poly.length] as Point, c = poly[(i + 2) % poly.length] as Point;
    const z = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (z === 0) return false;
    const s = Math.sign(z);
    if (sign === 0) sign = s; else if (s !== sign) return false;
  }
  return true;
}

/** Clockwise in image coordinates (y down), i.e. positive signed area. */
export function clockwise(quad: Quad): Quad {
  return signedArea(quad) >= 0 ? quad : [quad[0], quad[3], quad[2], quad[1]];
}

/** Sutherland-Hodgman clipping of `subject` by the convex polygon `clip`. */
export function clipPolygon(subject: readonly Point[], clip: readonly Point[]): Point[] {
  const ccw = signedArea(clip) < 0;
  let output: Point[] = [...subject];
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i] as Point, b = clip[(i + 1) % clip.length] as Point;
    const inside = (p: Point): boolean => {
      const z = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
      return ccw ? z <= 0 : z >= 0;
    };
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j] as Point, q = input[(j + 1) % input.length] as Point;
      const pin = inside(p), qin = inside(q);
      if (pin) output.push(p);
      if (pin !== qin) output.push(lineIntersection(p, q, a, b));
    }
  }
  return output;
}

function lineIntersection(p: Point, q: Point, a: Point, b: Point): Point {
  const d1x = q[0] - p[0], d1y = q[1] - p[1], d2x = b[0] - a[0], d2y = b[1] - a[1];
  const den = d1x * d2y - d1y * d2x;
  if (den === 0) return p;
  const t = ((a[0] - p[0]) * d2y - (a[1] - p[1]) * d2x) / den;
  return [p[0] + t * d1x, p[1] + t * d1y];
}

export function polygonArea(poly: readonly Point[]): number {
  return Math.abs(signedArea(poly));
}

/** Intersection over union of two convex quads. */
export function quadIou(a: readonly Point[], b: readonly Point[]): number {
  const inter = polygonArea(clipPolygon(a, b));
  const union = polygonArea(a) + polygonArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Area of the part of the quad inside the width x height frame. */
export function areaInFrame(quad: readonly Point[], width: number, height: number): number {
  return polygonArea(clipPolygon(quad, [[0, 0], [width, 0], [width, height], [0, height]]));
}

/** Every corner inside the width x height frame (borders included): clipping to the frame would change nothing. */
export function quadInFrame(poly: readonly Point[], width: number, height: number): boolean {
  return poly.every(([x, y]) => x >= 0 && y >= 0 && x <= width && y <= height);
}

/** Point inside (or on) a convex polygon of either orientation. */
export function insideConvex(poly: readonly Point[], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as Point, b = poly[(i + 1) % poly.length] as Point;
    const z = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
    if (z === 0) continue;
    const s = Math.sign(z);
    if (sign === 0) sign = s; else if (s !== sign) return false;
  }
  return true;
}
