// Quad hypotheses from pairs of roughly parallel edge lines, scored by how much of their perimeter is a real edge,
// by how well their true aspect fits an identity-document format, and by whether their inside carries print.
import type { Point, Quad } from '../domain/types.js';
import type { Plane } from '../image/types.js';
import { sampleBilinear } from '../image/raster.js';
import { ID1_ASPECT, ID3_ASPECT, trueAspect } from './aspect.js';
import { areaInFrame, clockwise, isConvex, polygonArea } from './geometry.js';
import { intersect, positionOnLine, segmentSupport, type Line } from './lines.js';

export interface QuadCandidate {
  readonly quad: Quad;
  /** Fraction of the in-frame perimeter that is an edge parallel to the side (0..1), blending mean and worst side. */
  readonly edgeScore: number;
  readonly aspect: number;
  readonly aspectScore: number;
  /** Fraction of interior cells that carry print / texture. */
  readonly contentScore: number;
  /** Fraction of the quad's area inside the frame. */
  readonly inFrameFraction: number;
  readonly areaFraction: number;
  readonly score: number;
}

export interface QuadSearchOptions {
  readonly width: number;
  readonly height: number;
  /** Smallest quad to consider, as a fraction of the frame area. */
  readonly minAreaFraction: number;
  /** Edge density plane (fraction of edge pixels around each pixel). */
  readonly density: Plane;
  readonly densityThreshold: number;
}

/** Aspect score of a quad closed by the frame: below a well-fitting whole document, above a misfit. */
const TRUNCATED_ASPECT_SCORE = 0.6;
const MAX_PAIR_ANGLE = (25 * Math.PI) / 180;
const MIN_CROSS_ANGLE = (50 * Math.PI) / 180;

export function searchQuads(lines: readonly Line[], options: QuadSearchOptions): QuadCandidate[] {
  const { width, height } = options;
  const frameArea = width * height;
  const pairs: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      if (angleBetween(lines[i]!, lines[j]!) > MAX_PAIR_ANGLE) continue;
      const p = intersect(lines[i]!, lines[j]!);
      // Parallel-ish lines must not cross inside the (generously extended) frame.
      if (p !== null && p[0] > -width && p[0] < 2 * width && p[1] > -height && p[1] < 2 * height) continue;
      pairs.push([i, j]);
    }
  }
  const coarse: { quad: Quad; edgeScore: number; inFrameFraction: number; areaFraction: number; truncated: boolean }[] = [];
  for (let a = 0; a < pairs.length; a++) {
    const [i, j] = pairs[a]!;
    for (let b = a + 1; b < pairs.length; b++) {
      const [k, l] = pairs[b]!;
      if (k === i || k === j || l === i || l === j) continue;
      if (angleBetween(lines[i]!, lines[k]!) < MIN_CROSS_ANGLE) continue;
      const li = lines[i]!, lj = lines[j]!, lk = lines[k]!, ll = lines[l]!;
      const frameEdges = (li.frameEdge ? 1 : 0) + (lj.frameEdge ? 1 : 0) + (lk.frameEdge ? 1 : 0) + (ll.frameEdge ? 1 : 0);
      // At most two sides may be the frame (a document past a corner of the frame).
      if (frameEdges > 2) continue;
      const c1 = intersect(li, lk), c2 = intersect(lk, lj), c3 = intersect(lj, ll), c4 = intersect(ll, li);
      if (c1 === null || c2 === null || c3 === null || c4 === null) continue;
      const poly: Point[] = [c1, c2, c3, c4];
      if (!poly.every((p) => p[0] > -0.6 * width && p[0] < 1.6 * width && p[1] > -0.6 * height && p[1] < 1.6 * height)) continue;
      if (!isConvex(poly)) continue;
      const area = polygonArea(poly);
      if (area < options.minAreaFraction * frameArea) continue;
      const sides: [Line, Point, Point][] = [[lk, c1, c2], [lj, c2, c3], [ll, c3, c4], [li, c4, c1]];
      let supported = 0, inFrame = 0, perimeter = 0, worst = 1, sidesInFrame = 0;
      for (const [line, p, q] of sides) {
        const s = segmentSupport(line, positionOnLine(line, p[0], p[1]), positionOnLine(line, q[0], q[1]));
        supported += s.supported; inFrame += s.inFrame; perimeter += s.length;
        if (s.inFrame >= Math.max(8, 0.25 * s.length)) {
          sidesInFrame++;
          worst = Math.min(worst, s.supported / s.inFrame);
        }
      }
      if (sidesInFrame < 2 || inFrame < 0.4 * perimeter) continue;
      const mean = supported / inFrame;
      const edgeScore = 0.5 * mean + 0.5 * worst;
      if (edgeScore < 0.3) continue;
      const inside = areaInFrame(poly, width, height);
      coarse.push({ quad: clockwise(poly as unknown as Quad), edgeScore, inFrameFraction: inside / area, areaFraction: inside / frameArea, truncated: frameEdges > 0 });
    }
  }
  coarse.sort((x, y) => y.edgeScore - x.edgeScore);
  const out: QuadCandidate[] = [];
  for (const c of coarse.slice(0, 400)) {
    const aspect = trueAspect(c.quad, width, height);
    // A document cut by the frame shows only part of its shape: any aspect up to a strip is possible.
    const formatFit = Math.max(gauss(aspect, ID1_ASPECT, 0.06), gauss(aspect, ID3_ASPECT, 0.06));
    const aspectScore = c.truncated ? Math.max(formatFit, aspect <= 2.5 ? TRUNCATED_ASPECT_SCORE : 0) : formatFit;
    if (aspectScore < 0.05) continue;
    const contentScore = interiorContent(c.quad, options.density, options.densityThreshold, width, height);
    // Larger documents with the same evidence win (the card over its own printed frames and photo).
    const sizeScore = Math.min(1, 0.75 + 0.25 * Math.sqrt(c.areaFraction / 0.1));
    // The border evidence dominates; print inside only breaks ties (cards have blank areas, clutter has print).
    const score = c.edgeScore ** 2 * (0.4 + 0.6 * aspectScore) * (0.6 + 0.4 * contentScore) * sizeScore * (0.6 + 0.4 * c.inFrameFraction);
    out.push({ quad: c.quad, edgeScore: c.edgeScore, aspect, aspectScore, contentScore, inFrameFraction: c.inFrameFraction, areaFraction: c.areaFraction, score });
  }
  out.sort((x, y) => y.score - x.score);
  return out;
}

/** Fraction of a 6 x 4 grid of interior cells (in-frame ones) whose edge density reaches the threshold. */
function interiorContent(quad: Quad, density: Plane, threshold: number, width: number, height: number): number {
  const [p0, p1, p2, p3] = quad;
  let busy = 0, cells = 0;
  const nu = 6, nv = 4;
  for (let v = 0; v < nv; v++) {
    for (let u = 0; u < nu; u++) {
      // Bilinear interpolation of the corners is enough at this scale.
      const s = (u + 0.5) / nu, t = (v + 0.5) / nv;
      const x = (1 - t) * ((1 - s) * p0[0] + s * p1[0]) + t * ((1 - s) * p3[0] + s * p2[0]);
      const y = (1 - t) * ((1 - s) * p0[1] + s * p1[1]) + t * ((1 - s) * p3[1] + s * p2[1]);
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      cells++;
      if (sampleBilinear(density, x, y) >= threshold) busy++;
    }
  }
  return cells > 0 ? busy / cells : 0;
}

function angleBetween(a: Line, b: Line): number {
  const d = Math.abs(a.theta - b.theta);
  return Math.min(d, Math.PI - d);
}

function gauss(x: number, mu: number, sigma: number): number {
  return Math.exp(-0.5 * ((x - mu) / sigma) ** 2);
}
