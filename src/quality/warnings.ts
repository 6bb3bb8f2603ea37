// From measurements to the API's image quality warnings. Pure: thresholds in, warnings out.
import type { Point, Quad, QualityWarning } from '../domain/types.js';
import type { ColourStats } from './colour.js';
import type { ExposureStats } from './exposure.js';
import type { GlareStats } from './glare.js';
import type { QualityThresholds } from './thresholds.js';

export interface DocumentMeasurements {
  /** Equivalent Gaussian blur on the document in millimetres (NaN when no edge could be measured). */
  readonly blurSigmaMm: number;
  readonly exposure: ExposureStats;
  readonly glare: GlareStats;
  readonly colour: ColourStats;
}

export interface ImageMeasurements {
  /** IJG-equivalent quality of the JPEG's tables; null for other formats. */
  readonly jpegQuality: number | null;
  readonly blockiness: number;
}

export interface GeometryFacts {
  readonly count: number;
  readonly cropped: boolean;
  readonly areaFraction: number;
  readonly nearBorder: boolean;
}

export function qualityWarnings(
  image: ImageMeasurements,
  doc: DocumentMeasurements | null,
  geometry: GeometryFacts | null,
  t: QualityThresholds,
): QualityWarning[] {
  const out: QualityWarning[] = [];
  if (geometry !== null) {
    if (geometry.areaFraction < t.minAreaFraction) out.push('RELATIVE_DOCUMENT_SIZE_LOWER_THAN_10_PERCENT');
    if (geometry.cropped) out.push('DOCUMENT_BORDERS_OUTSIDE_OF_FRAME');
    if (geometry.count > 1) out.push('MULTIPLE_DOCUMENTS_IN_FRAME');
    if (!geometry.cropped && geometry.nearBorder) out.push('DOCUMENT_TOO_CLOSE_TO_BORDER');
  }
  if (doc !== null && doc.blurSigmaMm > t.blurSigmaMm) out.push('IMAGE_TOO_BLURRY');
  if ((image.jpegQuality !== null && image.jpegQuality < t.minJpegQuality) || image.blockiness > t.maxBlockiness) out.push('IMAGE_IS_TOO_COMPRESSED');
  if (doc !== null && isPoorExposure(doc.exposure, t)) out.push('POOR_IMAGE_EXPOSURE');
  // A washed-out document is saturated everywhere: that is exposure, not a local highlight. A clipped share past
  // its threshold is not enough to say so: a highlight of a few percent of the document is such a share itself.
  if (doc !== null && doc.exposure.p10 <= t.maxP10Luma && doc.glare.glareFraction >= t.glareCellFraction) out.push('GLARE_ON_IMAGE');
  return out;
}

export function isPoorExposure(e: ExposureStats, t: QualityThresholds): boolean {
  return e.p90 < t.minP90Luma || e.p10 > t.maxP10Luma || e.brightClipped > t.maxBrightClipped;
}

export function isColorless(c: ColourStats, t: QualityThresholds): boolean {
  return c.coherentChroma < t.colorlessCoherentChroma;
}

/** Corner positions against the frame: outside (cropped) beyond a tolerance, or within a margin of an edge. */
export function borderFacts(quad: Quad, width: number, height: number, t: QualityThresholds): { cropped: boolean; nearBorder: boolean } {
  const short = Math.min(width, height);
  const tol = t.cropToleranceFraction * short, margin = t.borderMarginFraction * short;
  let cropped = false, nearBorder = false;
  for (const [x, y] of quad as readonly Point[]) {
    const d = Math.min(x, y, width - x, height - y);
    if (d < -tol) cropped = true;
    if (d < margin) nearBorder = true;
  }
  // A side lying on the frame edge is where the localiser closed a document that continues past the frame.
  for (let s = 0; s < 4; s++) {
    const [ax, ay] = quad[s] as Point, [bx, by] = quad[(s + 1) % 4] as Point;
    const onEdge = (Math.abs(ax) <= tol && Math.abs(bx) <= tol) || (Math.abs(ay) <= tol && Math.abs(by) <= tol)
      || (Math.abs(width - ax) <= tol && Math.abs(width - bx) <= tol) || (Math.abs(height - ay) <= tol && Math.abs(height - by) <= tol);
    if (onEdge) cropped = true;
  }
  return { cropped, nearBorder };
}
