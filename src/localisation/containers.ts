// A part of a document (its portrait window, a block of print) often has sharper edges than the document's own
// outline and outscores it, or is tried first as a card lying on a sheet (localise.ts isDocumentOnSheet); the outline
// is then dropped as an overlap of the part (docs/quality.md "Localisation round 4"). This module finds the
// whole-format quads that hold a hypothesis and tells, from the working image, a quad that IS the document from one
// that only holds it, so that the document's outline is verified before its part (round 5).
import type { Point } from '../domain/types.js';
import { applyHomography, homographyFromPoints } from '../image/homography.js';
import { sampleBilinear } from '../image/raster.js';
import type { Plane } from '../image/types.js';
import type { Hypothesis } from './combine.js';
import { clipPolygon, polygonArea } from './geometry.js';
import type { QuadCandidate } from './quads.js';

/** How many of the best-scored candidates are searched for containers (the localiser's own preference window). */
export const CONTAINER_SEARCH = 60;

/** A container holds at least this much of the part. */
const MIN_PART_INSIDE = 0.9;

/**
 * Whole (not frame-cut) quads of an ID-1 / ID-3 format among the best candidates that hold `part`, the part being at
 * most `maxPartShare` of the container (the rule's own bound, so the search never drops a container the rule allows).
 */
export function containersOf(part: QuadCandidate, candidates: readonly QuadCandidate[], maxPartShare = DEFAULT_CONTAINER_RULE.maxPartShare): QuadCandidate[] {
  const partArea = polygonArea(part.quad);
  return candidates.slice(0, CONTAINER_SEARCH).filter((c) => {
    if (c === part || c.truncated || c.passportBody || c.inFrameFraction < 0.99) return false;
    if (partArea > maxPartShare * polygonArea(c.quad)) return false;
    return polygonArea(clipPolygon(part.quad, c.quad)) >= MIN_PART_INSIDE * partArea;
  });
}

export interface ContainerFacts {
  /** Part area / container area. */
  readonly partShare: number;
  /** Share of the container's interior outside the part that carries print or texture (edge density). */
  readonly ringContent: number;
  /**
   * The part's nearest approach to a side of the container, as a fraction of the container's width or height (its
   * bounding box in the container's unit square): a portrait window or a block of print sits at a side of its document.
   */
  readonly partMargin: number;
}

/** Sampling grid of the container's interior, in its own unit square (so perspective does not matter). */
const GRID_U = 16, GRID_V = 10;

export function containerFacts(density: Plane, densityThreshold: number, part: QuadCandidate, container: QuadCandidate): ContainerFacts {
  const unit: Point[] = [[0, 0], [1, 0], [1, 1], [0, 1]];
  const toImage = homographyFromPoints(unit, container.quad);
  const toUnit = homographyFromPoints(container.quad, unit);
  const corners = part.quad.map(([x, y]) => applyHomography(toUnit, x, y));
  // The part's bounding box in the container's unit square: cells inside it are the part's own.
  const u0 = Math.min(...corners.map((p) => p[0])), v0 = Math.min(...corners.map((p) => p[1]));
  const u1 = Math.max(...corners.map((p) => p[0])), v1 = Math.max(...corners.map((p) => p[1]));
  let busy = 0, cells = 0;
  for (let j = 0; j < GRID_V; j++) {
    for (let i = 0; i < GRID_U; i++) {
      const u = (i + 0.5) / GRID_U, v = (j + 0.5) / GRID_V;
      if (u >= u0 && u <= u1 && v >= v0 && v <= v1) continue;
      const [x, y] = applyHomography(toImage, u, v);
      if (x < 0 || y < 0 || x > density.width - 1 || y > density.height - 1) continue;
      cells++;
      if (sampleBilinear(density, x, y) >= densityThreshold) busy++;
    }
  }
  return {
    partShare: polygonArea(part.quad) / polygonArea(container.quad),
    ringContent: cells > 0 ? busy / cells : 0,
    partMargin: Math.min(u0, v0, 1 - u1, 1 - v1),
  };
}

/**
 * When a whole-format quad holding a hypothesis is the document rather than a sheet, a screen or a photo the
 * hypothesis lies on: print or texture around the part nearly everywhere (a card's own fields, not blank paper), and
 * sides at least as well supported by edges as the part's (a sheet holding a card, or a copy of a card's two sides,
 * has fainter, broken sides: edge score 0.5-0.6 against the card's 0.9 on the DLC tuning part). Chosen on lab val
 * and the DLC tuning part (docs/quality.md "Localisation round 5").
 */
export interface ContainerRule {
  /** Format fit of the container (quads.ts aspectScore). */
  readonly minAspectScore: number;
  readonly minPartShare: number;
  readonly maxPartShare: number;
  readonly minRingContent: number;
  /**
   * Largest partMargin. Every right container of lab val and of the DLC tuning part holds its part at most 0.18 from
   * a side (portrait windows and print blocks at 0.00-0.05, a passport's central block 0.16-0.18); a card lying in
   * the middle of a larger textured rectangle is further in (docs/quality.md "Localisation round 6").
   */
  readonly maxPartMargin: number;
}

export const DEFAULT_CONTAINER_RULE: ContainerRule = Object.freeze({ minAspectScore: 0.6, minPartShare: 0.05, maxPartShare: 0.6, minRingContent: 0.8, maxPartMargin: 0.2 });

export function isDocumentContainer(container: QuadCandidate, part: QuadCandidate, facts: ContainerFacts, rule: ContainerRule = DEFAULT_CONTAINER_RULE): boolean {
  return container.aspectScore >= rule.minAspectScore
    && container.edgeScore >= part.edgeScore
    && facts.partShare >= rule.minPartShare && facts.partShare <= rule.maxPartShare
    && facts.ringContent >= rule.minRingContent
    && facts.partMargin <= rule.maxPartMargin;
}

/** What the container search reads of the classical localisation (localise.ts Localisation). */
export interface ContainerEvidence {
  readonly candidates: readonly QuadCandidate[];
  readonly density: Plane;
  readonly densityThreshold: number;
}

/**
 * The hypotheses with, before each classical one, the best-scored quad that holds it and passes the rule: it is
 * verified first, and when it is a document the part is then dropped as its overlap (findDocuments reports one
 * document once). When the container fails verification the part is tried as before.
 */
export function preferContainers(hypotheses: readonly Hypothesis[], evidence: ContainerEvidence, rule: ContainerRule = DEFAULT_CONTAINER_RULE): Hypothesis[] {
  const out = [...hypotheses];
  for (const h of hypotheses) {
    if (h.source !== 'classical') continue;
    const part = evidence.candidates.find((c) => c.quad === h.quad);
    if (part === undefined) continue;
    const container = containersOf(part, evidence.candidates, rule.maxPartShare)
      .filter((c) => isDocumentContainer(c, part, containerFacts(evidence.density, evidence.densityThreshold, part, c), rule))
      .sort((a, b) => b.score - a.score)[0];
    if (container === undefined) continue;
    const at = out.indexOf(h);
    const already = out.findIndex((o) => o.quad === container.quad);
    if (already >= 0 && already < at) continue;
    if (already >= 0) out.splice(already, 1);
    out.splice(at, 0, { quad: container.quad, score: container.score, passportBody: false, source: 'classical', onSheet: false });
  }
  return out;
}
