// Quad hypotheses from pairs of roughly parallel edge lines, scored by how much of their perimeter is a real edge,
// by how well their true aspect fits an identity-document format, and by whether their inside carries print.
import type { Point, Quad } from '../domain/types.js';
import type { Plane } from '../image/types.js';
import { sampleBilinear } from '../image/raster.js';
import { FOCAL_FRACTION, ID1_ASPECT, ID3_ASPECT, trueAspect } from './aspect.js';
import { areaInFrame, clockwise, isConvex, polygonArea, quadInFrame } from './geometry.js';
import { intersect, positionOnLine, writeSegmentSupport, type Line } from './lines.js';

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
  /** Only the body of a passport page fits (its MRZ zone not seen): a document only if the zone is found beyond. */
  readonly passportBody: boolean;
  /** Closed by an edge of the frame (a document partly outside it, or a part of one). */
  readonly truncated: boolean;
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
/** ID-3 page without its MRZ zone (the bottom 23.2 mm of 88, ICAO 9303): 125 x 64.8 mm. */
const PASSPORT_BODY_ASPECT = 125 / (88 - 23.2);
const PASSPORT_BODY_WEIGHT = 0.8;
const MAX_PAIR_ANGLE = (25 * Math.PI) / 180;
const MIN_CROSS_ANGLE = (50 * Math.PI) / 180;
const COARSE_FIELDS = 12;
const SIDE_FIELDS = 4;
/**
 * Quads scored in full (content, clipping), the best by their partial score. Ranked by edge score alone, the first
 * 400 on a page under blinds or shadow stripes were all stripe rectangles (docs/quality.md, round 8).
 */
const MAX_SCORED = 400;
/** Below this format fit a quad is not a document hypothesis. */
const MIN_ASPECT_SCORE = 0.05;

let coarseRecords = new Float64Array(COARSE_FIELDS * 1024);

export function searchQuads(lines: readonly Line[], options: QuadSearchOptions): QuadCandidate[] {
  const { width, height } = options;
  const frameArea = width * height;
  const n = lines.length;
  // Every pairwise intersection once (NaN for parallel lines): a quad's corners are four of them.
  const cross = new Float64Array(2 * n * n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = intersect(lines[i]!, lines[j]!);
      if (p === null) continue;
      cross[2 * (i * n + j)] = cross[2 * (j * n + i)] = p[0];
      cross[2 * (i * n + j) + 1] = cross[2 * (j * n + i) + 1] = p[1];
    }
  }
  // Lines far enough apart in angle to be adjacent sides, read once per line pair instead of once per pair of pairs.
  const crossing = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) crossing[i * n + k] = angleBetween(lines[i]!, lines[k]!) < MIN_CROSS_ANGLE ? 0 : 1;
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (angleBetween(lines[i]!, lines[j]!) > MAX_PAIR_ANGLE) continue;
      const x = cross[2 * (i * n + j)]!, y = cross[2 * (i * n + j) + 1]!;
      // Parallel-ish lines must not cross inside the (generously extended) frame.
      if (!Number.isNaN(x) && x > -width && x < 2 * width && y > -height && y < 2 * height) continue;
      pairs.push([i, j]);
    }
  }
  // Edge support of the side that line k makes between the two lines of each pair, read once per (pair, line):
  // [supported, in frame, length, supported / in frame] at ((pair * n) + k) * SIDE_FIELDS. The ratio is NaN for a
  // side too little in the frame to count in the worst side, as for a side between parallel lines.
  const sideFacts = new Float64Array(pairs.length * n * SIDE_FIELDS).fill(Number.NaN);
  for (let a = 0; a < pairs.length; a++) {
    const [i, j] = pairs[a]!;
    for (let k = 0; k < n; k++) {
      if (k === i || k === j) continue;
      const xi = cross[2 * (k * n + i)]!, yi = cross[2 * (k * n + i) + 1]!, xj = cross[2 * (k * n + j)]!, yj = cross[2 * (k * n + j) + 1]!;
      if (Number.isNaN(xi) || Number.isNaN(xj)) continue;
      const line = lines[k]!;
      const o = (a * n + k) * SIDE_FIELDS;
      writeSegmentSupport(line, positionOnLine(line, xi, yi), positionOnLine(line, xj, yj), sideFacts, o);
      const sInFrame = sideFacts[o + 1]!;
      if (sInFrame >= Math.max(8, 0.25 * sideFacts[o + 2]!)) sideFacts[o + 3] = sideFacts[o]! / sInFrame;
    }
  }
  const frameEdge = Uint8Array.from(lines, (line) => (line.frameEdge ? 1 : 0));
  const xLo = -0.6 * width, xHi = 1.6 * width, yLo = -0.6 * height, yHi = 1.6 * height;
  const minArea = options.minAreaFraction * frameArea;
  const corners = new Float64Array(8);
  // Quads passing the edge test, as flat records (thousands per frame: no object per quad):
  // 8 corner coordinates, area, edge score, truncated, partial score. The buffer is kept for the next frame (only the first
  // coarseCount records, all written below, are read).
  let coarse = coarseRecords;
  let coarseCount = 0;
  for (let a = 0; a < pairs.length; a++) {
    const [i, j] = pairs[a]!;
    for (let b = a + 1; b < pairs.length; b++) {
      const [k, l] = pairs[b]!;
      if (k === i || k === j || l === i || l === j) continue;
      if (crossing[i * n + k] === 0) continue;
      const frameEdges = frameEdge[i]! + frameEdge[j]! + frameEdge[k]! + frameEdge[l]!;
      // At most two sides may be the frame (a document past a corner of the frame).
      if (frameEdges > 2) continue;
      // Edge support first: the cheapest test, and the one most quads fail.
      // Sides in order: on k (between i and j), on j (between k and l), on l (between i and j), on i (between k and l).
      const s1 = (a * n + k) * SIDE_FIELDS, s2 = (b * n + j) * SIDE_FIELDS, s3 = (a * n + l) * SIDE_FIELDS, s4 = (b * n + i) * SIDE_FIELDS;
      const supported = sideFacts[s1]! + sideFacts[s2]! + sideFacts[s3]! + sideFacts[s4]!;
      const inFrame = sideFacts[s1 + 1]! + sideFacts[s2 + 1]! + sideFacts[s3 + 1]! + sideFacts[s4 + 1]!;
      const perimeter = sideFacts[s1 + 2]! + sideFacts[s2 + 2]! + sideFacts[s3 + 2]! + sideFacts[s4 + 2]!;
      // The sides in the frame, and the worst of their support ratios (NaN: not in the frame, fails >= 0).
      const r1 = sideFacts[s1 + 3]!, r2 = sideFacts[s2 + 3]!, r3 = sideFacts[s3 + 3]!, r4 = sideFacts[s4 + 3]!;
      const sidesInFrame = (r1 >= 0 ? 1 : 0) + (r2 >= 0 ? 1 : 0) + (r3 >= 0 ? 1 : 0) + (r4 >= 0 ? 1 : 0);
      let worst = 1;
      if (r1 >= 0) worst = Math.min(worst, r1);
      if (r2 >= 0) worst = Math.min(worst, r2);
      if (r3 >= 0) worst = Math.min(worst, r3);
      if (r4 >= 0) worst = Math.min(worst, r4);
      // Negated tests: a side between parallel lines is NaN and fails them all.
      if (!(sidesInFrame >= 2 && inFrame >= 0.4 * perimeter)) continue;
      const mean = supported / inFrame;
      const edgeScore = 0.5 * mean + 0.5 * worst;
      if (!(edgeScore >= 0.3)) continue;
      // Corners c1 = i x k, c2 = k x j, c3 = j x l, c4 = l x i.
      const c1 = 2 * (i * n + k), c2 = 2 * (k * n + j), c3 = 2 * (j * n + l), c4 = 2 * (l * n + i);
      corners[0] = cross[c1]!; corners[1] = cross[c1 + 1]!; corners[2] = cross[c2]!; corners[3] = cross[c2 + 1]!;
      corners[4] = cross[c3]!; corners[5] = cross[c3 + 1]!; corners[6] = cross[c4]!; corners[7] = cross[c4 + 1]!;
      let inBounds = true;
      for (let c = 0; c < 8; c += 2) {
        const x = corners[c]!, y = corners[c + 1]!;
        // NaN (parallel lines, no corner) fails every comparison.
        if (!(x > xLo && x < xHi && y > yLo && y < yHi)) { inBounds = false; break; }
      }
      if (!inBounds || !convexQuad(corners)) continue;
      const signed = quadSignedArea(corners);
      const area = Math.abs(signed);
      if (area < minArea) continue;
      // The format test before the cut to the best 400 by edge score: where stripes, blinds or column rules make
      // thousands of well-supported quads of no document's shape, they would fill the 400 and push the document out.
      const aspectScore = aspectScoreOf(cornersTrueAspect(corners, signed, width, height), frameEdges > 0);
      if (aspectScore < MIN_ASPECT_SCORE) continue;
      if ((coarseCount + 1) * COARSE_FIELDS > coarse.length) {
        const grown = new Float64Array(coarse.length * 2);
        grown.set(coarse);
        coarse = coarseRecords = grown;
      }
      const o = coarseCount++ * COARSE_FIELDS;
      // Element by element: TypedArray.set is a runtime call, costly at thousands of records per frame.
      for (let c = 0; c < 8; c++) coarse[o + c] = corners[c]!;
      coarse[o + 8] = area; coarse[o + 9] = edgeScore; coarse[o + 10] = frameEdges > 0 ? 1 : 0;
      // The final score without the terms that need the quad clipped to the frame or its print read (content, part
      // in the frame): which quads are worth those steps.
      coarse[o + 11] = edgeScore ** 2 * (0.4 + 0.6 * aspectScore) * sizeScoreOf(Math.min(1, area / frameArea));
    }
  }
  // Best by that partial score first; equal scores keep their search order (a stable sort).
  const out: QuadCandidate[] = [];
  for (const q of bestRecords(coarse, coarseCount, COARSE_FIELDS, 11, MAX_SCORED)) {
    const o = q * COARSE_FIELDS;
    const poly: Point[] = [[coarse[o]!, coarse[o + 1]!], [coarse[o + 2]!, coarse[o + 3]!], [coarse[o + 4]!, coarse[o + 5]!], [coarse[o + 6]!, coarse[o + 7]!]];
    const area = coarse[o + 8]!;
    // The part inside the frame, only for the few kept (clipping is the costly step).
    const inside = quadInFrame(poly, width, height) ? area : areaInFrame(poly, width, height);
    const c = { quad: clockwise(poly as unknown as Quad), edgeScore: coarse[o + 9]!, inFrameFraction: inside / area, areaFraction: inside / frameArea, truncated: coarse[o + 10] === 1 };
    const aspect = trueAspect(c.quad, width, height);
    const aspectScore = aspectScoreOf(aspect, c.truncated);
    if (aspectScore < MIN_ASPECT_SCORE) continue;
    const wholeFit = Math.max(gauss(aspect, ID1_ASPECT, 0.06), gauss(aspect, ID3_ASPECT, 0.06));
    const bodyFit = PASSPORT_BODY_WEIGHT * gauss(aspect, PASSPORT_BODY_ASPECT, 0.06);
    const contentScore = interiorContent(c.quad, options.density, options.densityThreshold, width, height);
    const sizeScore = sizeScoreOf(c.areaFraction);
    // The border evidence dominates; print inside only breaks ties (cards have blank areas, clutter has print).
    const score = c.edgeScore ** 2 * (0.4 + 0.6 * aspectScore) * (0.6 + 0.4 * contentScore) * sizeScore * (0.6 + 0.4 * c.inFrameFraction);
    const passportBody = !c.truncated && bodyFit > wholeFit;
    out.push({ quad: c.quad, edgeScore: c.edgeScore, aspect, aspectScore, contentScore, inFrameFraction: c.inFrameFraction, areaFraction: c.areaFraction, score, passportBody, truncated: c.truncated });
  }
  out.sort((x, y) => y.score - x.score);
  return out;
}

/**
 * How well a true aspect fits an identity-document format. A document cut by the frame shows only part of its shape:
 * any aspect up to a strip is possible. A passport page whose MRZ zone does not stand out from the paper shows only
 * its body (the front-end looks for the zone beyond it, localisation/mrz.ts): a hypothesis too, a little below the
 * whole formats.
 */
function aspectScoreOf(aspect: number, truncated: boolean): number {
  const wholeFit = Math.max(gauss(aspect, ID1_ASPECT, 0.06), gauss(aspect, ID3_ASPECT, 0.06));
  const formatFit = Math.max(wholeFit, PASSPORT_BODY_WEIGHT * gauss(aspect, PASSPORT_BODY_ASPECT, 0.06));
  return truncated ? Math.max(formatFit, aspect <= 2.5 ? TRUNCATED_ASPECT_SCORE : 0) : formatFit;
}

/** Larger documents with the same evidence win (the card over its own printed frames and photo). */
function sizeScoreOf(areaFraction: number): number {
  return Math.min(1, 0.75 + 0.25 * Math.sqrt(areaFraction / 0.1));
}

/**
 * aspect.ts trueAspect (and its sideRatio fallback) of the quad of corners [x0, y0, ... x3, y3], taken in the order
 * geometry.ts clockwise gives them (`signed`: their signed area). The same arithmetic in the same order, on scalars:
 * this runs for every quad that passes the edge test, and building points, vectors and closures for each cost more
 * than the sums (quads-aspect.test.ts holds it equal to trueAspect).
 */
export function cornersTrueAspect(c: Float64Array, signed: number, imageWidth: number, imageHeight: number): number {
  const cx = imageWidth / 2, cy = imageHeight / 2;
  const f = FOCAL_FRACTION * Math.max(imageWidth, imageHeight);
  // Zhang & He's m1 .. m4 (z = 1): quad[0], quad[1], quad[3], quad[2] of the clockwise quad.
  const q1 = signed >= 0 ? 2 : 6, q3 = signed >= 0 ? 6 : 2;
  const m1x = c[0]! - cx, m1y = c[1]! - cy, m2x = c[q1]! - cx, m2y = c[q1 + 1]! - cy;
  const m4x = c[4]! - cx, m4y = c[5]! - cy, m3x = c[q3]! - cx, m3y = c[q3 + 1]! - cy;
  // cross(a, b) with a z of 1: [ay - by, bx - ax, ax by - ay bx].
  const c14x = m1y - m4y, c14y = m4x - m1x, c14z = m1x * m4y - m1y * m4x;
  const c24x = m2y - m4y, c24y = m4x - m2x, c24z = m2x * m4y - m2y * m4x;
  const c34x = m3y - m4y, c34y = m4x - m3x, c34z = m3x * m4y - m3y * m4x;
  const k2 = (c14x * m3x + c14y * m3y + c14z) / (c24x * m3x + c24y * m3y + c24z);
  const k3 = (c14x * m2x + c14y * m2y + c14z) / (c34x * m2x + c34y * m2y + c34z);
  const n2x = k2 * m2x - m1x, n2y = k2 * m2y - m1y, n2z = k2 - 1;
  const n3x = k3 * m3x - m1x, n3y = k3 * m3y - m1y, n3z = k3 - 1;
  const w2 = (n2x * n2x + n2y * n2y) / (f * f) + n2z * n2z;
  const h2 = (n3x * n3x + n3y * n3y) / (f * f) + n3z * n3z;
  let ratio = Math.sqrt(w2 / h2);
  if (!Number.isFinite(ratio) || ratio <= 0) {
    // sideRatio: quad[0]-quad[1], quad[2]-quad[3], then quad[1]-quad[2], quad[3]-quad[0].
    const w = (Math.hypot(c[0]! - c[q1]!, c[1]! - c[q1 + 1]!) + Math.hypot(c[4]! - c[q3]!, c[5]! - c[q3 + 1]!)) / 2;
    const h = (Math.hypot(c[q1]! - c[4]!, c[q1 + 1]! - c[5]!) + Math.hypot(c[q3]! - c[0]!, c[q3 + 1]! - c[1]!)) / 2;
    ratio = Math.max(w, h) / Math.max(1e-9, Math.min(w, h));
  }
  return ratio >= 1 ? ratio : 1 / ratio;
}

/**
 * Indices of the `keep` records with the highest value at `field`, best first, equal values in index order: the
 * first `keep` of a stable descending sort of all records, without sorting them all (thousands per frame). The
 * keep-th best value is read from a numeric sort of the values alone; only the records at or above it are ordered.
 */
export function bestRecords(records: Float64Array, count: number, fields: number, field: number, keep: number): number[] {
  const byScore = (x: number, y: number): number => records[y * fields + field]! - records[x * fields + field]! || x - y;
  if (count <= keep) return Array.from({ length: count }, (_, q) => q).sort(byScore);
  const values = new Float64Array(count);
  for (let q = 0; q < count; q++) values[q] = records[q * fields + field]!;
  values.sort();
  const cut = values[count - keep]!;
  const kept: number[] = [];
  for (let q = 0; q < count; q++) if (records[q * fields + field]! >= cut) kept.push(q);
  // Ties at the cut beyond `keep` drop out after the sort, as in the full sort (later indices last).
  return kept.sort(byScore).slice(0, keep);
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

/** Shoelace sum over corners [x0, y0, ... x3, y3], the same arithmetic as geometry.ts signedArea. */
function quadSignedArea(c: Float64Array): number {
  let s = 0;
  for (let i = 0; i < 8; i += 2) {
    const b = (i + 2) % 8;
    s += c[i]! * c[b + 1]! - c[b]! * c[i + 1]!;
  }
  return s / 2;
}

/** geometry.ts isConvex on corners [x0, y0, ... x3, y3] without building points. */
function convexQuad(c: Float64Array): boolean {
  let sign = 0;
  for (let i = 0; i < 8; i += 2) {
    const b = (i + 2) % 8, d = (i + 4) % 8;
    const z = (c[b]! - c[i]!) * (c[d + 1]! - c[b + 1]!) - (c[b + 1]! - c[i + 1]!) * (c[d]! - c[b]!);
    if (z === 0) return false;
    const s = Math.sign(z);
    if (sign === 0) sign = s; else if (s !== sign) return false;
  }
  return true;
}

function angleBetween(a: Line, b: Line): number {
  const d = Math.abs(a.theta - b.theta);
  return Math.min(d, Math.PI - d);
}

function gauss(x: number, mu: number, sigma: number): number {
  return Math.exp(-0.5 * ((x - mu) / sigma) ** 2);
}
