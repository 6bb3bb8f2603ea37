// The document's true aspect ratio from its perspective-distorted quad (Zhang & He, "Whiteboard scanning and image
// enhancement", 2007), with the focal length assumed from typical phone cameras, and the format it implies.
import type { DocumentType, Point, Quad } from '../domain/types.js';

/** ISO/IEC 7810 formats: ID-1 (cards) 85.60 x 53.98 mm; ID-3 (passport data pages) 125 x 88 mm. */
export const ID1_ASPECT = 85.6 / 53.98;
export const ID3_ASPECT = 125 / 88;
/** Between the two formats; measured on dlc2021-graycopy-dev quads (see docs/quality.md). */
export const FORMAT_BOUNDARY = 1.51;
/**
 * Focal length as a fraction of the image's longer side: a 26 mm-equivalent phone main camera gives about 0.7 on a
 * 16:9 frame. Perspective foreshortening is corrected with it; the error it makes on other lenses is second order.
 */
export const FOCAL_FRACTION = 0.75;

/**
 * Width / height of the rectangle the quad images (long side over short side, so >= 1), for corners clockwise
 * from any corner, in pixels of an image whose principal point is its centre.
 */
export function trueAspect(quad: Quad, imageWidth: number, imageHeight: number): number {
  const cx = imageWidth / 2, cy = imageHeight / 2;
  const f = FOCAL_FRACTION * Math.max(imageWidth, imageHeight);
  // Zhang & He number the corners m1 top-left, m2 top-right, m3 bottom-left, m4 bottom-right.
  const m = (p: Point): [number, number, number] => [p[0] - cx, p[1] - cy, 1];
  const m1 = m(quad[0]), m2 = m(quad[1]), m4 = m(quad[2]), m3 = m(quad[3]);
  const c14 = cross(m1, m4);
  const k2 = dot(c14, m3) / dot(cross(m2, m4), m3);
  const k3 = dot(c14, m2) / dot(cross(m3, m4), m2);
  const n2 = [k2 * m2[0] - m1[0], k2 * m2[1] - m1[1], k2 * m2[2] - m1[2]] as const;
  const n3 = [k3 * m3[0] - m1[0], k3 * m3[1] - m1[1], k3 * m3[2] - m1[2]] as const;
  const w2 = (n2[0] * n2[0] + n2[1] * n2[1]) / (f * f) + n2[2] * n2[2];
  const h2 = (n3[0] * n3[0] + n3[1] * n3[1]) / (f * f) + n3[2] * n3[2];
  let ratio = Math.sqrt(w2 / h2);
  if (!Number.isFinite(ratio) || ratio <= 0) ratio = sideRatio(quad);
  return ratio >= 1 ? ratio : 1 / ratio;
}

/** Mean of opposite side lengths, long over short: the fallback when the perspective model is degenerate. */
export function sideRatio(quad: Quad): number {
  const len = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const w = (len(quad[0], quad[1]) + len(quad[2], quad[3])) / 2;
  const h = (len(quad[1], quad[2]) + len(quad[3], quad[0])) / 2;
  return Math.max(w, h) / Math.max(1e-9, Math.min(w, h));
}

export function formatFromAspect(aspect: number): DocumentType {
  if (aspect >= FORMAT_BOUNDARY && aspect <= 1.8) return 'ID_CARD';
  if (aspect >= 1.3 && aspect < FORMAT_BOUNDARY) return 'PASSPORT';
  return 'UNKNOWN';
}

function cross(a: readonly number[], b: readonly number[]): [number, number, number] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}
function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}
