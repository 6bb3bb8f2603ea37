// Classical document localiser: colour edges -> Hough lines -> quad hypotheses -> best non-overlapping quads.
// Runs at working resolution (longer side WORKING_SIDE); quads are returned in the working image's pixels.
import type { Quad } from '../domain/types.js';
import type { Plane, RgbImage } from '../image/types.js';
import { colourEdges, edgeDensity, type EdgeMap } from './edges.js';
import { clipPolygon, polygonArea } from './geometry.js';
import { detectLines, firstRound, type FirstRound } from './lines.js';
import { searchQuads, type QuadCandidate } from './quads.js';

export const WORKING_SIDE = 480;
/** Edge density at which a cell carries print or texture. */
const DENSITY_THRESHOLD = 0.04;

export interface LocaliserThresholds {
  /** Sobel magnitude of an edge (8-bit channel, 3x3 Sobel after a light blur). */
  readonly edgeThreshold: number;
  /** Minimum candidate score for a document. */
  readonly acceptScore: number;
  /** Minimum score for a second or further document. */
  readonly extraDocumentScore: number;
}

export const DEFAULT_LOCALISER_THRESHOLDS: LocaliserThresholds = Object.freeze({
  edgeThreshold: 12,
  acceptScore: 0.3,
  extraDocumentScore: 0.45,
});

export interface Localisation {
  /**
   * Non-overlapping document hypotheses scoring at least acceptScore, best first, in working-image pixels. The
   * front-end verifies them (print, portrait) before reporting any as a document.
   */
  readonly hypotheses: readonly QuadCandidate[];
  readonly edges: EdgeMap;
  /** Edge density (print / texture) the candidates' content was read on, and its threshold. */
  readonly density: Plane;
  readonly densityThreshold: number;
  /** Every scored quad, best first (diagnostics). */
  readonly candidates: readonly QuadCandidate[];
}

/** At most this many hypotheses are handed over for verification. */
export const MAX_HYPOTHESES = 6;

/**
 * Edge lines the quad search combines. On a card lying on newspaper the card's border is one edge among hundreds of
 * text lines and often misses the first 48; the wide search (96 lines, about four times the cost of the quad search)
 * runs only when nothing the first one proposed was verified (docs/quality.md, "Localisation round 7").
 */
export const LINE_SEARCH = Object.freeze({ first: 48, wide: 96 });

/** The part of a localisation that does not depend on maxLines: edges, edge density, the first voting round. */
interface SharedWork {
  readonly edgeThreshold: number;
  readonly edges: EdgeMap;
  readonly density: Plane;
  readonly round: FirstRound;
}

/**
 * The wide search (frontend.ts) localises the same working image again with 96 lines after the first search's 48:
 * its edges, density, votes, peaks and first 48 lines are the first search's, so they are kept with the image and
 * reused (the same values, not recomputed). Held weakly: they go when the image does. Working images are not
 * written to after they are made.
 */
const sharedWork = new WeakMap<RgbImage, SharedWork>();

function sharedWorkOf(working: RgbImage, edgeThreshold: number): SharedWork {
  const kept = sharedWork.get(working);
  if (kept !== undefined && kept.edgeThreshold === edgeThreshold) return kept;
  const edges = colourEdges(working);
  const density = edgeDensity(edges, edgeThreshold, Math.max(3, Math.round(working.width / 80)));
  const work = { edgeThreshold, edges, density, round: firstRound(edges, edgeThreshold) };
  sharedWork.set(working, work);
  return work;
}

export function localise(working: RgbImage, thresholds: LocaliserThresholds = DEFAULT_LOCALISER_THRESHOLDS, maxLines: number = LINE_SEARCH.first): Localisation {
  const { edges, density, round } = sharedWorkOf(working, thresholds.edgeThreshold);
  const lines = detectLines(edges, { edgeThreshold: thresholds.edgeThreshold, maxLines }, round);
  const candidates = searchQuads(lines, {
    width: working.width,
    height: working.height,
    minAreaFraction: 0.025,
    density,
    densityThreshold: DENSITY_THRESHOLD,
  });
  const hypotheses: QuadCandidate[] = [];
  const onSheets = new Set<QuadCandidate>();
  for (const candidate of preferInnerDocuments(candidates)) {
    if (candidate.score < thresholds.acceptScore) continue;
    const overlapped = hypotheses.filter((d) => overlaps(d.quad, candidate.quad));
    if (overlapped.length === 0) {
      hypotheses.push(candidate);
    } else if (!overlapped.some((d) => onSheets.has(d)) && overlapped.some((d) => isDocumentOnSheet(candidate, d))) {
      // Tried before the sheet, page or screen it lies on (and anything else it overlaps); those stay hypotheses
      // in case the inner one is not verified.
      hypotheses.splice(hypotheses.indexOf(overlapped[0]!), 0, candidate);
      onSheets.add(candidate);
    } else {
      continue;
    }
    if (hypotheses.length >= MAX_HYPOTHESES) break;
  }
  return { hypotheses, edges, density, densityThreshold: DENSITY_THRESHOLD, candidates };
}

/** Smallest edge score and format fit of a document lying on a larger rectangle (see isDocumentOnSheet). */
export const NESTED_DOCUMENT = Object.freeze({ minEdgeScore: 0.65, minAspectScore: 0.6, maxAreaRatio: 0.35, minInside: 0.9 });

/**
 * A card or page on a sheet of paper, a book or a newspaper: a whole quad (in the frame, not closed by its edge: a
 * block of a card cut by the frame is not a document lying on the card) of an ID-1 / ID-3 format with
 * clear borders, at most 35 % of the area of the better-scored quad (a passport page's portrait half is not a document on it) it lies in. The outer one would be verified by
 * its own print and hide the document (measured on the DLC grey copies, docs/quality.md "Localisation round 3").
 */
export function isDocumentOnSheet(inner: QuadCandidate, outer: QuadCandidate): boolean {
  if (inner.passportBody || inner.truncated || inner.inFrameFraction < 0.99) return false;
  if (inner.edgeScore < NESTED_DOCUMENT.minEdgeScore || inner.aspectScore < NESTED_DOCUMENT.minAspectScore) return false;
  const area = polygonArea(inner.quad);
  if (area > NESTED_DOCUMENT.maxAreaRatio * polygonArea(outer.quad)) return false;
  return polygonArea(clipPolygon(inner.quad, outer.quad)) >= NESTED_DOCUMENT.minInside * area;
}

/** Two documents cannot share area: more than 10 % of the smaller one overlapping means the same document. */
function overlaps(a: Quad, b: Quad): boolean {
  const inter = polygonArea(clipPolygon(a, b));
  return inter > 0.1 * Math.min(polygonArea(a), polygonArea(b));
}

/**
 * A printed copy cut out with a margin, or a card on a sheet, shows two nested quads of the same format: the paper's
 * cut edge (strong) and the document's printed border (weaker). The document is the inner one, so a well-supported
 * candidate that fills most of a better-scored outer one takes its rank.
 */
function preferInnerDocuments(candidates: readonly QuadCandidate[]): QuadCandidate[] {
  const ranked = candidates.slice(0, 60);
  const out: QuadCandidate[] = [];
  const used = new Set<QuadCandidate>();
  for (const outer of ranked) {
    if (used.has(outer)) continue;
    let chosen = outer;
    for (;;) {
      const areaOuter = polygonArea(chosen.quad);
      let inner: QuadCandidate | null = null;
      for (const c of ranked) {
        if (c === chosen || used.has(c)) continue;
        const area = polygonArea(c.quad);
        if (area >= areaOuter || area < 0.55 * areaOuter) continue;
        if (polygonArea(clipPolygon(c.quad, chosen.quad)) < 0.97 * area) continue;
        // A margin on every side (a print on paper, a card on a sheet), not a block sharing the outer's edges.
        if (!hasMarginAllAround(c.quad, chosen.quad)) continue;
        if (c.edgeScore < Math.max(0.7, chosen.edgeScore - 0.15) || c.score < 0.7 * chosen.score || c.aspectScore < 0.5) continue;
        if (Math.abs(c.aspect - chosen.aspect) > 0.12) continue;
        if (inner === null || c.score > inner.score) inner = c;
      }
      if (inner === null) break;
      used.add(chosen);
      chosen = inner;
    }
    used.add(chosen);
    out.push(chosen);
  }
  return out;
}

/** Every corner of `inner` lies at least 0.5 % of the outer's size inside every side of `outer`. */
function hasMarginAllAround(inner: Quad, outer: Quad): boolean {
  const size = Math.sqrt(polygonArea(outer));
  for (let s = 0; s < 4; s++) {
    const a = outer[s]!, b = outer[(s + 1) % 4]!;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    for (const p of inner) {
      const distance = Math.abs((b[0] - a[0]) * (a[1] - p[1]) - (a[0] - p[0]) * (b[1] - a[1])) / length;
      if (distance < 0.005 * size) return false;
    }
  }
  return true;
}
