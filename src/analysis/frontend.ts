// The shared front-end, run once per image: decode -> localise -> rectify and orient -> portrait -> measurements
// -> warnings. Pipelines receive its result; nothing here depends on which pipelines were asked.
import type { DocumentType, Point, Quad, QualityWarning } from '../domain/types.js';
import { decodeImage, type DecodedImage } from '../image/decode.js';
import { estimateJpegQuality } from '../image/jpeg-quant.js';
import { downscale, luma } from '../image/raster.js';
import type { RgbImage } from '../image/types.js';
import { formatFromAspect, trueAspect } from '../localisation/aspect.js';
import { areaInFrame, polygonArea, quadInFrame, quadIou } from '../localisation/geometry.js';
import { DEFAULT_LOCALISER_THRESHOLDS, LINE_SEARCH, localise, WORKING_SIDE, type LocaliserThresholds } from '../localisation/localise.js';
import { canonicalSize, landscapeOrder, longSideLength, rectify, rotate180, rotateQuad180 } from '../localisation/rectify.js';
import { findMrzPage } from '../localisation/mrz.js';
import { combineHypotheses, overlaps, type Hypothesis, type LearnedEvidence } from '../localisation/combine.js';
import { preferContainers } from '../localisation/containers.js';
import { isPageAspect, runsLong, shorterPages } from '../localisation/long-page.js';
import type { QuadCandidate } from '../localisation/quads.js';
import { maskSupport, refineLearnedQuad, type LearnedLocaliser } from '../localisation/learned.js';
import { refineQuad, withdrawFromSheetEdges } from '../localisation/refine.js';
import { textEvidence } from '../localisation/text-evidence.js';
import { turnedIsUpright } from '../portrait/orientation.js';
import { DEFAULT_PORTRAIT_THRESHOLDS, findPortrait, findPortraitEitherWay, type Portrait, type PortraitThresholds } from '../portrait/portrait.js';
import type { TinyFaceDetector } from '../portrait/tiny-face-detector.js';
import { estimateBlur } from '../quality/blur.js';
import { colourStats } from '../quality/colour.js';
import { blockiness } from '../quality/compression.js';
import { exposureStats } from '../quality/exposure.js';
import { glareStats } from '../quality/glare.js';
import { inFrameMask } from '../quality/in-frame.js';
import { DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from '../quality/thresholds.js';
import { borderFacts, isColorless, qualityWarnings, type DocumentMeasurements, type ImageMeasurements } from '../quality/warnings.js';

export interface FrontEndModels {
  readonly faces: TinyFaceDetector;
  /** The learned document localiser; without it the classical localiser works alone. */
  readonly localiser?: LearnedLocaliser;
}

export interface FrontEndOptions {
  readonly maxImagePixels: number;
  readonly quality?: QualityThresholds;
  readonly localiser?: LocaliserThresholds;
  readonly portrait?: PortraitThresholds;
  readonly verification?: VerificationThresholds;
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
  /** Where a passport MRZ was seen: beyond the localised quad (which was extended), inside it, or not at all. */
  readonly mrz: 'outside' | 'inside' | null;
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
/** Side of the centre crop blockiness is measured on. */
const BLOCKINESS_CROP = 512;
/** Blur read on a perfectly sharp sampled step (central differences); subtracted in quadrature. */
const SAMPLING_SIGMA = 0.8;

export async function runFrontEnd(bytes: Uint8Array, models: FrontEndModels, options: FrontEndOptions): Promise<FrontEndResult> {
  const decoded = await decodeImage(bytes, { maxImagePixels: options.maxImagePixels });
  return analyseDecoded(decoded, models, options);
}

/** The front-end after decoding (benchmarks time this part: the budget is 60 ms per 1920x1080 frame). */
export async function analyseDecoded(decoded: DecodedImage, models: FrontEndModels, options: Omit<FrontEndOptions, 'maxImagePixels'>): Promise<FrontEndResult> {
  const quality = options.quality ?? DEFAULT_QUALITY_THRESHOLDS;
  const full = decoded.image;
  const image = imageMeasurements(decoded);
  const found = await findDocuments(full, models, options.localiser ?? DEFAULT_LOCALISER_THRESHOLDS, options.portrait ?? DEFAULT_PORTRAIT_THRESHOLDS, options.verification ?? DEFAULT_VERIFICATION, quality);
  const first = found[0];
  if (first === undefined) {
    return { decoded, documents: [], main: null, image, warnings: qualityWarnings(image, null, null, quality), colorless: false };
  }
  const { document, view } = first;
  const measurements = await measureDocument(full, view.quad, document.type, view.canonical);
  const main: MainDocument = { document, canonical: view.canonical, portrait: view.portrait, nativeLongSide: longSideLength(view.quad), measurements };
  const warnings = qualityWarnings(image, measurements, {
    count: found.length,
    cropped: document.cropped,
    areaFraction: document.areaFraction,
    nearBorder: document.nearBorder,
  }, quality);
  return { decoded, documents: found.map((f) => f.document), main, image, warnings, colorless: isColorless(measurements.colour, quality) };
}

/**
 * A hypothesis is a document when its evidence, textBandFraction / minTextBandFraction + faceScore / minFaceScore,
 * reaches 1: enough lines of print, or a clear portrait, or some of both (grey copies often have faint text bands
 * and a face the detector scores around 0.5).
 */
export interface VerificationThresholds {
  readonly minTextBandFraction: number;
  readonly minFaceScore: number;
}

/** Measured on dlc2021-graycopy-dev, specimens and the no-document scenes; see docs/quality.md. */
export const DEFAULT_VERIFICATION: VerificationThresholds = Object.freeze({ minTextBandFraction: 0.1, minFaceScore: 0.6 });

/**
 * A hypothesis without enough print alone: a clear portrait verifies it, and so does faint print with a weak face
 * (grey copies) — but only on a quad as clear as a second document's (extraDocumentScore). A watch dial's minute
 * marks read as faint print and its face as a weak face (0.255); its quad scores 0.31, documents verified this way
 * on lab val and the DLC tuning part 0.59 and more (docs/quality.md "Face-only verification").
 * A face alone verifies only a classical quad when the hypothesis shows no print at all (see below).
 */
export function verifiedWithoutPrint(textEvidenceScore: number, faceScore: number, quad: VerifiedQuad, verification: VerificationThresholds, thresholds: LocaliserThresholds): boolean {
  if (textEvidenceScore + faceScore / verification.minFaceScore < 1) return false;
  // A face alone, without a single line of print, needs sides the classical localiser found: the learned mask also
  // outlines round, face-like objects (a watch dial, its face 0.78, its outline 0.76 after the locnet retraining).
  if (textEvidenceScore === 0 && quad.source === 'learned') return false;
  return faceScore >= verification.minFaceScore || quad.score >= thresholds.extraDocumentScore;
}

/** What verification needs to know of a hypothesis' quad: how clear it is and which localiser found it. */
export interface VerifiedQuad {
  readonly score: number;
  readonly source: 'classical' | 'learned';
}

export interface DocumentView {
  /** Landscape order, upright when the portrait decided it. */
  readonly quad: Quad;
  readonly canonical: RgbImage;
  readonly portrait: Portrait | null;
  /** Score of the best face that fits the portrait layout (src/portrait/layout.ts), found or not (0 when none). */
  readonly faceScore: number;
}

/**
 * Localises hypotheses, refines them on a finer raster, and keeps those that carry the evidence of an identity
 * document: lines of print, or a portrait. The first kept is the main document.
 */
async function findDocuments(
  full: RgbImage,
  models: FrontEndModels,
  thresholds: LocaliserThresholds,
  portraitThresholds: PortraitThresholds,
  verification: VerificationThresholds,
  quality: QualityThresholds,
): Promise<FoundDocument[]> {
  const working = await downscale(full, WORKING_SIDE);
  const learned = models.localiser ? await learnedEvidence(models.localiser, full, working) : null;
  const { hypotheses, candidates } = rankedHypotheses(working, learned, thresholds, LINE_SEARCH.first);
  let fine: RgbImage | null = null;
  const context = async (): Promise<VerificationContext> => {
    fine ??= await downscale(full, 2 * WORKING_SIDE);
    return { full, fine, toFine: fine.width / working.width, models, thresholds, portraitThresholds, verification, quality };
  };
  const found = hypotheses.length === 0 ? [] : await verifyHypotheses(hypotheses, await context());
  const main = found[0];
  if (main !== undefined && runsLong(main.document.type, main.document.mrz, main.document.aspect)) {
    return (await shorterPage(found, candidates, await context())) ?? found;
  }
  if (main !== undefined && main.view.portrait !== null) return found;
  // Nothing verified, or without a portrait: the document's border may be missing from the first 48 lines (a card on
  // newspaper text), so a wide search proposes more.
  const wideSearch = (): Hypothesis[] => rankedHypotheses(working, learned, thresholds, LINE_SEARCH.wide).hypotheses.filter((h) => !hypotheses.some((t) => sameQuad(t.quad, h.quad)));
  if (main === undefined) {
    const wide = wideSearch();
    // Its extra documents were newspaper blocks (5 on a DLC tuning frame): it reports only its main document.
    return wide.length === 0 ? [] : verifyHypotheses(wide, await context(), WIDE_SEARCH_DOCUMENTS);
  }
  // A main document without a portrait was on every DLC tuning frame a block of the newspaper the card lies on,
  // verified by its print alone or by MRZ-like lines read in the print (4 of 4 with an MRZ and no portrait, e.g.
  // fin_id/04.cg0003/000061): a hypothesis showing print and a portrait of its own goes first. The overlapping
  // first-search hypotheses are tried before the wide search, which runs only if they are not enough.
  const others = hypotheses.filter((h) => h !== main.hypothesis && overlaps(h.quad, main.hypothesis.quad));
  let tried = 0;
  const promote = async (alternatives: readonly Hypothesis[]): Promise<FoundDocument[] | null> => {
    for (const alternative of alternatives) {
      if (tried++ >= MAX_ALTERNATIVES) return null;
      const [document] = await verifyHypotheses([alternative], await context());
      if (document === undefined || !document.printed || document.view.portrait === null) continue;
      // The old main document stays as a second one only where a second document may be: whole in the frame.
      return [document, ...found.filter((f) => !overlaps(f.hypothesis.quad, alternative.quad) && !f.document.cropped)];
    }
    return null;
  };
  return (await promote(others)) ?? (tried < MAX_ALTERNATIVES ? await promote(wideSearch()) : null) ?? found;
}

/**
 * A passport page whose quad ran long (localisation/long-page.ts): the first of the page-shaped candidates inside it
 * that verifies as a page of its own (a TD3 zone inside it, a page's aspect after refinement, a portrait) takes its
 * place; the other documents stay. Null when none does.
 */
async function shorterPage(found: readonly FoundDocument[], candidates: readonly QuadCandidate[], context: VerificationContext): Promise<FoundDocument[] | null> {
  const [main, ...others] = found;
  if (main === undefined) return null;
  for (const page of shorterPages(main.hypothesis.quad, candidates)) {
    const hypothesis: Hypothesis = { quad: page.quad, score: page.score, passportBody: false, source: 'classical', onSheet: false };
    const [document] = await verifyHypotheses([hypothesis], context);
    if (document === undefined || document.document.mrz !== 'inside' || document.view.portrait === null) continue;
    if (document.document.type !== 'PASSPORT' || !isPageAspect(document.document.aspect)) continue;
    return [document, ...others.filter((f) => !overlaps(f.hypothesis.quad, page.quad))];
  }
  return null;
}

/**
 * Documents the wide line search may report when the first found none. It runs on frames of a card on print, where
 * the other hypotheses it verifies are blocks of that print (fin_id/04.cg0002/000073: 5, all wrong).
 */
const WIDE_SEARCH_DOCUMENTS = 1;

/** Hypotheses tried in place of a main document verified by print alone (each costs one verification). */
const MAX_ALTERNATIVES = 12;

interface FoundDocument {
  readonly document: LocalisedDocument;
  readonly view: DocumentView;
  /** The hypothesis it was verified from (working-image pixels). */
  readonly hypothesis: Hypothesis;
  /** Verified by its lines of print (not only by a portrait). */
  readonly printed: boolean;
}

/** What verifying hypotheses needs besides the hypotheses: the rasters, models and thresholds. */
interface VerificationContext {
  readonly full: RgbImage;
  /** The image at twice the working resolution, where quads are refined. */
  readonly fine: RgbImage;
  /** Fine pixels per working pixel. */
  readonly toFine: number;
  readonly models: FrontEndModels;
  readonly thresholds: LocaliserThresholds;
  readonly portraitThresholds: PortraitThresholds;
  readonly verification: VerificationThresholds;
  readonly quality: QualityThresholds;
}

/** A hypothesis already verified (or rejected) in the first search: its quad nearly equals one tried. */
function sameQuad(a: Quad, b: Quad): boolean {
  return quadIou(a, b) >= 0.95;
}

/** The hypotheses, in order, that carry a document's evidence (print, portrait); the first is the main document. */
async function verifyHypotheses(hypotheses: readonly Hypothesis[], context: VerificationContext, maxDocuments = Number.POSITIVE_INFINITY): Promise<FoundDocument[]> {
  const { full, fine, toFine, models, thresholds, portraitThresholds, verification, quality } = context;
  const toFull = full.width / fine.width;
  const frameArea = full.width * full.height;
  const out: FoundDocument[] = [];
  const accepted: Quad[] = [];
  for (const candidate of hypotheses) {
    if (out.length >= maxDocuments) break;
    if (out.length > 0 && (candidate.score < thresholds.extraDocumentScore || candidate.source === 'learned')) continue;
    // Learned and classical hypotheses may overlap: one document is reported once.
    if (accepted.some((q) => overlaps(q, candidate.quad))) continue;
    const onFine = candidate.quad.map(([x, y]) => [x * toFine, y * toFine] as Point) as unknown as Quad;
    const refined = withdrawFromSheetEdges(fine, candidate.source === 'learned' ? refineLearnedQuad(fine, onFine, toFine) : refineQuad(fine, onFine, 2 * toFine));
    const quad = refined.map(([x, y]) => [x * toFull, y * toFull] as Point) as unknown as Quad;
    // A second document must lie wholly in the frame: on the DLC tuning frames (one document each) 33 of the 37 extra
    // documents were cut by the frame edge, blocks of print or objects around the document; in the card photos the
    // second card of a photo of two lies whole (docs/quality.md, localisation round 10).
    if (out.length > 0 && borderFacts(quad, full.width, full.height, quality).cropped) continue;
    let aspect = trueAspect(quad, full.width, full.height);
    let landscape = landscapeOrder(quad);
    // A passport page's MRZ fixes its extent (grey copies often lose the zone), its type and its orientation.
    const mrz = aspect <= MAX_MRZ_SEARCH_ASPECT ? await findMrzPage(full, landscape, aspect) : null;
    // A passport body hypothesis stands only on a passport's zone.
    if (candidate.passportBody && mrz?.format !== 'TD3') continue;
    if (mrz !== null) {
      landscape = mrz.quad;
      aspect = trueAspect(landscape, full.width, full.height);
    }
    // The MRZ format decides over the aspect, which a shortened or tilted quad gets wrong (docs/quality.md, type round).
    const type = mrz === null ? formatFromAspect(aspect) : mrz.format === 'TD1' ? 'ID_CARD' : 'PASSPORT';
    // A mask outline that does not refine to an ID-1 or ID-3 format is not a document (on generic scenes the net
    // marks picture frames and screens; measured in docs/quality.md).
    if (candidate.source === 'learned' && type === 'UNKNOWN') continue;
    const size = canonicalSize(type, aspect);
    const canonical = await rectify(full, landscape, size.width, size.height);
    const textEvidenceScore = textEvidence(canonical, longSideLength(landscape) > canonical.width).textBandFraction / verification.minTextBandFraction;
    const hasText = textEvidenceScore >= 1;
    if (candidate.onSheet && !hasText) continue;
    // The portrait decides the orientation of the main document, and verifies any hypothesis without print.
    let view: DocumentView = { quad: landscape, canonical, portrait: null, faceScore: 0 };
    if (out.length === 0 || !hasText) {
      view = mrz !== null ? await portraitUpright(models.faces, landscape, canonical, portraitThresholds) : await orientByPortrait(models.faces, landscape, canonical, portraitThresholds);
      if (!hasText && !verifiedWithoutPrint(textEvidenceScore, view.faceScore, candidate, verification, thresholds)) continue;
    }
    const border = borderFacts(view.quad, full.width, full.height, quality);
    accepted.push(candidate.quad);
    out.push({
      document: {
        quad: view.quad,
        type,
        aspect,
        score: candidate.score,
        cropped: border.cropped,
        nearBorder: border.nearBorder,
        areaFraction: Math.min(polygonArea(quad), areaInFrame(quad, full.width, full.height)) / frameArea,
        mrz: mrz?.found ?? null,
      },
      view,
      hypothesis: candidate,
      printed: hasText,
    });
  }
  return out;
}

/**
 * Classical and learned hypotheses, best first. A portrait window or a block of print is often tried before the
 * document's own outline (outscoring it, or as a card on a sheet): a holder that reads as the document goes first
 * (localisation/containers.ts). The classical localisation's edges, density and first voting round stay with the
 * working image (localise.ts) until findDocuments drops it, so that a wide search on the same image reuses them.
 */
function rankedHypotheses(working: RgbImage, learned: LearnedEvidence | null, thresholds: LocaliserThresholds, maxLines: number): { hypotheses: Hypothesis[]; candidates: readonly QuadCandidate[] } {
  const classical = localise(working, thresholds, maxLines);
  return { hypotheses: preferContainers(combineHypotheses(classical.hypotheses, learned), classical), candidates: classical.candidates };
}

/** The learned localiser's documents and mask, in working-image pixels. */
async function learnedEvidence(localiser: LearnedLocaliser, full: RgbImage, working: RgbImage): Promise<LearnedEvidence> {
  const { mask, quads } = await localiser.locate(full);
  const s = working.width / full.width;
  const toWorking = (q: Quad): Quad => q.map(([x, y]) => [x * s, y * s] as Point) as unknown as Quad;
  return { quads: quads.map((q) => ({ quad: toWorking(q.quad), score: q.score })), support: (q) => maskSupport(mask, q.map(([x, y]) => [x / s, y / s] as Point)) };
}

/** Widest quad searched for a passport's MRZ: a page that lost its whole zone measures about 1.93. */
const MAX_MRZ_SEARCH_ASPECT = 2.2;

/** The portrait of a document whose orientation is already known. */
async function portraitUpright(faces: TinyFaceDetector, quad: Quad, canonical: RgbImage, thresholds: PortraitThresholds): Promise<DocumentView> {
  const search = await findPortrait(faces, canonical, thresholds);
  return { quad, canonical, portrait: search.found ? search.best : null, faceScore: search.best?.face.score ?? 0 };
}

/**
 * Upright: the portrait searched on both turns of the document decides (src/portrait/orientation.ts); a weak face
 * still decides when no portrait passes the threshold.
 */
export async function orientByPortrait(faces: TinyFaceDetector, quad: Quad, canonical: RgbImage, thresholds: PortraitThresholds): Promise<DocumentView> {
  const { asShown, turned } = await findPortraitEitherWay(faces, canonical, thresholds);
  if (turnedIsUpright(asShown, turned)) {
    return { quad: rotateQuad180(quad), canonical: rotate180(canonical), portrait: turned.found ? turned.best : null, faceScore: turned.best?.face.score ?? 0 };
  }
  return { quad, canonical, portrait: asShown.found ? asShown.best : null, faceScore: asShown.best?.face.score ?? 0 };
}

/**
 * Quality measurements of one document: blur on a raster at the document's own resolution (capped), exposure,
 * glare and colour on the canonical raster. `quad` must be in landscape order (corner 0 -> 1 a long side).
 */
export async function measureDocument(full: RgbImage, quad: Quad, type: DocumentType, canonical: RgbImage): Promise<DocumentMeasurements> {
  const nativeLongSide = longSideLength(quad);
  const blurWidth = Math.max(16, Math.round(Math.min(BLUR_RASTER_MAX, nativeLongSide)));
  // The canonical raster already is the document at (at most) native resolution when the document is large.
  const blurRaster = blurWidth === canonical.width ? canonical : await rectify(full, quad, blurWidth, Math.max(16, Math.round((blurWidth * canonical.height) / canonical.width)));
  const canonicalLuma = luma(canonical);
  // A document partly outside the photo: only its part inside counts (the black beyond is not the document).
  const whole = quadInFrame(quad, full.width, full.height);
  const blurMask = whole ? undefined : inFrameMask(quad, full.width, full.height, blurRaster.width, blurRaster.height, 2 * nativeLongSide / blurRaster.width);
  const canonicalMask = whole ? undefined : blurRaster === canonical ? blurMask : inFrameMask(quad, full.width, full.height, canonical.width, canonical.height, 2 * nativeLongSide / canonical.width);
  const blur = estimateBlur(blurRaster === canonical ? canonicalLuma : luma(blurRaster), 10, undefined, blurMask);
  const sigmaPx = Number.isNaN(blur.sigma) ? Number.NaN : Math.sqrt(Math.max(0, blur.sigma ** 2 - SAMPLING_SIGMA ** 2));
  return {
    blurSigmaMm: (sigmaPx * LONG_SIDE_MM[type]) / blurWidth,
    exposure: exposureStats(canonicalLuma, canonicalMask),
    glare: glareStats(canonical),
    colour: colourStats(canonical),
  };
}

export function imageMeasurements(decoded: DecodedImage): ImageMeasurements {
  const jpegQuality = decoded.quantTables !== null && decoded.quantTables.length > 0 ? estimateJpegQuality(decoded.quantTables) : null;
  // Blockiness on a centre crop at native resolution: the JPEG grid only exists there; 512 px square is plenty.
  const { width, height, data } = decoded.image;
  const cw = Math.min(width, BLOCKINESS_CROP), ch = Math.min(height, BLOCKINESS_CROP);
  const x0 = Math.floor((width - cw) / 2), y0 = Math.floor((height - ch) / 2);
  const crop = new Uint8Array(cw * ch * 3);
  for (let y = 0; y < ch; y++) crop.set(data.subarray(((y0 + y) * width + x0) * 3, ((y0 + y) * width + x0 + cw) * 3), y * cw * 3);
  return { jpegQuality, blockiness: blockiness(luma({ width: cw, height: ch, data: crop })) };
}
