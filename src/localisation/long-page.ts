// A passport page's quad often runs long past one short side (onto the facing page of the booklet, a shadow or an
// object along it): the MRZ is read inside it and says TD3, but the quad's true aspect reads 1.52-1.63 where the page
// is 1.42 (ID-3). On the DLC tuning frames and lab val such pages stop at IoU 0.77-0.90 while a classical candidate
// of the page's own outline (IoU 0.97-0.99) lies inside the long quad (docs/quality.md, localisation round 10).
import type { DocumentType, Quad } from '../domain/types.js';
import { ID3_ASPECT } from './aspect.js';
import { clipPolygon, polygonArea } from './geometry.js';
import type { QuadCandidate } from './quads.js';

export const LONG_PAGE = Object.freeze({
  /** A TD3 page whose quad reads at least this wide runs long (a whole page measures 1.40-1.47). */
  minAspect: 1.5,
  /** A shorter page's aspect, within this fraction of ID-3's. */
  aspectTolerance: 0.04,
  /** The shorter page lies inside the long quad (this share of its area)... */
  minInside: 0.95,
  /** ...and covers this share of it at least: one short side moves, the other three stay. */
  minShare: 0.75,
  /** Candidates tried, best score first (each costs one verification). */
  tries: 3,
});

/** Whether a passport page typed by the TD3 zone read inside its quad has a quad too wide for the page. */
export function runsLong(type: DocumentType, mrz: 'inside' | 'outside' | null, aspect: number): boolean {
  return type === 'PASSPORT' && mrz === 'inside' && aspect >= LONG_PAGE.minAspect;
}

/** A passport page's aspect (ID-3, within the tolerance). */
export function isPageAspect(aspect: number): boolean {
  return Math.abs(aspect / ID3_ASPECT - 1) <= LONG_PAGE.aspectTolerance;
}

/**
 * Whole classical candidates of an ID-3 aspect lying inside `page` (working-image pixels) and covering most of it,
 * best score first: the page's own outline when its quad ran long.
 */
export function shorterPages(page: Quad, candidates: readonly QuadCandidate[]): QuadCandidate[] {
  const pageArea = polygonArea(page);
  return candidates
    .filter((c) => {
      if (c.truncated || c.passportBody || !isPageAspect(c.aspect)) return false;
      const area = polygonArea(c.quad);
      if (area < LONG_PAGE.minShare * pageArea || area >= pageArea) return false;
      return polygonArea(clipPolygon(c.quad, page)) >= LONG_PAGE.minInside * area;
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, LONG_PAGE.tries);
}
