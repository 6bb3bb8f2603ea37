// Combines the classical hypotheses (edges -> Hough lines -> quads, precise where edges are clear) with the learned
// localiser's mask (robust to clutter, small and cut documents): a learned document matched by a classical quad keeps
// the classical corners; an unmatched one is handed on as a coarse seed for refinement; a classical quad the mask
// does not support is dropped (a phone, a book or a sheet of paper rarely reads as a document interior).
import type { Quad } from '../domain/types.js';
import { clipPolygon, polygonArea, quadIou } from './geometry.js';
import type { QuadCandidate } from './quads.js';

export interface Hypothesis {
  /** In working-image pixels. */
  readonly quad: Quad;
  readonly score: number;
  readonly passportBody: boolean;
  /** 'learned': corners from the coarse mask, to be refined with a wide search first. */
  readonly source: 'classical' | 'learned';
}

export interface CombineThresholds {
  /** A classical quad with at least this IoU with a learned one is the same document. */
  readonly matchIou: number;
  /** Mean mask probability inside a classical quad (no learned match) for it to stay a hypothesis. */
  readonly minMaskSupport: number;
  /** Learned documents below this mean mask probability are ignored. */
  readonly minLearnedScore: number;
}

/** Chosen on the lab validation split (val-v1..v3); see docs/quality.md. */
export const DEFAULT_COMBINE_THRESHOLDS: CombineThresholds = Object.freeze({ matchIou: 0.75, minMaskSupport: 0.5, minLearnedScore: 0.6 });

export interface LearnedEvidence {
  /** Learned quads in working-image pixels, best first. */
  readonly quads: readonly { readonly quad: Quad; readonly score: number }[];
  /** Mean mask probability inside a working-image quad. */
  readonly support: (quad: Quad) => number;
}

export function combineHypotheses(classical: readonly QuadCandidate[], learned: LearnedEvidence | null, thresholds: CombineThresholds = DEFAULT_COMBINE_THRESHOLDS): Hypothesis[] {
  const fromClassical = (c: QuadCandidate): Hypothesis => ({ quad: c.quad, score: c.score, passportBody: c.passportBody, source: 'classical' });
  if (learned === null) return classical.map(fromClassical);
  const out: Hypothesis[] = [];
  const used = new Set<QuadCandidate>();
  for (const l of learned.quads) {
    if (l.score < thresholds.minLearnedScore) continue;
    let match: QuadCandidate | null = null, matchIou = thresholds.matchIou;
    for (const c of classical) {
      if (used.has(c)) continue;
      const iou = quadIou(c.quad, l.quad);
      if (iou >= matchIou) { match = c; matchIou = iou; }
    }
    if (match !== null) {
      used.add(match);
      out.push({ ...fromClassical(match), score: Math.max(match.score, l.score) });
    } else {
      out.push({ quad: l.quad, score: l.score, passportBody: false, source: 'learned' });
    }
  }
  for (const c of classical) {
    if (used.has(c) || learned.support(c.quad) < thresholds.minMaskSupport) continue;
    if (out.some((h) => overlaps(h.quad, c.quad))) continue;
    out.push(fromClassical(c));
  }
  return out;
}

/** Two documents cannot share area: more than 10 % of the smaller one overlapping means the same document. */
function overlaps(a: Quad, b: Quad): boolean {
  return polygonArea(clipPolygon(a, b)) > 0.1 * Math.min(polygonArea(a), polygonArea(b));
}
