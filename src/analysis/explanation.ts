// The opt-in explanation of one analysis (the API's `explain=true`): where the documents and the portrait are,
// every quality rule with the values it measured and the thresholds it compared them with, and each detector's
// evidence. Built in the worker from the front-end's result; plain data only (it is structured-cloned to the main
// thread) and never any image data.
import type { Box, DocumentType, Point, Quad, QualityWarning } from '../domain/types.js';
import { applyHomography, homographyFromPoints, type Matrix3 } from '../image/homography.js';
import type { DetectorEvidence } from '../pipelines/detector.js';
import type { PipelineName } from '../pipelines/registry.js';
import type { QualityThresholds } from '../quality/thresholds.js';
import type { FrontEndResult } from './frontend.js';

/**
 * One quality rule: raised or not, the values it read (null when unmeasurable) and the thresholds it used. Keys are
 * snake_case: they reach the API as they are.
 */
export interface QualityCheckExplanation {
  readonly name: QualityWarning | 'DOCUMENT_IS_COLORLESS';
  readonly raised: boolean;
  /** The rule in words, with its thresholds. */
  readonly rule: string;
  readonly measured: Readonly<Record<string, number | boolean | null>>;
  readonly thresholds: Readonly<Record<string, number>>;
}

export interface MainDocumentExplanation {
  /** Corners in input-image pixels, clockwise from the document's own top-left (upright reading order). */
  readonly quad: Quad;
  readonly type: DocumentType;
  /** Size of the rectified (canonical) document the detectors and the region maps refer to. */
  readonly canonicalWidth: number;
  readonly canonicalHeight: number;
  /** Row-major 3x3 homography from canonical-document pixels to input-image pixels. */
  readonly canonicalToImage: Matrix3;
}

export interface PortraitExplanation {
  /** Face detector confidence, 0..1. */
  readonly faceScore: number;
  /** Estimated photo area on the canonical document. */
  readonly canonicalBox: Box;
  /** That area's corners in input-image pixels (a quadrilateral under perspective), clockwise from top-left. */
  readonly imageQuad: Quad;
  /** Bounding box of imageQuad, input-image pixels. */
  readonly imageBox: Box;
}

export interface FrontEndExplanation {
  /** Size of the decoded input (after EXIF orientation): the frame every image-pixel coordinate refers to. */
  readonly image: { readonly width: number; readonly height: number };
  /** Every document found, main document first. */
  readonly documents: { readonly count: number; readonly type: DocumentType; readonly quads: readonly Quad[] };
  readonly main: MainDocumentExplanation | null;
  readonly portrait: PortraitExplanation | null;
  readonly quality: readonly QualityCheckExplanation[];
}

export interface AnalysisExplanation {
  readonly frontEnd: FrontEndExplanation;
  /** Evidence of each scored pipeline; null when its detector has no explain(). Pipelines not scored are absent. */
  readonly evidence: Partial<Record<PipelineName, DetectorEvidence | null>>;
}

export function explainFrontEnd(frontEnd: FrontEndResult, t: QualityThresholds): FrontEndExplanation {
  const { width, height } = frontEnd.decoded.image;
  const main = frontEnd.main;
  let mainExplanation: MainDocumentExplanation | null = null;
  let portrait: PortraitExplanation | null = null;
  if (main !== null) {
    const { quad } = main.document;
    const corners: Point[] = [[0, 0], [main.canonical.width, 0], [main.canonical.width, main.canonical.height], [0, main.canonical.height]];
    const canonicalToImage = homographyFromPoints(corners, quad);
    mainExplanation = { quad, type: main.document.type, canonicalWidth: main.canonical.width, canonicalHeight: main.canonical.height, canonicalToImage };
    if (main.portrait !== null) {
      const imageQuad = boxToImage(main.portrait.photo, canonicalToImage);
      portrait = { faceScore: main.portrait.face.score, canonicalBox: plainBox(main.portrait.photo), imageQuad, imageBox: boundingBox(imageQuad) };
    }
  }
  return {
    image: { width, height },
    documents: { count: frontEnd.documents.length, type: main?.document.type ?? 'UNKNOWN', quads: frontEnd.documents.map((d) => d.quad) },
    main: mainExplanation,
    portrait,
    quality: qualityChecks(frontEnd, t),
  };
}

/** The four corners of a canonical-document box in input-image pixels. */
export function boxToImage(box: Box, canonicalToImage: Matrix3): Quad {
  const { x, y, width: w, height: h } = box;
  return [applyHomography(canonicalToImage, x, y), applyHomography(canonicalToImage, x + w, y), applyHomography(canonicalToImage, x + w, y + h), applyHomography(canonicalToImage, x, y + h)];
}

function boundingBox(quad: Quad): Box {
  const xs = quad.map((p) => p[0]), ys = quad.map((p) => p[1]);
  const x = Math.min(...xs), y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** A copy without whatever else the box object carries (a face box has a score). */
function plainBox(box: Box): Box {
  return { x: box.x, y: box.y, width: box.width, height: box.height };
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Every rule of quality/warnings.ts (and the colourless status), in the order of the API's warning list. */
function qualityChecks(frontEnd: FrontEndResult, t: QualityThresholds): QualityCheckExplanation[] {
  const raised = new Set(frontEnd.warnings);
  const { width, height } = frontEnd.decoded.image;
  const main = frontEnd.main;
  const doc = main?.document ?? null;
  const m = main?.measurements ?? null;
  const short = Math.min(width, height);
  // Signed distance of the nearest corner to the frame edge, as a fraction of the frame's short side (< 0: outside).
  const nearestCorner = doc === null ? null : Math.min(...doc.quad.map(([x, y]) => Math.min(x, y, width - x, height - y))) / short;
  const checks: QualityCheckExplanation[] = [
    {
      name: 'RELATIVE_DOCUMENT_SIZE_LOWER_THAN_10_PERCENT',
      raised: raised.has('RELATIVE_DOCUMENT_SIZE_LOWER_THAN_10_PERCENT'),
      rule: `the document covers less than ${t.minAreaFraction} of the frame`,
      measured: { area_fraction: doc?.areaFraction ?? null },
      thresholds: { min_area_fraction: t.minAreaFraction },
    },
    {
      name: 'DOCUMENT_BORDERS_OUTSIDE_OF_FRAME',
      raised: raised.has('DOCUMENT_BORDERS_OUTSIDE_OF_FRAME'),
      rule: `a corner lies more than ${t.cropToleranceFraction} of the frame's short side outside the frame, or a side lies on the frame edge`,
      measured: { cropped: doc?.cropped ?? null, nearest_corner_fraction: nearestCorner },
      thresholds: { crop_tolerance_fraction: t.cropToleranceFraction },
    },
    {
      name: 'MULTIPLE_DOCUMENTS_IN_FRAME',
      raised: raised.has('MULTIPLE_DOCUMENTS_IN_FRAME'),
      rule: 'more than one document is found',
      measured: { documents: frontEnd.documents.length },
      thresholds: {},
    },
    {
      name: 'DOCUMENT_TOO_CLOSE_TO_BORDER',
      raised: raised.has('DOCUMENT_TOO_CLOSE_TO_BORDER'),
      rule: `a corner is nearer to the frame edge than ${t.borderMarginFraction} of the frame's short side (and the document is not cropped)`,
      measured: { near_border: doc?.nearBorder ?? null, nearest_corner_fraction: nearestCorner },
      thresholds: { border_margin_fraction: t.borderMarginFraction },
    },
    {
      name: 'IMAGE_TOO_BLURRY',
      raised: raised.has('IMAGE_TOO_BLURRY'),
      rule: `the equivalent Gaussian blur on the document exceeds ${t.blurSigmaMm} mm`,
      measured: { blur_sigma_mm: m === null ? null : finiteOrNull(m.blurSigmaMm) },
      thresholds: { blur_sigma_mm: t.blurSigmaMm },
    },
    {
      name: 'IMAGE_IS_TOO_COMPRESSED',
      raised: raised.has('IMAGE_IS_TOO_COMPRESSED'),
      rule: `the JPEG quality estimate is below ${t.minJpegQuality}, or the 8x8 blockiness exceeds ${t.maxBlockiness}`,
      measured: { jpeg_quality: frontEnd.image.jpegQuality, blockiness: finiteOrNull(frontEnd.image.blockiness) },
      thresholds: { min_jpeg_quality: t.minJpegQuality, max_blockiness: t.maxBlockiness },
    },
    {
      name: 'POOR_IMAGE_EXPOSURE',
      raised: raised.has('POOR_IMAGE_EXPOSURE'),
      rule: `the document's 90th-percentile luma is below ${t.minP90Luma} (too dark), its 10th percentile above ${t.maxP10Luma} (washed out), or more than ${t.maxBrightClipped} of it is clipped white`,
      measured: {
        p10_luma: m?.exposure.p10 ?? null,
        median_luma: m?.exposure.median ?? null,
        p90_luma: m?.exposure.p90 ?? null,
        bright_clipped: m?.exposure.brightClipped ?? null,
        dark_clipped: m?.exposure.darkClipped ?? null,
      },
      thresholds: { min_p90_luma: t.minP90Luma, max_p10_luma: t.maxP10Luma, max_bright_clipped: t.maxBrightClipped },
    },
    {
      name: 'GLARE_ON_IMAGE',
      raised: raised.has('GLARE_ON_IMAGE'),
      rule: `at least ${t.glareCellFraction} of the document's cells are specular highlights (not reported when the exposure is poor)`,
      measured: { glare_cell_fraction: m?.glare.glareFraction ?? null, saturated_fraction: m?.glare.saturatedFraction ?? null },
      thresholds: { glare_cell_fraction: t.glareCellFraction },
    },
    {
      name: 'DOCUMENT_IS_COLORLESS',
      raised: frontEnd.colorless,
      rule: `the document's coherent colour (8th largest mean chroma among the cells of its inner part) is below ${t.colorlessCoherentChroma} (a grey copy or a greyscale image)`,
      measured: { coherent_chroma: m?.colour.coherentChroma ?? null, chroma_spread: m?.colour.chromaSpread ?? null, colourful_fraction: m?.colour.colourfulFraction ?? null },
      thresholds: { colorless_coherent_chroma: t.colorlessCoherentChroma },
    },
  ];
  return checks;
}
