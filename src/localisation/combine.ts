// Combines the classical hypotheses (edges -> Hough lines -> quads, precise where edges are clear) with the learned
// localiser's mask (coarse: a 24 x 24 map, its quads about 0.7 IoU; measured on the lab validation split, see
// docs/quality.md). The mask:
//   1. drops classical quads it does not support at all (a phone, a book or a patterned background seldom reads
//      as a document interior) and re-ranks the rest by score plus support;
//   2. where a classical quad covers the same document (IoU >= sameDocumentIou), the classical corners win;
//   3. any other learned document is a fallback, tried only when no classical hypothesis was verified: also where
//      the only classical quads on it are small parts of the document (its portrait, a text block), which fail
//      verification. (Trying such a learned document first, before its parts, measured the same on val and
//      reported more documents on generic scenes, so it was left out.)
import type { Quad } from '../domain/types.js';
import { clipPolygon, polygonArea, quadIou } from './geometry.js';
import { isDocumentOnSheet } from './localise.js';
import type { QuadCandidate } from './quads.js';

export interface Hypothesis {
  /** In working-image pixels. */
  readonly quad: Quad;
  readonly score: number;
  readonly passportBody: boolean;
  /** 'learned': a fallback from the coarse mask, tried only when no hypothesis before it was verified as a
   *  document; its corners are refined with a wide search first. */
  readonly source: 'classical' | 'learned';
  /** A document lying on a larger hypothesis (localise.ts isDocumentOnSheet), tried before it: it must show print
   *  of its own to be verified (a passport's portrait window is such a quad on its page). */
  readonly onSheet: boolean;
}

export interface CombineThresholds {
  /** Mean mask probability inside a classical quad below which it is dropped. */
  readonly minMaskSupport: number;
  /** Weight of the mask support added to the classical score for the ranking. */
  readonly supportWeight: number;
  /** Learned documents below this mean mask probability are ignored. */
  readonly minLearnedScore: number;
  /** A classical quad with at least this IoU with a learned one is the same document. */
  readonly sameDocumentIou: number;
  /** Classical quads with at least this edge score and format fit are kept even where the mask is blank (the net
   *  misses some faint grey copies outright). */
  readonly keepEdgeScore: number;
  readonly keepAspectScore: number;
}

/** Chosen on the lab validation split (val-v1..v3); see docs/quality.md. */
export const DEFAULT_COMBINE_THRESHOLDS: CombineThresholds = Object.freeze({ minMaskSupport: 0.1, supportWeight: 0.3, minLearnedScore: 0.6, sameDocumentIou: 0.6, keepEdgeScore: 0.9, keepAspectScore: 0.8 });

export interface LearnedEvidence {
  /** Learned quads in working-image pixels, best first. */
  readonly quads: readonly { readonly quad: Quad; readonly score: number }[];
  /** Mean mask probability inside a working-image quad. */
  readonly support: (quad: Quad) => number;
}

export function combineHypotheses(classical: readonly QuadCandidate[], learned: LearnedEvidence | null, thresholds: CombineThresholds = DEFAULT_COMBINE_THRESHOLDS): Hypothesis[] {
  const fromClassical = (c: QuadCandidate, _k: number, all: readonly QuadCandidate[]): Hypothesis => ({
    quad: c.quad, score: c.score, passportBody: c.passportBody, source: 'classical', onSheet: all.some((o) => o !== c && isDocumentOnSheet(c, o)),
  });
  if (learned === null) return classical.map(fromClassical);
  const ranked = classical
    .map((c) => ({ c, support: learned.support(c.quad) }))
    .filter((r) => r.support >= thresholds.minMaskSupport || clearlyDocumentShaped(r.c, thresholds))
    .map((r) => ({ ...r, rank: r.c.score + thresholds.supportWeight * r.support }))
    .sort((a, b) => b.rank - a.rank)
    .map((r) => r.c);
  const out: Hypothesis[] = innerBeforeSheet(ranked).map(fromClassical);
  const fallbacks: Hypothesis[] = [];
  for (const l of learned.quads) {
    if (l.score < thresholds.minLearnedScore) continue;
    if (out.some((h) => overlaps(h.quad, l.quad) && quadIou(h.quad, l.quad) >= thresholds.sameDocumentIou)) continue;
    fallbacks.push({ quad: l.quad, score: l.score, passportBody: false, source: 'learned', onSheet: false });
  }
  return [...out, ...fallbacks];
}

function clearlyDocumentShaped(c: QuadCandidate, thresholds: CombineThresholds): boolean {
  return !c.passportBody && c.edgeScore >= thresholds.keepEdgeScore && c.aspectScore >= thresholds.keepAspectScore && c.inFrameFraction >= 0.99;
}

/** The mask's re-ranking keeps a document lying on a sheet before the sheet (localise.ts isDocumentOnSheet). */
function innerBeforeSheet(ranked: readonly QuadCandidate[]): QuadCandidate[] {
  const out = [...ranked];
  for (const inner of ranked) {
    const at = out.indexOf(inner);
    const sheet = out.findIndex((outer, k) => k < at && isDocumentOnSheet(inner, outer));
    if (sheet < 0) continue;
    out.splice(at, 1);
    out.splice(sheet, 0, inner);
  }
  return out;
}

/** Two documents cannot share area: more than 10 % of the smaller one overlapping means the same document. */
export function overlaps(a: Quad, b: Quad): boolean {
  return polygonArea(clipPolygon(a, b)) > 0.1 * Math.min(polygonArea(a), polygonArea(b));
}
