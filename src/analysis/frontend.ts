// The shared front-end, run once per image: decode -> localise -> rectify and orient -> portrait -> measurements
// -> warnings. Pipelines receive its result; nothing here depends on which pipelines were asked.
import type { DocumentType, Point, Quad, QualityWarning } from '../domain/types.js';
import { decodeImage, type DecodedImage } from '../image/decode.js';
import { estimateJpegQuality } from '../image/jpeg-quant.js';
import { downscale, luma } from '../image/raster.js';
import type { RgbImage } from '../image/types.js';
import { formatFromAspect, trueAspect } from '../localisation/aspect.js';
import { areaInFrame, polygonArea } from '../localisation/geometry.js';
import { DEFAULT_LOCALISER_THRESHOLDS, localise, WORKING_SIDE, type LocaliserThresholds } from '../localisation/localise.js';
import { canonicalSize, landscapeOrder, longSideLength, rectify, rotate180, rotateQuad180 } from '../localisation/rectify.js';
import { refineQuad } from '../localisation/refine.js';
import { DEFAULT_PORTRAIT_THRESHOLDS, findPortrait, type Portrait, type PortraitThresholds } from '../portrait/portrait.js';
import type { TinyFaceDetector } from '../portrait/tiny-face-detector.js';
import { estimateBlur } from '../quality/blur.js';
import { colourStats } from '../quality/colour.js';
import { blockiness } from '../quality/compression.js';
import { exposureStats } from '../quality/exposure.js';
import { glareStats } from '../quality/glare.js';
import { DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from '../quality/thresholds.js';
import { borderFacts, isColorless, qualityWarnings, type DocumentMeasurements, type ImageMeasurements } from '../quality/warnings.js';

export interface FrontEndModels {
  readonly faces: TinyFaceDetector;
}

export interface FrontEndOptions {
  readonly maxImagePixels: number;
  readonly quality?: QualityThresholds;
  readonly localiser?: LocaliserThresholds;
  readonly portrait?: PortraitThresholds;
}

export interface LocalisedDocument {
  /** Corners in input-image pixels, clockwise from the document's own top-left (main document: upright). */
  readonly quad: Quad;
  readonly type: DocumentType;
  /** True width / height (>= 1) after perspective correction. */
  readonly aspect: number;
  /** Localiser confidence, 0..1. */
  readonly score: number;
  readonly cropped: boolean;
  readonly nearBorder: boolean;
  /** In-frame area / frame area. */
  readonly areaFraction: number;
}

export interface MainDocument {
  readonly document: LocalisedDocument;
  /** Upright, landscape, canonical size (see localisation/rectify.ts). */
  readonly canonical: RgbImage;
  readonly portrait: Portrait | null;
  /** Long side of the document in input pixels (its native resolution). */
  readonly nativeLongSide: number;
  readonly measurements: DocumentMeasurements;
}

export interface FrontEndResult {
  readonly decoded: DecodedImage;
  readonly documents: readonly LocalisedDocument[];
  readonly main: MainDocument | null;
  readonly image: ImageMeasurements;
  readonly warnings: readonly QualityWarning[];
  readonly colorless: boolean;
}

/** Physical width of the document's long side, for blur in millimetres. */
const LONG_SIDE_MM: Record<DocumentType, number> = { ID_CARD: 85.6, PASSPORT: 125, UNKNOWN: 100 };
/** Largest raster blur is measured on: beyond it, blur smaller than a pixel of it is irrelevant. */
const BLUR_RASTER_MAX = 640;
/** Blur read on a perfectly sharp sampled step (central differences); subtracted in quadrature. */
const SAMPLING_SIGMA = 0.8;

export async function runFrontEnd(bytes: Uint8Array, models: FrontEndModels, options: FrontEndOptions): Promise<FrontEndResult> {
  const quality = options.quality ?? DEFAULT_QUALITY_THRESHOLDS;
  const decoded = await decodeImage(bytes, { maxImagePixels: options.maxImagePixels });
  const full = decoded.image;
  const image = imageMeasurements(decoded);
  const documents = await localiseDocuments(full, options.localiser ?? DEFAULT_LOCALISER_THRESHOLDS, quality);
  const first = documents[0];
  if (first === undefined) {
    return { decoded, documents, main: null, image, warnings: qualityWarnings(image, null, null, quality), colorless: false };
  }
  const main = await analyseMainDocument(full, first, models, options.portrait ?? DEFAULT_PORTRAIT_THRESHOLDS);
  const ordered = [main.document, ...documents.slice(1)];
  const warnings = qualityWarnings(image, main.measurements, {
    count: documents.length,
    cropped: first.cropped,
    areaFraction: first.areaFraction,
    nearBorder: first.nearBorder,
  }, quality);
  return { decoded, documents: ordered, main, image, warnings, colorless: isColorless(main.measurements.colour, quality) };
}

/**
 * Quality measurements of one document: blur on a raster at the document's own resolution (capped), exposure,
 * glare and colour on the canonical raster. `quad` must be in landscape order (corner 0 -> 1 a long side).
 */
export async function measureDocument(full: RgbImage, quad: Quad, type: DocumentType, canonical: RgbImage): Promise<DocumentMeasurements> {
  const nativeLongSide = longSideLength(quad);
  const blurWidth = Math.max(16, Math.round(Math.min(BLUR_RASTER_MAX, nativeLongSide)));
  const blurRaster = await rectify(full, quad, blurWidth, Math.max(16, Math.round((blurWidth * canonical.height) / canonical.width)));
  const blur = estimateBlur(luma(blurRaster), 10);
  const sigmaPx = Number.isNaN(blur.sigma) ? Number.NaN : Math.sqrt(Math.max(0, blur.sigma ** 2 - SAMPLING_SIGMA ** 2));
  return {
    blurSigmaMm: (sigmaPx * LONG_SIDE_MM[type]) / blurWidth,
    exposure: exposureStats(luma(canonical)),
    glare: glareStats(canonical),
    colour: colourStats(canonical),
  };
}

export function imageMeasurements(decoded: DecodedImage): ImageMeasurements {
  const jpegQuality = decoded.quantTables !== null && decoded.quantTables.length > 0 ? estimateJpegQuality(decoded.quantTables) : null;
  // Blockiness on a centre crop at native resolution: the JPEG grid only exists there; 1024 px square is plenty.
  const { width, height, data } = decoded.image;
  const cw = Math.min(width, 1024), ch = Math.min(height, 1024);
  const x0 = Math.floor((width - cw) / 2), y0 = Math.floor((height - ch) / 2);
  const crop = new Uint8Array(cw * ch * 3);
  for (let y = 0; y < ch; y++) crop.set(data.subarray(((y0 + y) * width + x0) * 3, ((y0 + y) * width + x0 + cw) * 3), y * cw * 3);
  return { jpegQuality, blockiness: blockiness(luma({ width: cw, height: ch, data: crop })) };
}

async function localiseDocuments(full: RgbImage, thresholds: LocaliserThresholds, quality: QualityThresholds): Promise<LocalisedDocument[]> {
  const working = await downscale(full, WORKING_SIDE);
  const found = localise(working, thresholds).documents;
  if (found.length === 0) return [];
  const fine = await downscale(full, 2 * WORKING_SIDE);
  const toFine = fine.width / working.width;
  const toFull = full.width / fine.width;
  const frameArea = full.width * full.height;
  return found.map((candidate) => {
    const onFine = candidate.quad.map(([x, y]) => [x * toFine, y * toFine] as Point) as unknown as Quad;
    const refined = refineQuad(fine, onFine, 2 * toFine);
    const quad = refined.map(([x, y]) => [x * toFull, y * toFull] as Point) as unknown as Quad;
    const aspect = trueAspect(quad, full.width, full.height);
    const border = borderFacts(quad, full.width, full.height, quality);
    return {
      quad,
      type: formatFromAspect(aspect),
      aspect,
      score: candidate.score,
      cropped: border.cropped,
      nearBorder: border.nearBorder,
      areaFraction: Math.min(polygonArea(quad), areaInFrame(quad, full.width, full.height)) / frameArea,
    };
  });
}

async function analyseMainDocument(full: RgbImage, doc: LocalisedDocument, models: FrontEndModels, portraitThresholds: PortraitThresholds): Promise<MainDocument> {
  let quad = landscapeOrder(doc.quad);
  const size = canonicalSize(doc.type, doc.aspect);
  let canonical = await rectify(full, quad, size.width, size.height);
  // Upright: the tiny face detector scores an upright face well above an upside-down one, so the orientation
  // with the more face-like portrait wins (a weak face still decides when no portrait passes the threshold).
  const turned = rotate180(canonical);
  const [upright, flipped] = await Promise.all([
    findPortrait(models.faces, canonical, portraitThresholds),
    findPortrait(models.faces, turned, portraitThresholds),
  ]);
  let search = upright;
  if ((flipped.best?.face.score ?? 0) > (upright.best?.face.score ?? 0)) {
    search = flipped;
    canonical = turned;
    quad = rotateQuad180(quad);
  }
  const portrait = search.found ? search.best : null;
  const nativeLongSide = longSideLength(quad);
  const measurements = await measureDocument(full, quad, doc.type, canonical);
  return { document: { ...doc, quad }, canonical, portrait, nativeLongSide, measurements };
}
