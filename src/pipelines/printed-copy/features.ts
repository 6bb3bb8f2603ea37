// Feature extractors of the two printed-copy pipelines.
//   woodpecker-pc: the full model: print periodicity per CMY ink and dither noise on native-resolution patches,
//                  colour / gamut, cut edges around the outline, optically variable features, greyness under a
//                  coloured light (rg and linear-light chromaticity spread); no paper group since branch pc5.
//   robin-pc:      the light check: the same colour and OVD cues plus paper white / texture, the corner cue and the
//                  rg greyness pair,
//                  from the 640-px rectified document read at every second pixel (light-raster.ts; no
//                  full-resolution warps, no FFTs, no linear-light pass).
// Groups (the part of a name before the dot) are what the training script's ablation drops or keeps.
import type { Quad } from '../../domain/types.js';
import { toRgbPlanes, type RgbPlanes } from '../../features/planes.js';
import { makeDocumentCropper } from '../../localisation/crop.js';
import { colourStats, type ColourStats } from '../../quality/colour.js';
import { derive, type DetectorInput, type DocumentInput } from '../detector.js';
import type { FeatureExtractor } from '../feature-detector.js';
import { cornerContrast, edgeCues } from './edges.js';
import { distinctScreenAngles, maxProminence, nativeStrip, PATCH_CENTRES, printPeriodicity, type PrintPeriodicity } from './halftone.js';
import { linearGreyness, planesColourStats, rgChromaticitySpread } from './greyness.js';
import { decimatedPlanes } from './light-raster.js';
import { colourCues, ovdCues, paperCues } from './surface.js';

const HALFTONE = ['halftone.c_peak_db', 'halftone.m_peak_db', 'halftone.y_peak_db', 'halftone.luma_peak_db', 'halftone.chroma_peak_db', 'halftone.peak_count', 'halftone.screen_angles'] as const;
const DITHER = ['dither.luma_hf', 'dither.chroma_hf', 'dither.luma_sigma', 'dither.chroma_sigma', 'dither.chroma_to_luma'] as const;
const COLOUR = ['colour.sat_p50', 'colour.sat_p90', 'colour.sat_p99', 'colour.chroma_p90', 'colour.chroma_p99', 'colour.colourfulness', 'colour.gamut'] as const;
const PAPER = ['paper.white_chroma', 'paper.white_warmth', 'paper.white_contrast', 'paper.white_texture', 'paper.glare', 'paper.black_level'] as const;
const EDGES = ['edges.ring_luma', 'edges.ring_chroma', 'edges.ring_to_border', 'edges.ring_spread', 'edges.corner_contrast'] as const;
const OVD = ['ovd.bright_chroma_p99', 'ovd.bright_saturated_share', 'ovd.bright_hue_spread'] as const;
const GREYNESS_RG = ['greyness.rg_spread', 'greyness.rg_p95'] as const;
const GREYNESS = [...GREYNESS_RG, 'greyness.linear_spread', 'greyness.colourful_share'] as const;

// woodpecker-pc leaves the paper group out (branch pc5): with realistic grey copies in validation it chose the model
// without it (val EER 19.0 vs 22.0 %, DLC tuning part 28.0 vs 34.4 %); real copies' paper reads like a card's.
export const WOODPECKER_FEATURES: readonly string[] = [...HALFTONE, ...DITHER, ...COLOUR, ...EDGES, ...OVD, ...GREYNESS];
export const ROBIN_FEATURES: readonly string[] = [...COLOUR, ...PAPER, 'edges.corner_contrast', ...OVD, ...GREYNESS_RG];

/**
 * The located document, or, in research mode without a document (`doclive eval --no-document-gate`, and the
 * workers' warm-up), the whole frame seen as one: its 640-px-wide view stands for the canonical document and
 * the ring cues fall outside the frame (NaN, i.e. neutral).
 */
async function documentOf(input: DetectorInput): Promise<DocumentInput> {
  if (input.document !== null) return input.document;
  const { width, height } = input.image;
  const quad: Quad = [[0, 0], [width, 0], [width, height], [0, height]];
  const canonicalH = Math.max(1, Math.round((640 * height) / width));
  // The frame's width plays the document's long side (the canonical raster is 640 px wide).
  const crop = makeDocumentCropper(input.image, quad, 640, canonicalH, width);
  const canonical = await crop({ x: 0, y: 0, width: 640, height: canonicalH }, { scale: 640 / width, maxSide: Math.max(640, canonicalH) });
  return { quad, type: 'UNKNOWN', aspect: width / height, canonical, nativeLongSide: width, cropped: false, portrait: null, crop };
}

const peakCount = (p: PrintPeriodicity): number => [p.c, p.m, p.y].reduce((n, ch) => n + ch.peaks.filter((k) => k.prominenceDb >= 10).length, 0);

function halftoneValues(p: PrintPeriodicity): number[] {
  return [maxProminence(p.c), maxProminence(p.m), maxProminence(p.y), maxProminence(p.luma), maxProminence(p.chroma), peakCount(p), distinctScreenAngles(p)];
}

function ditherValues(p: PrintPeriodicity): number[] {
  return [p.luma.hfRatio, p.chroma.hfRatio, p.lumaSigma, p.chromaSigma, p.chromaSigma / Math.max(0.25, p.lumaSigma)];
}

/**
 * Colour, paper, OVD and greyness values of a canonical raster (or a part of it); also returns the document white.
 * `linear`, the colour measurement of the same raster, adds the linear-light greyness pair (woodpecker-pc only:
 * computing it costs as much as the rest together, so the document's comes from the front-end).
 */
function surfaceValues(rgb: RgbPlanes, linear: ColourStats | null, cues: SurfaceCues = surfaceCues(rgb)): { colour: number[]; paper: number[]; ovd: number[]; greyness: number[]; white: number } {
  const { c, p, o, rg, white } = cues;
  const lin = linear ? linearGreyness(linear) : null;
  return {
    colour: [c.saturationP50, c.saturationP90, c.saturationP99, c.chromaP90, c.chromaP99, c.colourfulness, c.gamut],
    paper: [p.whiteChroma, p.whiteWarmth, p.whiteContrast, p.whiteTexture, p.glare, p.blackLevel],
    ovd: [o.brightChromaP99, o.brightSaturatedShare, o.brightHueSpread],
    greyness: lin ? [rg.spread, rg.p95, lin.linearSpread, lin.colourfulShare] : [rg.spread, rg.p95],
    white,
  };
}

/**
 * The surface cues of a raster that both pipelines read (everything but the linear-light pair): on the canonical
 * document they are computed once per request and shared (DetectorInput.derived).
 */
function surfaceCues(rgb: RgbPlanes): SurfaceCues {
  return { c: colourCues(rgb), p: paperCues(rgb), o: ovdCues(rgb), rg: rgChromaticitySpread(rgb), white: documentWhite(rgb) };
}

interface SurfaceCues {
  readonly c: ReturnType<typeof colourCues>;
  readonly p: ReturnType<typeof paperCues>;
  readonly o: ReturnType<typeof ovdCues>;
  readonly rg: ReturnType<typeof rgChromaticitySpread>;
  readonly white: number;
}

/** The canonical document as float planes, once per request for both pipelines. */
const canonicalPlanes = (input: DetectorInput, document: DocumentInput): RgbPlanes => derive(input, toRgbPlanes, document.canonical);

/** robin-pc's quarter-sample raster of the canonical document, once per request. */
const lightPlanes = (input: DetectorInput, document: DocumentInput): RgbPlanes => derive(input, decimatedPlanes, document.canonical);

/** 95th-percentile luma of the canonical document (its white, whatever the exposure). */
function documentWhite(rgb: RgbPlanes): number {
  const hist = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < rgb.r.length; i += 3) {
    hist[Math.min(255, Math.round(0.299 * rgb.r[i]! + 0.587 * rgb.g[i]! + 0.114 * rgb.b[i]!))]!++;
    n++;
  }
  let cum = 0;
  for (let v = 0; v < 256; v++) {
    cum += hist[v]!;
    if (cum >= 0.95 * n) return v;
  }
  return 255;
}

/** Sub-rasters of a rows x cols grid over the canonical document, for region maps. */
function gridCells(rgb: RgbPlanes, rows: number, cols: number): { box: { x: number; y: number; width: number; height: number }; cell: RgbPlanes }[] {
  const cells = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x0 = Math.floor((c * rgb.width) / cols);
      const y0 = Math.floor((r * rgb.height) / rows);
      const w = Math.floor(((c + 1) * rgb.width) / cols) - x0;
      const h = Math.floor(((r + 1) * rgb.height) / rows) - y0;
      const cell = { width: w, height: h, r: new Float32Array(w * h), g: new Float32Array(w * h), b: new Float32Array(w * h) };
      for (let y = 0; y < h; y++) {
        const from = (y0 + y) * rgb.width + x0;
        cell.r.set(rgb.r.subarray(from, from + w), y * w);
        cell.g.set(rgb.g.subarray(from, from + w), y * w);
        cell.b.set(rgb.b.subarray(from, from + w), y * w);
      }
      cells.push({ box: { x: x0, y: y0, width: w, height: h }, cell });
    }
  }
  return cells;
}

const REGION_ROWS = 3;
const REGION_COLS = 4;
/** Patch centres within one region cell (two patches per cell keep the region map affordable). */
const REGION_CENTRES: readonly (readonly [number, number])[] = [[0.3, 0.5], [0.7, 0.5]];

function peakDetails(p: PrintPeriodicity): Record<string, unknown> {
  const top = (ch: PrintPeriodicity['c']) => ch.peaks.slice(0, 3).map((k) => ({ cyclesPerPixel: round(k.frequency), angleDeg: round(k.angleDeg, 1), prominenceDb: round(k.prominenceDb, 1) }));
  return { cyan: top(p.c), magenta: top(p.m), yellow: top(p.y), luma: top(p.luma), distinctScreenAngles: distinctScreenAngles(p) };
}

const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

/** woodpecker-pc: the full printed-copy model. */
export function woodpeckerFeatures(): FeatureExtractor {
  return {
    names: WOODPECKER_FEATURES,
    async extract(input) {
      const document = await documentOf(input);
      const print = printPeriodicity(await nativeStrip(document, PATCH_CENTRES, undefined, input.signal));
      input.signal?.throwIfAborted();
      const canonical = canonicalPlanes(input, document);
      // The front-end measured the located document's colour already; only the whole-frame stand-in needs it here.
      const surface = surfaceValues(canonical, input.quality.documentColour ?? colourStats(document.canonical), derive(input, surfaceCues, canonical));
      const e = edgeCues(input.image, document.quad, canonical, surface.white);
      return Float32Array.from([
        ...halftoneValues(print), ...ditherValues(print), ...surface.colour,
        e.ringLuma, e.ringChroma, e.ringToBorder, e.ringSpread, e.cornerContrast, ...surface.ovd, ...surface.greyness,
      ]);
    },
    async details(input) {
      const document = await documentOf(input);
      const print = printPeriodicity(await nativeStrip(document, PATCH_CENTRES, undefined, input.signal));
      return { strongestPeaksPerInk: peakDetails(print), nativeLongSidePx: Math.round(document.nativeLongSide), patchesPx: `${PATCH_CENTRES.length} x 64x64 at native resolution` };
    },
    async regions(input) {
      // Each cell of a 3 x 4 grid is described on its own (document-level edge cues are shared by every cell).
      const document = await documentOf(input);
      const canonical = canonicalPlanes(input, document);
      const white = derive(input, surfaceCues, canonical).white;
      const e = edgeCues(input.image, document.quad, canonical, white);
      const features: Float32Array[] = [];
      for (const { box, cell } of gridCells(canonical, REGION_ROWS, REGION_COLS)) {
        input.signal?.throwIfAborted();
        const print = printPeriodicity(await nativeStrip(document, REGION_CENTRES, box, input.signal));
        const s = surfaceValues(cell, planesColourStats(cell));
        features.push(Float32Array.from([
          ...halftoneValues(print), ...ditherValues(print), ...s.colour,
          e.ringLuma, e.ringChroma, e.ringToBorder, e.ringSpread, e.cornerContrast, ...s.ovd, ...s.greyness,
        ]));
      }
      return { rows: REGION_ROWS, cols: REGION_COLS, features };
    },
  };
}

/** robin-pc: the light printed-copy check on a quarter-sample raster of the canonical document only. */
export function robinFeatures(): FeatureExtractor {
  return {
    names: ROBIN_FEATURES,
    async extract(input) {
      const document = await documentOf(input);
      const light = lightPlanes(input, document);
      const s = surfaceValues(light, null, derive(input, surfaceCues, light));
      return Float32Array.from([...s.colour, ...s.paper, cornerContrast(light), ...s.ovd, ...s.greyness]);
    },
    async details(input) {
      const document = await documentOf(input);
      const p = derive(input, surfaceCues, lightPlanes(input, document)).p;
      return { documentWhite: { chroma: round(p.whiteChroma, 1), warmth: round(p.whiteWarmth), texture: round(p.whiteTexture, 2) }, glareShare: round(p.glare, 4) };
    },
    async regions(input) {
      const document = await documentOf(input);
      const light = lightPlanes(input, document);
      const corner = cornerContrast(light);
      const features = gridCells(light, REGION_ROWS, REGION_COLS).map(({ cell }) => {
        const s = surfaceValues(cell, null);
        return Float32Array.from([...s.colour, ...s.paper, corner, ...s.ovd, ...s.greyness]);
      });
      return { rows: REGION_ROWS, cols: REGION_COLS, features };
    },
  };
}
