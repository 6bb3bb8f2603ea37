// Sub-pixel refinement of a document quad on a finer image: each side is re-fitted to the strongest step along its
// normal (one polarity per side, as a border has), then the corners are the intersections of the refitted sides.
import type { Point, Quad } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { fitLine, intersectLines, lineThrough, type FittedLine } from './fitted-line.js';

/**
 * `quad` is in `image` pixels; `searchRadius` (pixels of `image`) bounds how far a side may move. Sides with too few
 * agreeing samples (hidden by a finger, outside the frame) keep their position.
 */
export function refineQuad(image: RgbImage, quad: Quad, searchRadius: number): Quad {
  const lines: FittedLine[] = [];
  for (let s = 0; s < 4; s++) {
    const a = quad[s] as Point, b = quad[(s + 1) % 4] as Point;
    lines.push(refineSide(image, a, b, searchRadius) ?? lineThrough(a, b));
  }
  const corners: Point[] = [];
  for (let s = 0; s < 4; s++) {
    const p = intersectLines(lines[(s + 3) % 4]!, lines[s]!);
    if (p === null) return quad;
    // A refinement that moves a corner further than the search allows is a wrong fit: keep the original.
    const o = quad[s] as Point;
    if (Math.hypot(p[0] - o[0], p[1] - o[1]) > 3 * searchRadius) return quad;
    corners.push(p);
  }
  return corners as unknown as Quad;
}

function refineSide(image: RgbImage, a: Point, b: Point, radius: number): FittedLine | null {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (length < 8) return null;
  const dx = (b[0] - a[0]) / length, dy = (b[1] - a[1]) / length;
  const nx = -dy, ny = dx;
  const samples = Math.max(8, Math.min(60, Math.round(length / 4)));
  const steps = Math.ceil(radius);
  const found: { x: number; y: number; grad: number }[] = [];
  for (let k = 0; k < samples; k++) {
    // Stay clear of the (rounded) corners.
    const t = 0.1 + (0.8 * (k + 0.5)) / samples;
    const cx = a[0] + (b[0] - a[0]) * t, cy = a[1] + (b[1] - a[1]) * t;
    if (cx < 2 || cy < 2 || cx > image.width - 3 || cy > image.height - 3) continue;
    let best = 0, bestOffset = 0;
    let previous = colourAt(image, cx - (steps + 1) * nx, cy - (steps + 1) * ny);
    for (let o = -steps; o <= steps + 1; o++) {
      const current = colourAt(image, cx + o * nx, cy + o * ny);
      // Derivative along the normal at o - 0.5, strongest channel with its sign.
      let g = 0;
      for (let c = 0; c < 3; c++) { const d = current[c]! - previous[c]!; if (Math.abs(d) > Math.abs(g)) g = d; }
      if (Math.abs(g) > Math.abs(best)) { best = g; bestOffset = o - 0.5; }
      previous = current;
    }
    if (Math.abs(best) >= 6) found.push({ x: cx + bestOffset * nx, y: cy + bestOffset * ny, grad: best });
  }
  // One polarity per side: keep the majority sign.
  const positive = found.filter((f) => f.grad > 0), negative = found.filter((f) => f.grad < 0);
  let points = positive.length >= negative.length ? positive : negative;
  if (points.length < Math.max(5, 0.35 * samples)) return null;
  let line = fitLine(points.map((p) => [p.x, p.y] as Point));
  for (let iter = 0; iter < 2 && line !== null; iter++) {
    const current = line;
    const kept = points.filter((p) => Math.abs(p.x * current.nx + p.y * current.ny - current.rho) < 1.5);
    if (kept.length < Math.max(5, 0.3 * samples)) break;
    points = kept;
    line = fitLine(points.map((p) => [p.x, p.y] as Point));
  }
  return line;
}

function colourAt(image: RgbImage, x: number, y: number): [number, number, number] {
  const { width, height, data } = image;
  const fx = Math.min(Math.max(x - 0.5, 0), width - 1), fy = Math.min(Math.max(y - 0.5, 0), height - 1);
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, width - 1), y1 = Math.min(y0 + 1, height - 1);
  const ax = fx - x0, ay = fy - y0;
  const out: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const p00 = data[(y0 * width + x0) * 3 + c] as number, p10 = data[(y0 * width + x1) * 3 + c] as number;
    const p01 = data[(y1 * width + x0) * 3 + c] as number, p11 = data[(y1 * width + x1) * 3 + c] as number;
    out[c] = (p00 * (1 - ax) + p10 * ax) * (1 - ay) + (p01 * (1 - ax) + p11 * ax) * ay;
  }
  return out;
}
