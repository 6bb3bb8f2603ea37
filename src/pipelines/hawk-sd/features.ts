// hawk-sd (DIGITAL_MANIPULATIONS): the file is not one honest camera capture. Two families of traces:
// - screenshots: the file has a phone's exact screen size and aspect (19.5:9 ...), flat pixel-perfect status and
//   navigation bars and app chrome around the photo (exactly constant blocks no sensor makes), usually PNG;
// - edits of a capture: a second JPEG encode on a shifted grid (crop + re-save), local disagreement of noise level
//   and of the quantiser comb over the document (a spliced or retyped field), blocking left on another 8x8 grid
//   inside a field (a pasted patch's own grid, a region moved by a shift that is not a multiple of 8) and standing
//   out from the fields beside it, and an image editor's name in EXIF Software (weak: easily stripped or forged).
//   Copy-moves are seen by the grid their moved region keeps; a texture-duplication search added nothing on the lab
//   validation split (repeated print matches as well as a copy does) and was dropped (docs/models.md, branch sd6).
// A capture merely re-saved once as JPEG (aligned grid, no local change) must not look edited, so no feature
// treats "double compressed" or "no camera EXIF" alone as an attack; the model is trained with such re-saves as
// bona fide (docs/models.md). Nor is the format: a camera capture saved as PNG has no JPEG facts, like a PNG
// screenshot, so those facts are unknown for any non-JPEG and screenshots are told by their frame and chrome.
// JPEG and noise features read the upload's own pixels inside the document's bounding box (no warp: a resampling
// would erase the 8x8 grid and the sensor noise).
import type { Quad } from '../../domain/types.js';
import { alignedDqMap, clippedBlocks, strongestWindow, windowEvidence } from '../../features/aligned-dq.js';
import { atypicalityScores, blockTypicalityOf, mostAtypicalWindow, typicalityStrength, type BlockGrid, type BlockTypicality } from '../../features/block-consistency.js';
import { highestWindow, misalignmentScores, phaseStepMap, type PhaseStepMap } from '../../features/grid-misalignment.js';
import { neighbourContrast } from '../../features/neighbour-contrast.js';
import { ANALYSED_FREQUENCIES, compressionTrace, estimateGrid, estimateQuantiser, gridCoefficients, gridCombScan, histogramPeriodicity } from '../../features/jpeg.js';
import { cropPlane, lumaOfRect, type Plane, type Rect } from '../../features/planes.js';
import { noiseInconsistency, noiseLevelMap, noiseSigma } from '../../features/residual.js';
import { exactFlatLuma, exactFlatness } from '../../features/exact-flatness.js';
import type { RgbImage } from '../../image/types.js';
import type { DetectorInput } from '../detector.js';
import type { FeatureExtractor } from '../feature-detector.js';
import { isEditorSoftware, isPhoneScreenSize } from './screens.js';

export const HAWK_SD_FEATURES = [
  'format.jpegQuality',
  'format.jpegBitsPerPixel',
  'file.editorSoftware',
  'frame.screenSize',
  'frame.aspect',
  'frame.cameraAspectGap',
  'chrome.topFlat',
  'chrome.bottomFlat',
  'chrome.outsideFlat',
  'noise.documentSigma',
  'noise.documentFlat',
  'jpeg.blocking',
  'jpeg.primaryFit',
  'jpeg.shiftedGrid',
  'jpeg.doubleCompression',
  'local.noiseSpread',
  'local.noiseOutliers',
  'dq.strength',
  'dq.fieldZ',
  'dq.fieldDeficit',
  'dq.lineDeficit',
  'dq.drop',
  'misgrid.window',
  'misgrid.global',
  'misgrid.joint',
  'contrast.misgrid',
  'contrast.dq',
] as const;

/**
 * Aligned double-JPEG cues (branch sd11, src/features/aligned-dq.ts), appended after HAWK_SD_FEATURES when the
 * lab asks for them (HawkSdOptions.alignedDoubleJpeg). Not in the shipped model: measured on val they did not
 * improve the edits and test got worse (docs/models.md, hawk-sd, branch sd11), so the product does not pay for them.
 */
export const HAWK_SD_ALIGNED_DQ_FEATURES = ['adq.strength', 'adq.field', 'adq.contrast'] as const;

/** Largest side of the document region analysed at native resolution (cost bound; a central crop beyond it). */
const MAX_REGION_SIDE = 768;
/** Status bar / navigation bar bands: share of the image height at the top and at the bottom. */
const TOP_BAND = 0.05;
const BOTTOM_BAND = 0.05;
/** Camera frame aspects (4:3 sensors, 16:9 video, 3:2, square). */
const CAMERA_ASPECTS = [4 / 3, 16 / 9, 3 / 2, 1];
/**
 * Lowest JPEG quality in the lab's training rows (captures, re-saves and edits alike). Below it the linear model has
 * no evidence, and extrapolating its "lower quality, more likely edited" slope read honest phone-video frames stored
 * at quality ~26 (DLC-2021) as -4.5 logits of edit from this one feature: a lower quality counts as this one.
 * Since branch sd10 the detector (detector.ts) sends a JPEG below it to the low-quality head (low-quality.ts), which
 * does not read `format`; the floor still shapes the lab's rows and any direct use of this extractor.
 */
export const LOWEST_MODELLED_JPEG_QUALITY = 62;

/** The quad's bounding box inside the image, then its central part of at most `maxSide` per side (integers). */
export function documentRegion(quad: Quad, width: number, height: number, maxSide = MAX_REGION_SIDE): Rect {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys)));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const cw = Math.min(w, maxSide);
  const ch = Math.min(h, maxSide);
  return {
    x: Math.min(width - cw, x0 + Math.floor((w - cw) / 2)),
    y: Math.min(height - ch, y0 + Math.floor((h - ch) / 2)),
    width: cw,
    height: ch,
  };
}

/**
 * Share of sampled 4x4 blocks outside `exclude` whose 16 pixels have exactly the same RGB: rendered UI (app
 * chrome, bars, backgrounds) is pixel-perfect, a camera frame never is outside clipped highlights and shadows.
 */
export function outsideFlatShare(image: RgbImage, exclude: Rect | null, stride = 12): { flat: number; flatUnclipped: number } {
  const { width, height, data } = image;
  let total = 0;
  let flat = 0;
  let flatUnclipped = 0;
  for (let by = 0; by + 4 <= height; by += stride) {
    for (let bx = 0; bx + 4 <= width; bx += stride) {
      if (exclude && bx + 4 > exclude.x && bx < exclude.x + exclude.width && by + 4 > exclude.y && by < exclude.y + exclude.height) continue;
      total++;
      const first = (by * width + bx) * 3;
      const r = data[first]!;
      const g = data[first + 1]!;
      const b = data[first + 2]!;
      let same = true;
      for (let y = 0; y < 4 && same; y++) {
        let i = ((by + y) * width + bx) * 3;
        for (let x = 0; x < 4; x++, i += 3) {
          if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== b) {
            same = false;
            break;
          }
        }
      }
      if (same) {
        flat++;
        const clipped = (r === 255 && g === 255 && b === 255) || (r === 0 && g === 0 && b === 0);
        if (!clipped) flatUnclipped++;
      }
    }
  }
  return total === 0 ? { flat: 0, flatUnclipped: 0 } : { flat: flat / total, flatUnclipped: flatUnclipped / total };
}

/** Exactly flat 4x4 luma blocks in a full-width band of rows (status bar at the top, navigation at the bottom). */
function bandFlat(image: RgbImage, y0: number, rows: number): number {
  if (rows < 4 || image.width < 4) return 0;
  return exactFlatLuma(image, { x: 0, y: y0, width: image.width, height: rows }, 4).flatFraction;
}

interface DocumentAnalysis {
  readonly region: Rect;
  readonly values: Record<string, number>;
  /** The most atypical field-sized window of the double-quantisation check in image pixels, or null. */
  readonly dqWindow: Rect | null;
  /** The window whose pixel steps peak most at a grid other than the last encode's, in image pixels, or null. */
  readonly misgridWindow: Rect | null;
  /** The window whose shifted-grid score stands most above its neighbours', in image pixels, or null. */
  readonly contrastWindow: Rect | null;
  /** The field-sized window with the most evidence of being off the camera's quantisation lattice, or null. */
  readonly adqWindow: Rect | null;
  /** The estimated camera (first) quantisation step per analysed frequency, null where none is named. */
  readonly primarySteps: readonly (number | null)[];
}

/** Noise level and JPEG trace of one region-map cell of the upload (compressionTrace on its own pixels). */
function cellCues(input: DetectorInput, region: Rect): Record<string, number> {
  const luma = lumaOfRect(input.image, region);
  const v: Record<string, number> = {};
  v['noise.documentSigma'] = region.width >= 8 && region.height >= 8 ? noiseSigma(luma) : Number.NaN;
  v['noise.documentFlat'] = region.width >= 4 && region.height >= 4 ? exactFlatness(luma, 4).flatUnclippedFraction : Number.NaN;
  if (region.width >= 64 && region.height >= 64) {
    const trace = compressionTrace(luma, lumaTableOf(input));
    v['jpeg.blocking'] = Math.max(trace.grid.x.strength, trace.grid.y.strength);
    v['jpeg.primaryFit'] = trace.comb.primaryFit;
    v['jpeg.shiftedGrid'] = trace.shiftedGrid;
    v['jpeg.doubleCompression'] = trace.doubleCompression;
  } else {
    for (const name of ['jpeg.blocking', 'jpeg.primaryFit', 'jpeg.shiftedGrid', 'jpeg.doubleCompression']) v[name] = Number.NaN;
  }
  return v;
}

const lumaTableOf = (input: DetectorInput): number[] | undefined => {
  const values = input.file.quantTables?.find((t) => t.id === 0)?.values;
  return values && values.length === 64 ? Array.from(values) : undefined;
};

/** The comb scan found the last encode's grid when its fit reaches this (compressionTrace's own rule). */
const MIN_COMB_FIT = 0.3;

/**
 * The document's pixels read at native resolution: the central part of its bounding box of at most this many
 * pixels (cost bound: the analyses are linear in it), one luma raster that every cue reads.
 */
const MAX_ANALYSED_PIXELS = 1_000_000;
/** DCT frequencies (the first of ANALYSED_FREQUENCIES) of the raster's coefficient pass. */
const DCT_FREQUENCIES = 10;

/** Cost settings, for the lab's ablation of speed against accuracy only; the product uses the defaults. */
export interface HawkSdOptions {
  /** Low DCT frequencies of the coefficient pass, 1..10 (default DCT_FREQUENCIES). */
  readonly dctFrequencies?: number;
  /** Pixels of the document read at native resolution (default MAX_ANALYSED_PIXELS). */
  readonly maxAnalysedPixels?: number;
  /** Also compute HAWK_SD_ALIGNED_DQ_FEATURES, appended to the names (lab only; default false). */
  readonly alignedDoubleJpeg?: boolean;
}

interface Settings {
  readonly dctFrequencies: number;
  readonly maxAnalysedPixels: number;
  readonly alignedDoubleJpeg: boolean;
}
/** Windows in blocks (rows x cols): a short field (24 x 24 px) and a text line (16 x 32 px). */
const FIELD_WINDOW: readonly [number, number] = [3, 3];
const LINE_WINDOW: readonly [number, number] = [2, 4];
/** Window of the aligned double-JPEG evidence: 24 x 48 px, a short field at phone resolution (the lab's ~100 x 30). */
const ADQ_WINDOW: readonly [number, number] = [3, 6];

/**
 * The central part of `bounds` of at most `maxPixels`, starting on the image's 8-pixel lattice (where an upright
 * JPEG's grid is), so grid phases measured in it are the image's.
 */
export function analysedRegion(bounds: Rect, width: number, height: number, maxPixels = MAX_ANALYSED_PIXELS): Rect {
  const scale = Math.min(1, Math.sqrt(maxPixels / Math.max(1, bounds.width * bounds.height)));
  const w = Math.max(1, Math.min(width, Math.floor(bounds.width * scale)));
  const h = Math.max(1, Math.min(height, Math.floor(bounds.height * scale)));
  const x = Math.max(0, Math.min(width - w, bounds.x + Math.floor((bounds.width - w) / 2)) & ~7);
  const y = Math.max(0, Math.min(height - h, bounds.y + Math.floor((bounds.height - h) / 2)) & ~7);
  return { x, y, width: w, height: h };
}

/** The central part of at most `maxSide` per side of a raster, offset by whole 8x8 blocks (keeps grid phases). */
function centralBlockAligned(width: number, height: number, maxSide: number): Rect {
  const w = Math.min(width, maxSide);
  const h = Math.min(height, maxSide);
  return { x: Math.floor((width - w) / 2) & ~7, y: Math.floor((height - h) / 2) & ~7, width: w, height: h };
}

/**
 * Everything measured on the document's pixels, from one luma raster of `analysed` (the upload's own pixels, no
 * warp): noise, blocking and the comb scan on its central 768x768 (`central`, whole blocks into the
 * raster), and one DCT pass over the whole raster on the last encode's grid for the aligned double-compression
 * periodicity and the per-block double-quantisation check (src/features/block-consistency.ts).
 */
function analyseDocument(input: DetectorInput, analysed: Rect, luma: Plane, settings: Settings): DocumentAnalysis {
  const c = centralBlockAligned(analysed.width, analysed.height, MAX_REGION_SIDE);
  const region = { x: analysed.x + c.x, y: analysed.y + c.y, width: c.width, height: c.height };
  const doc = c.width === analysed.width && c.height === analysed.height ? luma : cropPlane(luma, c);
  const v: Record<string, number> = {};
  v['noise.documentSigma'] = region.width >= 8 && region.height >= 8 ? noiseSigma(doc) : Number.NaN;
  v['noise.documentFlat'] = region.width >= 4 && region.height >= 4 ? exactFlatness(doc, 4).flatUnclippedFraction : Number.NaN;
  const table = lumaTableOf(input);
  let dqWindow: Rect | null = null;
  let misgridWindow: Rect | null = null;
  let contrastWindow: Rect | null = null;
  let adqWindow: Rect | null = null;
  let primarySteps: (number | null)[] = [];
  for (const name of ['adq.strength', 'adq.field', 'adq.contrast']) v[name] = 0;
  for (const name of ['misgrid.window', 'misgrid.global', 'misgrid.joint']) v[name] = 0;
  for (const name of ['contrast.misgrid', 'contrast.dq']) v[name] = 0;
  for (const name of ['jpeg.blocking', 'jpeg.primaryFit', 'jpeg.shiftedGrid', 'jpeg.doubleCompression']) v[name] = Number.NaN;
  for (const name of ['dq.strength', 'dq.fieldZ', 'dq.fieldDeficit', 'dq.lineDeficit', 'dq.drop']) v[name] = 0;
  if (region.width >= 64 && region.height >= 64) {
    const grid = estimateGrid(doc);
    const comb = gridCombScan(doc);
    v['jpeg.blocking'] = Math.max(grid.x.strength, grid.y.strength);
    v['jpeg.primaryFit'] = comb.primaryFit;
    v['jpeg.shiftedGrid'] = comb.secondaryFit;
    // The last encode's grid: the comb scan finds it (also when the decoder turned the image by its EXIF
    // orientation); without a comb, a JPEG's own grid is at the image origin, where the raster starts, and other
    // files have only their blocking to go by. The central crop starts on whole blocks: its phase is the raster's.
    const [phaseX, phaseY] = comb.primaryFit >= MIN_COMB_FIT ? [comb.phaseX, comb.phaseY] : table ? [0, 0] : [grid.x.phase, grid.y.phase];
    input.signal?.throwIfAborted();
    const blocks = gridCoefficients(luma, phaseX, phaseY, undefined, settings.dctFrequencies);
    v['jpeg.doubleCompression'] = doubleCompression(blocks, table);
    let bt: BlockTypicality | null = null;
    if (table) {
      const dq = dqCues(blocks, table);
      bt = dq.typicality;
      Object.assign(v, dq.values);
      if (dq.at) dqWindow = { x: analysed.x + blocks.x0 + dq.at[0] * 8, y: analysed.y + blocks.y0 + dq.at[1] * 8, width: FIELD_WINDOW[1] * 8, height: FIELD_WINDOW[0] * 8 };
      const adq = settings.alignedDoubleJpeg ? adqCues(blocks, table, clippedBlocks(input.image, analysed.x, analysed.y, blocks)) : null;
      if (adq) Object.assign(v, adq.values), (primarySteps = adq.primarySteps);
      if (adq?.at) adqWindow = { x: analysed.x + blocks.x0 + adq.at[0] * 8, y: analysed.y + blocks.y0 + adq.at[1] * 8, width: ADQ_WINDOW[1] * 8, height: ADQ_WINDOW[0] * 8 };
    }
    input.signal?.throwIfAborted();
    const mis = misgridCues(phaseStepMap(luma, phaseX, phaseY), bt);
    Object.assign(v, mis.values);
    const lineWindow = (at: readonly [number, number]): Rect => ({ x: analysed.x + phaseX + at[0] * 8, y: analysed.y + phaseY + at[1] * 8, width: LINE_WINDOW[1] * 8, height: LINE_WINDOW[0] * 8 });
    if (mis.at) misgridWindow = lineWindow(mis.at);
    if (mis.contrastAt) contrastWindow = lineWindow(mis.contrastAt);
  }
  input.signal?.throwIfAborted();

  if (region.width >= 128 && region.height >= 128) {
    const noise = noiseInconsistency(noiseLevelMap(doc, 32));
    v['local.noiseSpread'] = Math.log(noise.spread);
    v['local.noiseOutliers'] = noise.outlierFraction;
  }
  input.signal?.throwIfAborted();

  return { region, values: v, dqWindow, misgridWindow, contrastWindow, adqWindow, primarySteps };
}

/**
 * Aligned double-JPEG likelihood (src/features/aligned-dq.ts): the camera's step estimated per frequency from the
 * document's own histogram, per block the evidence of not being on that lattice, summed over field-sized windows.
 * A re-save is on the lattice everywhere (the strength says how clearly), an edited field is not: its window's
 * evidence, and how far it stands above the next line and field (the content-agnostic local excess).
 */
function adqCues(blocks: BlockGrid, table: readonly number[], clipped: Uint8Array): { values: Record<string, number>; at: readonly [number, number] | null; primarySteps: (number | null)[] } {
  const map = alignedDqMap(blocks, table, { skip: clipped });
  const windows = windowEvidence(map, ADQ_WINDOW[0], ADQ_WINDOW[1]);
  const strongest = strongestWindow(windows);
  const [dy, dx] = NEIGHBOUR_STEP;
  return {
    values: {
      'adq.strength': map.strength,
      'adq.field': strongest.evidence,
      'adq.contrast': neighbourContrast(windows.sums, windows.cols, windows.rows, dx, dy).contrast,
    },
    at: strongest.at,
    primarySteps: map.estimates.map((e) => e.primary),
  };
}

/**
 * Aligned double compression (compressionTrace's measure): mean histogram periodicity of the analysed frequencies
 * on the last encode's steps (the file's table, else estimated from the pixels).
 */
function doubleCompression(blocks: BlockGrid, table: readonly number[] | undefined): number {
  let sum = 0;
  let n = 0;
  blocks.coefficients.forEach((c, f) => {
    const q = table ? table[ANALYSED_FREQUENCIES[f]!]! : estimateQuantiser(c);
    const p = q >= 2 ? histogramPeriodicity(c, q) : null;
    if (p !== null) (sum += p), n++;
  });
  return n > 0 ? sum / n : 0;
}

/**
 * Double-quantisation consistency of the document's blocks: a re-save recompresses every block alike, an edited
 * field was not on the camera's quantiser comb when the last encode ran (needs the file's luma table).
 */
function dqCues(blocks: BlockGrid, table: readonly number[]): { values: Record<string, number>; at: readonly [number, number] | null; typicality: BlockTypicality } {
  const bt = blockTypicalityOf(blocks, table);
  const field = mostAtypicalWindow(bt, FIELD_WINDOW[0], FIELD_WINDOW[1]);
  const line = mostAtypicalWindow(bt, LINE_WINDOW[0], LINE_WINDOW[1]);
  return {
    values: {
      'dq.strength': typicalityStrength(bt),
      'dq.fieldZ': field.z,
      'dq.fieldDeficit': field.deficit,
      'dq.lineDeficit': line.deficit,
      'dq.drop': Math.max(-1, Math.min(2, field.drop)),
    },
    at: field.at,
    typicality: bt,
  };
}

/** Weight of the misalignment score against the double-quantisation z in the joint window score (their scales). */
const JOINT_MISGRID_WEIGHT = 2;

/**
 * Neighbours of a line window for the contrast cues, in blocks (rows, columns): the next line of text (32 px) and
 * the next field along the line (96 px, about one field's width, so the neighbours lie outside an edited field).
 */
const NEIGHBOUR_STEP: readonly [number, number] = [4, 12];

/**
 * Blocking on a shifted grid (src/features/grid-misalignment.ts), on the line window: its strongest window, the
 * whole document's (a cropped re-save shifts the old grid everywhere: a global, not a local trace) and the window
 * where it and the double-quantisation deficit agree most (z + 2 x score on the same block grid): content edges
 * make outliers in each map, an edited field in both at once more often than content does. Then both maps
 * contrasted with the neighbouring windows (src/features/neighbour-contrast.ts): an edited field differs from the
 * line above and below and the field beside it, honest text and print look like their neighbours, so a window
 * that stands out locally is evidence where the document's global maximum (content) is not.
 */
function misgridCues(
  map: PhaseStepMap,
  bt: BlockTypicality | null,
): { values: Record<string, number>; at: readonly [number, number] | null; contrastAt: readonly [number, number] | null } {
  const [rows, cols] = LINE_WINDOW;
  const ws = misalignmentScores(map, rows, cols);
  const window = highestWindow(ws);
  let joint = window.score;
  let z: Float32Array | null = null;
  if (bt !== null) {
    const scores = ws.scores;
    z = atypicalityScores(bt, rows, cols).z;
    // Both maps index the same windows when the grids match (the DCT pass and the step map share the phase).
    if (z.length === scores.length) {
      joint = 0;
      for (let i = 0; i < z.length; i++) {
        const j = z[i]! + JOINT_MISGRID_WEIGHT * scores[i]!;
        if (j > joint) joint = j;
      }
    } else {
      z = null;
    }
  }
  const [dy, dx] = NEIGHBOUR_STEP;
  const contrast = neighbourContrast(ws.scores, ws.cols, ws.rows, dx, dy);
  return {
    values: {
      'misgrid.window': window.score,
      'misgrid.global': window.global,
      'misgrid.joint': joint,
      'contrast.misgrid': contrast.contrast,
      'contrast.dq': z === null ? 0 : neighbourContrast(z, ws.cols, ws.rows, dx, dy).contrast,
    },
    at: window.at,
    contrastAt: contrast.at,
  };
}

function fileAndFrame(input: DetectorInput, docRect: Rect | null): Record<string, number> {
  const { image, file } = input;
  const v: Record<string, number> = {};
  // A JPEG's quality and size describe its encode; any other format (a camera photo saved as PNG as much as a
  // screenshot) has none: unknown (the model's training mean), so the format alone is no evidence either way.
  const jpeg = file.format === 'jpeg';
  v['format.jpegQuality'] = jpeg && file.jpegQuality != null ? Math.max(LOWEST_MODELLED_JPEG_QUALITY, file.jpegQuality) : Number.NaN;
  v['format.jpegBitsPerPixel'] = jpeg ? (file.byteLength * 8) / Math.max(1, image.width * image.height) : Number.NaN;
  v['file.editorSoftware'] = isEditorSoftware(file.exif?.software ?? null);
  v['frame.screenSize'] = isPhoneScreenSize(image.width, image.height);
  const aspect = Math.max(image.width, image.height) / Math.max(1, Math.min(image.width, image.height));
  v['frame.aspect'] = aspect;
  v['frame.cameraAspectGap'] = Math.min(...CAMERA_ASPECTS.map((a) => Math.abs(Math.log(aspect / a))));
  const top = Math.round(image.height * TOP_BAND);
  const bottom = Math.round(image.height * BOTTOM_BAND);
  v['chrome.topFlat'] = bandFlat(image, 0, top);
  v['chrome.bottomFlat'] = bandFlat(image, image.height - bottom, bottom);
  v['chrome.outsideFlat'] = outsideFlatShare(image, docRect).flatUnclipped;
  return v;
}

function boundingRect(quad: Quad, width: number, height: number): Rect {
  return documentRegion(quad, width, height, Number.POSITIVE_INFINITY);
}

async function compute(input: DetectorInput, settings: Settings): Promise<{ values: Record<string, number>; doc: DocumentAnalysis }> {
  const { image } = input;
  const quad = input.document?.quad ?? null;
  const bounds = quad ? boundingRect(quad, image.width, image.height) : null;
  const values = fileAndFrame(input, bounds);
  input.signal?.throwIfAborted();
  // Without a document (research mode only) the whole image stands in for it.
  const analysed = analysedRegion(bounds ?? { x: 0, y: 0, width: image.width, height: image.height }, image.width, image.height, settings.maxAnalysedPixels);
  const doc = analyseDocument(input, analysed, lumaOfRect(image, analysed), settings);
  return { values: { ...values, ...doc.values }, doc };
}

/** Region map grid over the document (rows x cols in upright reading order, as the other pipelines). */
const REGION_ROWS = 3;
const REGION_COLS = 4;
/** Largest side of one cell analysed at native resolution (a central crop beyond it; cost bound). */
const REGION_CELL_SIDE = 384;

/** Features computed per cell of the region map; every other feature keeps the whole document's value. */
const REGION_LOCAL_FEATURES = HAWK_SD_FEATURES.filter((name) => name.startsWith('noise.') || name.startsWith('jpeg.'));

/** Cell (r, c) of a rows x cols grid over the quad, its corners interpolated bilinearly (TL, TR, BR, BL). */
function cellQuad(quad: Quad, r: number, c: number, rows: number, cols: number): Quad {
  const [tl, tr, br, bl] = quad;
  const at = (u: number, v: number): [number, number] => [
    (1 - v) * ((1 - u) * tl[0] + u * tr[0]) + v * ((1 - u) * bl[0] + u * br[0]),
    (1 - v) * ((1 - u) * tl[1] + u * tr[1]) + v * ((1 - u) * bl[1] + u * br[1]),
  ];
  return [at(c / cols, r / rows), at((c + 1) / cols, r / rows), at((c + 1) / cols, (r + 1) / rows), at(c / cols, (r + 1) / rows)];
}

const toVector = (names: readonly string[], values: Record<string, number>): Float32Array =>
  Float32Array.from(names, (name) => {
    const x = values[name];
    return x === undefined || !Number.isFinite(x) ? Number.NaN : x;
  });

export function hawkSdFeatures(options: HawkSdOptions = {}): FeatureExtractor {
  const settings: Settings = {
    dctFrequencies: options.dctFrequencies ?? DCT_FREQUENCIES,
    maxAnalysedPixels: options.maxAnalysedPixels ?? MAX_ANALYSED_PIXELS,
    alignedDoubleJpeg: options.alignedDoubleJpeg ?? false,
  };
  const names: readonly string[] = settings.alignedDoubleJpeg ? [...HAWK_SD_FEATURES, ...HAWK_SD_ALIGNED_DQ_FEATURES] : HAWK_SD_FEATURES;
  return {
    names,
    async extract(input) {
      const { values } = await compute(input, settings);
      return toVector(names, values);
    },
    async details(input) {
      const { values, doc } = await compute(input, settings);
      return {
        format: input.file.format,
        jpegQuality: input.file.jpegQuality,
        exifSoftware: input.file.exif?.software ?? null,
        exifCamera: input.file.exif?.make ? `${input.file.exif.make} ${input.file.exif.model ?? ''}`.trim() : null,
        phoneScreenSize: values['frame.screenSize'] === 1,
        statusBarFlatShare: values['chrome.topFlat'],
        navigationBarFlatShare: values['chrome.bottomFlat'],
        analysedRegion: doc.region,
        // Where the compression history disagrees most with the rest of the document (an edited field shows here).
        doubleQuantisation: { strength: values['dq.strength'], mostAtypicalField: doc.dqWindow, fieldZ: values['dq.fieldZ'], fieldDeficit: values['dq.fieldDeficit'] },
        // Where the pixel steps peak most on an 8x8 grid other than the last encode's (a pasted or moved region).
        shiftedGridBlocking: { window: doc.misgridWindow, score: values['misgrid.window'], documentScore: values['misgrid.global'] },
        // Where that blocking stands most above the neighbouring line and field (an edited field differs from them).
        locallyOutstanding: { window: doc.contrastWindow, shiftedGridContrast: values['contrast.misgrid'], compressionContrast: values['contrast.dq'] },
        // The camera's quantisation steps read from the document's histogram, and the field least on that lattice.
        ...(settings.alignedDoubleJpeg
          ? { alignedDoubleJpeg: { primarySteps: doc.primarySteps, strength: values['adq.strength'], mostEditedField: doc.adqWindow, evidence: values['adq.field'], contrast: values['adq.contrast'] } }
          : {}),
      };
    },
    // Region map. Per cell (REGION_LOCAL_FEATURES): the document noise level and flatness and the JPEG trace
    // (blocking, primary comb fit, second shifted grid, double-quantisation periodicity): they describe the pixels
    // where they are measured, so a pasted or retyped field (other noise, other or no compression grid) shows in
    // its cell. They are measured like extract() does, on the upload's own pixels (no warp: resampling would erase
    // the 8x8 grid and the sensor noise), here the bounding box of the cell's quad (the canonical cell mapped
    // through the document's corners), a central crop of at most REGION_CELL_SIDE.
    // Whole-document values stay: file.* and frame.* (properties of the file and the frame, not of a place),
    // chrome.* (bands and surroundings outside the document), local.* (a spread across the whole document's
    // regions: one cell's part of it is not the same measure), dq.*, misgrid.*, contrast.* and adq.* (outliers among the
    // document's windows: a cell alone has too few to compare).
    async regions(input) {
      const quad = input.document?.quad ?? null;
      if (quad === null) return { rows: 0, cols: 0, features: [] };
      const whole = (await compute(input, settings)).values;
      const { width, height } = input.image;
      const features: Float32Array[] = [];
      for (let r = 0; r < REGION_ROWS; r++) {
        for (let c = 0; c < REGION_COLS; c++) {
          input.signal?.throwIfAborted();
          const cell = cellCues(input, documentRegion(cellQuad(quad, r, c, REGION_ROWS, REGION_COLS), width, height, REGION_CELL_SIDE));
          const values: Record<string, number> = { ...whole };
          for (const name of REGION_LOCAL_FEATURES) values[name] = cell[name]!;
          features.push(toVector(names, values));
        }
      }
      return { rows: REGION_ROWS, cols: REGION_COLS, features };
    },
  };
}
