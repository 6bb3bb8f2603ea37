// xenops-ps (portrait substitution): features comparing the portrait with the rest of the same card, so that
// whatever the whole capture shares (camera noise, light, JPEG history, blur) cancels and what was put there
// afterwards stands out. Groups (ablations drop one at a time):
//   noise    - noise floor, fine texture and sharpness inside the photo vs the card (a pasted face brings its own);
//   print    - narrow-band spectral peaks inside the photo (the halftone of a printed photo stuck on) vs the card;
//   colour   - white and saturation of the photo vs the card (the stuck-on sheet's paper white, a recoloured face);
//   jpeg     - the 8x8 grid inside vs the card on the uploaded pixels (the pasted patch's own JPEG save);
//   boundary - straight edges, thin shadow and bright cut face along the photo box's sides (a stuck-on sheet), on
//              the 640-px canonical document;
//   tone     - contrast, deepest black and colourfulness of the photo vs the card (a photo print or a pasted
//              camera face spans a wider range than a portrait printed in the card's own process);
//   rect     - the photo as ONE closed rotated rectangle around the face (rectangle.ts): all four sides sharp and
//              continuous, a common turn against the card, a one-sided shadow, nothing of the card crossing it;
//   file     - an image editor named in EXIF Software and the file's JPEG quality (a face swapped in an editor is
//              saved once more; metadata is trivially forged or stripped, so a weak cue).
// regions() (the explain map) scores a 3 x 4 grid of cells against the same card reference; see regionFeatures.
// Physics: /work/shared/LAB-PHYSICS.md "Portrait substitution"; lab model: lab/attacks/portrait-substitution.ts.
import type { Box, Quad } from '../../domain/types.js';
import { lumaFromInterleaved, type Plane } from '../../features/planes.js';
import type { RgbImage } from '../../image/types.js';
import { derive, type DetectorInput } from '../detector.js';
import type { FeatureExtractor } from '../feature-detector.js';
import { isEditorSoftware } from '../hawk-sd/screens.js';
import { measureBoundary, type BoundarySummary } from './boundary.js';
import { portraitAnchors, type PortraitAnchor } from './portrait-anchors.js';
import { fitPortraitRectangle, type RectangleFit } from './rectangle.js';
import { compareGrids, gridWindow, type GridComparison, type GridWindow } from './jpeg-windows.js';
import { canonicalToImage, imageSquareInside, portraitWindows, type Windows } from './regions.js';
import { windowStats, type WindowStats } from './window-stats.js';

export const XENOPS_FEATURE_NAMES = [
  'noise.lumaInside',
  'noise.lumaLogRatio',
  'noise.chromaLogRatio',
  'noise.highFrequencyLogRatio',
  'noise.laplacianLogRatio',
  'print.peakInside',
  'print.peakCard',
  'print.peakCountInside',
  'colour.whiteShift',
  'colour.brightLogRatio',
  'colour.saturationDiff',
  'jpeg.insideBest',
  'jpeg.insideAtCardPhase',
  'jpeg.shiftedCombGain',
  'jpeg.phaseMismatch',
  'jpeg.blockingLogRatio',
  'jpeg.blockingPhaseMismatch',
  'boundary.coherenceMean',
  'boundary.coherenceMin',
  'boundary.strengthMean',
  'boundary.valleyMax',
  'boundary.valleySpread',
  'boundary.ridgeMax',
  'boundary.shadowMax',
  'boundary.shadowSpread',
  'boundary.tiltMean',
  'boundary.doubleEdgeMax',
  'tone.contrastLogRatio',
  'tone.darkRelative',
  'tone.saturationP90Diff',
  'tone.colourfulnessLogRatio',
  'file.editorSoftware',
  'file.jpegQuality',
  'rect.strengthMin',
  'rect.strengthMean',
  'rect.prominenceMin',
  'rect.continuityMin',
  'rect.continuityMean',
  'rect.angleAbs',
  'rect.angleGain',
  'rect.ownAngleSpread',
  'rect.shadowAsymmetry',
  'rect.shadowMin',
  'rect.crossingMean',
  'rect.crossingMax',
  'rect.outerLineMean',
  'rect.extensionMean',
  'rect.layoutAnchored',
  'rect.anchorDeviation',
] as const;

/**
 * Most native pixels across the two statistics windows: 10 x 10 noise blocks of 16 px and four 64-px spectrum
 * patches. Their cost grows with the square of it and only large captures reach it (a 1080p phone capture's portrait
 * window is ~75-185 px): 256 px cost a 4000x3000 capture ~11 ms more than 1080p; 160 px keeps the detector within
 * its 40 ms there and did not lower the held-out figures (docs/models.md, xenops-ps, branch psspeed3).
 */
export const WINDOW_NATIVE_SIDE = 160;
/** Bound of every native read (window crops, region cells, JPEG windows); the windows above stay inside it, except
 * a JPEG square on a card tilted towards the camera, which may come out a little larger than its window. */
const NATIVE_READ_MAX_SIDE = 256;
/** Smallest JPEG window worth a comb scan (pixels). */
const MIN_GRID_SIDE = 48;

interface Measurements {
  readonly windows: Windows;
  readonly inside: WindowStats;
  readonly card: WindowStats;
  readonly grid: GridComparison | null;
  readonly boundary: BoundarySummary;
  readonly rectangle: RectangleFit;
  /** Grey-level normaliser of the boundary measures: 128 over the document's mean luma. */
  readonly levelScale: number;
  readonly editorSoftware: number;
  readonly jpegQuality: number;
}

const logRatio = (a: number, b: number, eps: number): number => Math.log((a + eps) / (b + eps));

/** What the measurements need: a document-like raster, the face and photo boxes on it, full-resolution crops. */
interface View {
  readonly canonical: RgbImage;
  readonly face: Box;
  readonly photo: Box;
  readonly quad: Quad;
  readonly nativeScale: number;
  crop(region: Box, options: { scale: number; maxSide: number }): Promise<RgbImage>;
}

/** Pixels of `region` copied from `image` (no resampling; research mode only). */
function copyRegion(image: RgbImage, region: Box): RgbImage {
  const x0 = Math.max(0, Math.floor(region.x));
  const y0 = Math.max(0, Math.floor(region.y));
  const w = Math.max(1, Math.min(image.width - x0, Math.round(region.width)));
  const h = Math.max(1, Math.min(image.height - y0, Math.round(region.height)));
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) data.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + w) * 3), y * w * 3);
  return { width: w, height: h, data };
}

function viewOf(input: DetectorInput): View {
  const doc = input.document;
  if (doc !== null && doc.portrait !== null) {
    return { canonical: doc.canonical, face: doc.portrait.face, photo: doc.portrait.photo, quad: doc.quad, nativeScale: doc.nativeLongSide / doc.canonical.width, crop: (r, o) => doc.crop(r, o) };
  }
  // Research mode (eval --no-document-gate, the workers' warm-up): no document, so the whole frame stands in for
  // it, with the portrait where ID-1 layouts put it (left third, middle height).
  const { width: w, height: h } = input.image;
  const face = { x: 0.12 * w, y: 0.3 * h, width: 0.16 * w, height: 0.3 * h };
  const photo = { x: 0.06 * w, y: 0.15 * h, width: 0.28 * w, height: 0.6 * h };
  const quad: Quad = [[0, 0], [w, 0], [w, h], [0, h]];
  return { canonical: input.image, face, photo, quad, nativeScale: 1, crop: async (r) => copyRegion(input.image, r) };
}

/** The card reference and the whole-document measurements, shared by extract() and regions(). */
interface Reference {
  readonly view: View;
  readonly windows: Windows;
  readonly card: WindowStats;
  readonly toImage: ReturnType<typeof canonicalToImage>;
  readonly cardGrid: GridWindow | null;
  readonly boundary: BoundarySummary;
  readonly rectangle: RectangleFit;
  /** Where the rectangle search started (portrait-anchors.ts); the lab's sheet-edge strips also look at the first. */
  readonly anchors: readonly PortraitAnchor[];
  readonly levelScale: number;
  readonly editorSoftware: number;
  readonly jpegQuality: number;
}

const WINDOW_CROP = { scale: 1, maxSide: NATIVE_READ_MAX_SIDE };

/** JPEG grid window of the uploaded image under canonical box `box` (null when too small for a comb scan). */
function gridUnder(input: DetectorInput, toImage: Reference['toImage'], box: Box): GridWindow | null {
  const rect = imageSquareInside(box, toImage, input.image.width, input.image.height, NATIVE_READ_MAX_SIDE, MIN_GRID_SIDE);
  return rect === null ? null : gridWindow(input.image, rect);
}

/** Grey-level normaliser of the boundary measures: 128 over the canonical document's mean luma. */
function levelScaleOf(luma: Plane): number {
  let sum = 0;
  for (let i = 0; i < luma.data.length; i++) sum += luma.data[i]!;
  return 128 / Math.max(8, sum / luma.data.length);
}

async function measureParts(input: DetectorInput): Promise<{ reference: Reference; inside: WindowStats; insideGrid: GridWindow | null }> {
  const view = viewOf(input);
  const { canonical } = view;
  const windows = portraitWindows(view.face, view.photo, canonical.width, canonical.height, WINDOW_NATIVE_SIDE / Math.max(view.nativeScale, 1e-3));
  const [insideImage, cardImage] = await Promise.all([view.crop(windows.inner, WINDOW_CROP), view.crop(windows.reference, WINDOW_CROP)]);
  input.signal?.throwIfAborted();
  const inside = windowStats(insideImage);
  const card = windowStats(cardImage);
  input.signal?.throwIfAborted();

  const toImage = canonicalToImage(view.quad, canonical.width, canonical.height);
  const insideGrid = gridUnder(input, toImage, windows.inner);
  const cardGrid = gridUnder(input, toImage, windows.reference);
  input.signal?.throwIfAborted();

  // Per request: explain runs extract() and regions() on the same input, other detectors may ask for the same plane.
  const luma = derive(input, lumaFromInterleaved, canonical);
  const levelScale = derive(input, levelScaleOf, luma);
  const boundary = measureBoundary(luma, view.face);
  input.signal?.throwIfAborted();
  const anchors = portraitAnchors(view.face, view.photo, canonical.width, canonical.height);
  const rectangle = fitPortraitRectangle(luma, view.face, anchors, input.signal);
  const editorSoftware = isEditorSoftware(input.file.exif?.software ?? null);
  // Not a JPEG (PNG, WebP...): no quantisation at all, read as the top quality.
  const jpegQuality = input.file.jpegQuality ?? 100;
  return { reference: { view, windows, card, toImage, cardGrid, boundary, rectangle, anchors, levelScale, editorSoftware, jpegQuality }, inside, insideGrid };
}

/** Measurements of a window (stats and JPEG grid) against the card reference. */
function against(reference: Reference, inside: WindowStats, insideGrid: GridWindow | null): Measurements {
  const { windows, card, cardGrid, boundary, rectangle, levelScale, editorSoftware, jpegQuality } = reference;
  const grid = insideGrid !== null && cardGrid !== null ? compareGrids(insideGrid, cardGrid) : null;
  return { windows, inside, card, grid, boundary, rectangle, levelScale, editorSoftware, jpegQuality };
}

/**
 * measureParts once per request: an explain request runs extract(), details() and regions() on the same input,
 * and all three start from the same measurements (regions() used to repeat every crop and band).
 */
const sharedParts = (input: DetectorInput): ReturnType<typeof measureParts> => derive(input, measureParts, input);

async function measure(input: DetectorInput): Promise<Measurements> {
  const { reference, inside, insideGrid } = await sharedParts(input);
  return against(reference, inside, insideGrid);
}

/**
 * The rectangle fitted around the face, the anchors it was searched from (the first is the layout box holding the
 * face, else the photo box) and full-resolution crops of the document, as extract() measured them: for the lab's
 * sheet-edge strips (lab/detectors/xenops-ps-edge-strips.ts), which are not among the shipped features.
 */
export async function fittedPortrait(input: DetectorInput): Promise<{ rectangle: RectangleFit; anchors: readonly PortraitAnchor[]; nativeScale: number; crop: View['crop'] }> {
  const { view, rectangle, anchors } = (await sharedParts(input)).reference;
  return { rectangle, anchors, nativeScale: view.nativeScale, crop: (r, o) => view.crop(r, o) };
}

const REGION_ROWS = 3;
const REGION_COLS = 4;

/**
 * Region map: every cell of a 3 x 4 grid over the canonical document takes the portrait window's place and is
 * compared with the same card reference window, so the map shows which parts of the card look unlike the rest.
 *   per cell (local): noise, print, colour and jpeg - each is a statistic of one window against the card's, and a
 *     square window of the reference's size centred in the cell (native resolution, like the reference, so noise,
 *     spectra and the JPEG grid compare like with like; the cell is smaller than the reference only on low-
 *     resolution captures) stands in for the portrait window. `print.peakCard` stays the card's by definition.
 *   whole document: boundary - it measures the edges of the photo box found from the face, a single structure
 *     that a cell does not have (run per cell it would look for a photo edge that is not there), and the grey-level
 *     normaliser of its measures.
 * Cost: 12 native crops of at most 160 px, their window statistics and 12 comb scans of about that size on the
 * uploaded image, plus one pass of extract()'s measurements for the reference: about 250-280 ms warm on a card
 * filling a 1920x1211 frame (regions.test.ts prints it), the first call of a process slower (JIT).
 */
async function regionFeatures(input: DetectorInput): Promise<{ rows: number; cols: number; features: Float32Array[] }> {
  if (input.document === null) return { rows: 0, cols: 0, features: [] };
  const { reference } = await sharedParts(input);
  const { view, windows } = reference;
  const { width, height } = view.canonical;
  const features: Float32Array[] = [];
  for (let r = 0; r < REGION_ROWS; r++) {
    for (let c = 0; c < REGION_COLS; c++) {
      input.signal?.throwIfAborted();
      const x0 = (c * width) / REGION_COLS;
      const y0 = (r * height) / REGION_ROWS;
      const side = Math.max(8, Math.min(windows.reference.width, width / REGION_COLS, height / REGION_ROWS));
      const box: Box = { x: x0 + (width / REGION_COLS - side) / 2, y: y0 + (height / REGION_ROWS - side) / 2, width: side, height: side };
      const stats = windowStats(await view.crop(box, WINDOW_CROP));
      features.push(vector(against(reference, stats, gridUnder(input, reference.toImage, box))));
    }
  }
  return { rows: REGION_ROWS, cols: REGION_COLS, features };
}

function vector(m: Measurements): Float32Array {
  const { inside, card, grid, boundary: b, rectangle: q, levelScale: k } = m;
  const range = (s: WindowStats): number => Math.max(0, s.brightLuma - s.darkLuma);
  const topPeak = (s: WindowStats): number => s.peaks[0]?.prominenceDb ?? 0;
  const values: Record<(typeof XENOPS_FEATURE_NAMES)[number], number> = {
    'noise.lumaInside': Math.log(inside.lumaNoise + 0.1),
    'noise.lumaLogRatio': logRatio(inside.lumaNoise, card.lumaNoise, 0.1),
    'noise.chromaLogRatio': logRatio(inside.chromaNoise, card.chromaNoise, 0.1),
    'noise.highFrequencyLogRatio': logRatio(inside.highFrequency, card.highFrequency, 1e-4),
    'noise.laplacianLogRatio': logRatio(inside.laplacian, card.laplacian, 1),
    'print.peakInside': topPeak(inside),
    'print.peakCard': topPeak(card),
    'print.peakCountInside': inside.peaks.length,
    'colour.whiteShift': 100 * Math.hypot(inside.whiteX - card.whiteX, inside.whiteY - card.whiteY),
    'colour.brightLogRatio': logRatio(inside.brightLuma, card.brightLuma, 1),
    'colour.saturationDiff': inside.saturation - card.saturation,
    'jpeg.insideBest': grid?.insideBest ?? Number.NaN,
    'jpeg.insideAtCardPhase': grid?.insideAtCardPhase ?? Number.NaN,
    'jpeg.shiftedCombGain': grid?.shiftedCombGain ?? Number.NaN,
    'jpeg.phaseMismatch': grid?.phaseMismatch ?? Number.NaN,
    'jpeg.blockingLogRatio': grid?.blockingLogRatio ?? Number.NaN,
    'jpeg.blockingPhaseMismatch': grid?.blockingPhaseMismatch ?? Number.NaN,
    'boundary.coherenceMean': b.coherenceMean,
    'boundary.coherenceMin': b.coherenceMin,
    'boundary.strengthMean': k * b.strengthMean,
    'boundary.valleyMax': k * b.valleyMax,
    'boundary.valleySpread': k * b.valleySpread,
    'boundary.ridgeMax': k * b.ridgeMax,
    'boundary.shadowMax': k * b.shadowMax,
    'boundary.shadowSpread': k * b.shadowSpread,
    'boundary.tiltMean': b.tiltMean,
    'boundary.doubleEdgeMax': b.doubleEdgeMax,
    'tone.contrastLogRatio': logRatio(range(inside), range(card), 4),
    'tone.darkRelative': inside.darkLuma / Math.max(8, card.brightLuma),
    'tone.saturationP90Diff': inside.saturationP90 - card.saturationP90,
    'tone.colourfulnessLogRatio': logRatio(inside.colourfulness, card.colourfulness, 2),
    'file.editorSoftware': m.editorSoftware,
    'file.jpegQuality': m.jpegQuality,
    'rect.strengthMin': k * q.strengthMin,
    'rect.strengthMean': k * q.strengthMean,
    'rect.prominenceMin': q.prominenceMin,
    'rect.continuityMin': q.continuityMin,
    'rect.continuityMean': q.continuityMean,
    'rect.angleAbs': Math.abs(q.angleDeg),
    'rect.angleGain': q.angleGain,
    'rect.ownAngleSpread': q.ownAngleSpread,
    'rect.shadowAsymmetry': q.shadowAsymmetry,
    'rect.shadowMin': k * q.shadowMin,
    'rect.crossingMean': q.crossingMean,
    'rect.crossingMax': q.crossingMax,
    'rect.outerLineMean': q.outerLineMean,
    'rect.extensionMean': q.extensionMean,
    'rect.layoutAnchored': q.layoutAnchored,
    'rect.anchorDeviation': q.anchorDeviation,
  };
  return Float32Array.from(XENOPS_FEATURE_NAMES, (name) => values[name]);
}

const round = (v: number, digits = 3): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);

export function portraitSubstitutionFeatures(): FeatureExtractor {
  return {
    names: XENOPS_FEATURE_NAMES,
    async extract(input) {
      return vector(await measure(input));
    },
    async details(input) {
      const m = await measure(input);
      const box = (b: { x: number; y: number; width: number; height: number }) => ({ x: round(b.x, 1), y: round(b.y, 1), width: round(b.width, 1), height: round(b.height, 1) });
      const stats = (s: WindowStats) => ({
        noiseSigmaLuma: round(s.lumaNoise),
        noiseSigmaChroma: round(s.chromaNoise),
        highFrequencyShare: round(s.highFrequency, 4),
        spectralPeaks: s.peaks.map((p) => ({ frequency: round(p.frequency), angleDeg: round(p.angleDeg, 1), prominenceDb: round(p.prominenceDb, 1) })),
      });
      return {
        insideWindow: box(m.windows.inner),
        cardWindow: box(m.windows.reference),
        inside: stats(m.inside),
        card: stats(m.card),
        jpegGrid: m.grid,
        boundarySides: m.boundary.sides.map((s) => ({ side: s.side, position: s.position === null ? null : round(s.position, 1), coherence: round(s.coherence), strength: round(s.strength * m.levelScale), shadow: round(s.shadow * m.levelScale), tiltDeg: round(s.tiltDeg, 2) })),
        // The closed rectangle fitted around the face (canonical px) and what each of its sides showed.
        rectangle: {
          angleDeg: m.rectangle.angleDeg,
          corners: m.rectangle.corners.map(([x, y]) => [round(x, 1), round(y, 1)]),
          sides: m.rectangle.sides.map((s) => ({ side: s.side, strength: round(s.strength * m.levelScale), continuity: round(s.continuity, 2), shadow: round(s.shadow * m.levelScale), crossing: round(s.crossing), extension: round(s.extension), ownAngleDeg: s.ownAngleDeg })),
          fromLayoutBox: m.rectangle.layoutAnchored === 1,
        },
      };
    },
    regions: regionFeatures,
  };
}
