// Ground truth for xenops-ps's sheet-edge strips (branch ps7): where the lab's stuck-on sheet (a physical portrait
// substitution) or the printed portrait frame (a bona fide card) lies on the canonical document the front-end handed
// over, and whether a strip (xenops-ps-edge-strips.ts) lies across one of its sides. The sidecar records the pasted
// sheet as a rotated box in the generator's render px (params.attackParams.overlay) and the printed portrait's box
// both in render px (portraitBoxPx) and in the photo (portrait_quad): those four point pairs give render -> photo, and
// the front-end's recorded quad gives photo -> canonical. Per-strip labels replace ps6's per-image ones, which made a
// strip where the fit missed the sheet a wrong positive.
import type { Point, Quad } from '../../src/domain/types.js';
import { applyHomography, homographyFromPoints } from '../../src/image/homography.js';
import { STRIP_ACROSS, STRIP_PER_CANONICAL, type StripPlace, type StripSide } from './xenops-ps-edge-strips.js';

export interface OverlayBox {
  readonly centerPx: readonly [number, number];
  readonly widthPx: number;
  readonly heightPx: number;
  readonly rotationDeg: number;
}

export interface PixelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The sidecar fields the truth needs (lab/generate.ts writes them). */
export interface TruthSidecar {
  readonly portrait_quad?: readonly Point[];
  readonly params: { readonly attackParams?: { readonly overlay?: OverlayBox; readonly portraitBoxPx?: PixelBox } };
}

/** Corners left-top, right-top, right-bottom, left-bottom of the stuck-on sheet in photo px (null without an overlay). */
export function sheetInPhoto(sidecar: TruthSidecar): Point[] | null {
  const ov = sidecar.params.attackParams?.overlay;
  const box = sidecar.params.attackParams?.portraitBoxPx;
  const printed = sidecar.portrait_quad;
  if (ov === undefined || box === undefined || printed === undefined || printed.length !== 4) return null;
  const renderCorners: Point[] = [[box.x, box.y], [box.x + box.width, box.y], [box.x + box.width, box.y + box.height], [box.x, box.y + box.height]];
  const renderToPhoto = homographyFromPoints(renderCorners, printed);
  const t = (ov.rotationDeg * Math.PI) / 180;
  const [hw, hh] = [ov.widthPx / 2, ov.heightPx / 2];
  return ([[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]] as const).map(([u, v]) =>
    applyHomography(renderToPhoto, ov.centerPx[0] + u * Math.cos(t) - v * Math.sin(t), ov.centerPx[1] + u * Math.sin(t) + v * Math.cos(t)),
  );
}

/** Photo points mapped onto the canonical document of the front-end's quad (canonicalWidth x canonicalHeight). */
export function photoToCanonical(points: readonly Point[], quad: Quad, canonicalWidth: number, canonicalHeight: number): Point[] {
  const h = homographyFromPoints(quad, [[0, 0], [canonicalWidth, 0], [canonicalWidth, canonicalHeight], [0, canonicalHeight]]);
  return points.map(([x, y]) => applyHomography(h, x, y));
}

const SIDE_ENDS: Record<StripSide, readonly [number, number]> = { left: [0, 3], top: [0, 1], right: [1, 2], bottom: [3, 2] };

/** Distance from (x, y) to the segment p-q. */
function segmentDistance(x: number, y: number, p: Point, q: Point): number {
  const dx = q[0] - p[0], dy = q[1] - p[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - p[0]) * dx + (y - p[1]) * dy) / len2)) : 0;
  return Math.hypot(x - (p[0] + t * dx), y - (p[1] + t * dy));
}

/** Distance (canonical px) from a strip's centre to the same-named side of a four-corner outline (LT, RT, RB, LB). */
export function distanceToSide(place: Pick<StripPlace, 'side' | 'x' | 'y'>, outline: readonly Point[]): number {
  if (outline.length !== 4) return Number.POSITIVE_INFINITY;
  const [a, b] = SIDE_ENDS[place.side];
  return segmentDistance(place.x, place.y, outline[a]!, outline[b]!);
}

/** A strip is "across" a side when the side passes within this many canonical px of its centre: inside the
 *  middle half of the strip's 24-px span, so the CNN sees the step, the shadow and the cut face whole. */
export const ACROSS_TOLERANCE = STRIP_ACROSS / STRIP_PER_CANONICAL / 4;

/** Per-strip labels of a physical substitution: 1 across the sheet's same-named side, null (dropped) elsewhere. */
export function physicalStripLabels(places: readonly StripPlace[], sheet: readonly Point[], tolerance = ACROSS_TOLERANCE): (1 | null)[] {
  return places.map((p) => (distanceToSide(p, sheet) <= tolerance ? 1 : null));
}
