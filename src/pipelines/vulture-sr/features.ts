// vulture-sr feature extractors: screen replay cues, content-agnostic, in groups (the ablation unit):
//   subpixel  cross-channel structure of the high-pass residual (RGB stripes / PenTile emitters);
//   colour    display white point and gamut of the subject (document head only: it does not transfer to real
//             whole-image screen photos, docs/models.md);
//   tone      dynamic range: lifted LCD blacks, clipped glass glare;
//   surround  card rim and shadow versus screen background and bezel around the subject;
//   cnn       the patch CNN's logits on native-resolution patches of the document (document head only,
//             patch-cnn.ts): mean and lowest-4 mean;
//   frame     whole-frame cues that survive down-scaling and re-sends (whole-image head only, frame.ts): dark bezel
//             band, backlight fall-off from centre to corners, straight full-frame edges, the frame's blacks.
// Two heads share the code: the document head (the rectified document: texture from a full-resolution crop) and the
// whole-image head (`doclive eval --no-document-gate` when no document is found: the centre of the frame is the
// subject, the frame's border its surroundings). Spectral moire peaks are no longer scored (they added nothing on
// the lab, were reversed on real photos and cost a third of the time); details() still reports them, marked so.
import type { Box, Quad } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';
import { chromaStatistics, gamutHull, whitePoint } from '../../features/colour.js';
import { toRgbPlanes, type RgbPlanes } from '../../features/planes.js';
import { derive, type DetectorInput } from '../detector.js';
import type { FeatureExtractor } from '../feature-detector.js';
import { frameFeatures, frameMeasures, type FrameFeatureName } from './frame.js';
import { patchCnn, type PatchCnn } from './patch-cnn.js';
import { centralQuad, surroundMeasures } from './surround.js';
import { moireMeasures, patchSizeFor, subpixelMeasures, texturePlanes, wholeWindow, type MoireMeasures, type PixelWindow } from './texture.js';

const SUBPIXEL = ['subpixel.rg_correlation', 'subpixel.bg_correlation', 'subpixel.rg_energy', 'subpixel.bg_energy', 'subpixel.chroma_anisotropy'] as const;
const COLOUR = ['colour.grey_world_x', 'colour.grey_world_y', 'colour.brightest_x', 'colour.brightest_y', 'colour.saturation_p99', 'colour.colourfulness', 'colour.gamut_srgb'] as const;
const TONE = ['tone.luma_p1', 'tone.luma_p99', 'tone.range', 'tone.clipped_share'] as const;
const SURROUND = ['surround.dark_share', 'surround.outside_to_inside', 'surround.outside_std', 'surround.edge_contrast', 'surround.shadow_dip', 'surround.visible'] as const;
const CNN = ['cnn.mean_logit', 'cnn.lowest_logit'] as const;

/** Features of the document head (models/vulture-sr/model.json). */
export const SCREEN_REPLAY_FEATURES = [...SUBPIXEL, ...COLOUR, ...TONE, ...SURROUND, ...CNN] as const;
/**
 * The frame group the whole-image head scores (frame.ts): the candidates whose direction agrees on lab train, val,
 * test and the real tuning part. The white-point candidates are reversed on real photos (a screen that fills the
 * frame is white-balanced by the camera), the centre-to-corner fall-off reads composition on the lab (a bright
 * document in the middle), and the detail ratios separate nothing (docs/models.md, vulture-sr card).
 */
export const WHOLE_IMAGE_FRAME: readonly FrameFeatureName[] = ['frame.luma_p1', 'frame.dark_border', 'frame.straight_edge'];
/** The whole-image head's feature names with the frame features `frame`: no document colour. */
const wholeImageNames = (frame: readonly FrameFeatureName[]): readonly string[] => [...SUBPIXEL, ...TONE, ...SURROUND, ...frame];
/** Features of the whole-image head (models/vulture-sr/whole-image/model.json). */
export const WHOLE_IMAGE_FEATURES = wholeImageNames(WHOLE_IMAGE_FRAME);

/**
 * Longest side of the native-resolution texture crop: 4 patches of 128 fit with room to spare. 512 rather than 768:
 * the crop's warp and the residual pass scale with its area, and the larger crop did not separate better (model card).
 */
const TEXTURE_SIDE = 512;
/** Longest side of the subject raster used for colour and tone (the canonical document is 640 wide). */
const COLOUR_SIDE = 640;

/** A rectangle of the image read every `step`-th pixel (step 1 = native pixels, untouched). */
interface SampledWindow extends PixelWindow {
  readonly step: number;
}

/** The whole pixels of `rect` inside the image, every `step`-th one: `width` x `height` samples from (x, y). */
function sampledWindow(image: RgbImage, rect: Box, step: number): SampledWindow {
  const x = Math.max(0, Math.floor(rect.x));
  const y = Math.max(0, Math.floor(rect.y));
  const width = Math.max(1, Math.floor(Math.min(rect.width, image.width - x) / step));
  const height = Math.max(1, Math.floor(Math.min(rect.height, image.height - y) / step));
  return { x, y, width, height, step };
}

/** Copy of a sampled window of the image (for explanations; the scores read the windows in place). */
function sampleRect(image: RgbImage, window: SampledWindow): RgbImage {
  const { x: x0, y: y0, width, height, step } = window;
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = ((y0 + y * step) * image.width + x0 + x * step) * 3;
      const d = (y * width + x) * 3;
      out[d] = image.data[s]!;
      out[d + 1] = image.data[s + 1]!;
      out[d + 2] = image.data[s + 2]!;
    }
  }
  return { width, height, data: out };
}

/**
 * The whole-image head's subject as windows of the frame: the native-resolution centre (texture), the central quad
 * sampled to about COLOUR_SIDE (colour and tone), and that quad (surroundings).
 */
function wholeImageWindows(image: RgbImage): { texture: SampledWindow; colour: SampledWindow; quad: Quad } {
  const { width, height } = image;
  const tw = Math.min(width, TEXTURE_SIDE);
  const th = Math.min(height, TEXTURE_SIDE);
  const texture = sampledWindow(image, { x: (width - tw) / 2, y: (height - th) / 2, width: tw, height: th }, 1);
  const quad = centralQuad(width, height);
  const region = { x: quad[0][0], y: quad[0][1], width: quad[1][0] - quad[0][0], height: quad[2][1] - quad[1][1] };
  const step = Math.max(1, Math.ceil(Math.max(region.width, region.height) / COLOUR_SIDE));
  return { texture, colour: sampledWindow(image, region, step), quad };
}

interface Subject {
  readonly mode: 'document' | 'whole-image';
  /** Native-resolution texture of the subject's centre (8-bit: the sub-pixel sums are exact integer sums). */
  readonly texture: RgbImage;
  /** The subject at about 640 px for colour and tone. */
  readonly colour: RgbImage;
  readonly quad: Quad;
}

async function subjectOf(input: DetectorInput, wholeImage: boolean): Promise<Subject> {
  const doc = wholeImage ? null : input.document;
  if (doc !== null) {
    const cw = doc.canonical.width;
    const ch = doc.canonical.height;
    // Canonical pixels per native pixel: a region of TEXTURE_SIDE native pixels at most, centred, inside 70 %.
    const perNative = cw / Math.max(1, doc.nativeLongSide);
    const w = Math.min(0.7 * cw, TEXTURE_SIDE * perNative);
    const h = Math.min(0.7 * ch, TEXTURE_SIDE * perNative);
    const crop = await doc.crop({ x: (cw - w) / 2, y: (ch - h) / 2, width: w, height: h }, { scale: 1, maxSide: TEXTURE_SIDE });
    return { mode: 'document', texture: crop, colour: doc.canonical, quad: doc.quad };
  }
  const windows = wholeImageWindows(input.image);
  return { mode: 'whole-image', texture: sampleRect(input.image, windows.texture), colour: sampleRect(input.image, windows.colour), quad: windows.quad };
}

/** Read from the 8-bit interleaved raster in place (no float planes, no copy: the values are the same integers). */
function lumaPercentiles(image: RgbImage, window: SampledWindow): { p1: number; p99: number; clipped: number } {
  const hist = new Uint32Array(256);
  let clipped = 0;
  const { width, height, step } = window;
  const n = width * height;
  const data = image.data;
  const dj = 3 * step;
  for (let y = 0; y < height; y++) {
    for (let x = 0, j = 3 * ((window.y + y * step) * image.width + window.x); x < width; x++, j += dj) {
      const r = data[j]!, g = data[j + 1]!, b = data[j + 2]!;
      hist[Math.min(255, Math.max(0, Math.round(0.299 * r + 0.587 * g + 0.114 * b)))]!++;
      if (r >= 250 && g >= 250 && b >= 250) clipped++;
    }
  }
  const at = (q: number): number => {
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]!) >= q * n) return v;
    return 255;
  };
  return { p1: at(0.01), p99: at(0.99), clipped: clipped / Math.max(1, n) };
}

const NO_MOIRE: MoireMeasures = {
  greenPeakDb: Number.NaN, greenPeakCount: Number.NaN, chromaPeakDb: Number.NaN, chromaPeakCount: Number.NaN,
  chromaToLumaMid: Number.NaN, chromaToLumaLow: Number.NaN, greenHighFrequency: Number.NaN, peaks: { green: [], chroma: [] },
};

function subpixelFeatures(image: RgbImage, window?: PixelWindow): number[] {
  const sub = subpixelMeasures(image, window);
  return [sub.redGreenCorrelation, sub.blueGreenCorrelation, sub.redGreenEnergy, sub.blueGreenEnergy, sub.chromaAnisotropy];
}

function colourFeatures(rgb: RgbPlanes): number[] {
  const white = whitePoint(rgb);
  const chroma = chromaStatistics(rgb);
  // Chromaticities, not CCT: McCamy's cubic runs away off the Planckian locus, xy stays linear-model friendly.
  return [white.greyWorld.x, white.greyWorld.y, white.brightest.x, white.brightest.y, chroma.saturationP99, chroma.colourfulness / 100, gamutHull(rgb).relativeToSrgb];
}

function toneFeatures(image: RgbImage, window: SampledWindow = { ...wholeWindow(image), step: 1 }): number[] {
  const tone = lumaPercentiles(image, window);
  return [tone.p1 / 255, tone.p99 / 255, (tone.p99 - tone.p1) / 255, tone.clipped];
}

function surroundFeatures(image: RgbImage, quad: Quad): number[] {
  const s = surroundMeasures(image, quad);
  return [s.darkShare, s.outsideToInside, s.outsideStd, s.edgeContrast, s.shadowDip, s.visible];
}

/** Evidence for explanations: the subject, the crop, and the strongest spectral peaks (reported, not scored). */
async function describe(input: DetectorInput, head: 'document' | 'whole-image'): Promise<Record<string, unknown>> {
  const subject = await subjectOf(input, head === 'whole-image');
  const size = patchSizeFor(subject.texture.width, subject.texture.height);
  const moire = size === null ? NO_MOIRE : moireMeasures(texturePlanes(toRgbPlanes(subject.texture)), size);
  const peak = (p: { frequency: number; angleDeg: number; prominenceDb: number }) => ({
    cyclesPerPixel: Number(p.frequency.toFixed(4)),
    angleDeg: Number(p.angleDeg.toFixed(1)),
    prominenceDb: Number(p.prominenceDb.toFixed(1)),
  });
  return {
    head,
    subject: subject.mode,
    textureCrop: { width: subject.texture.width, height: subject.texture.height },
    spectralPeaks: {
      scored: false,
      note: 'moire peaks are reported for inspection; the model does not use them',
      green: moire.peaks.green.slice(0, 3).map(peak),
      chroma: moire.peaks.chroma.slice(0, 3).map(peak),
    },
  };
}

async function cnnFeatures(cnn: PatchCnn, input: DetectorInput, quad: Quad): Promise<number[]> {
  const scores = await cnn.score(input.image, quad);
  return [scores.mean, scores.lowest];
}

export interface ScreenReplayFeatureOptions {
  /** Where models/vulture-sr/patch-cnn.onnx lives (default: the package's models/). */
  readonly modelDir?: string;
}

/** The document head: sub-pixel texture, colour, tone and surroundings of the subject, and the patch CNN. */
export function screenReplayFeatures(options: ScreenReplayFeatureOptions = {}): FeatureExtractor {
  const cnn = patchCnn(options.modelDir);
  async function compute(input: DetectorInput): Promise<Float32Array> {
    const subject = await subjectOf(input, false);
    input.signal?.throwIfAborted();
    // The canonical planes are the ones printed-copy also reads: made once per request (read-only here).
    const planes = derive(input, toRgbPlanes, subject.colour);
    const values = [...subpixelFeatures(subject.texture), ...colourFeatures(planes), ...toneFeatures(subject.colour), ...surroundFeatures(input.image, subject.quad)];
    input.signal?.throwIfAborted();
    values.push(...(await cnnFeatures(cnn, input, subject.quad)));
    return Float32Array.from(values);
  }

  return {
    names: SCREEN_REPLAY_FEATURES,
    extract: compute,
    prepare: () => cnn.load(),
    dispose: () => cnn.dispose(),
    async details(input) {
      const base = await describe(input, 'document');
      const quad = input.document?.quad;
      if (quad === undefined) return base;
      // What the cnn group saw: how many native patches and their logits ("not a screen"; lower = more screen-like).
      const s = await cnn.score(input.image, quad);
      const round = (v: number): number | null => (Number.isFinite(v) ? Number(v.toFixed(3)) : null);
      return { ...base, patchCnn: { patches: s.patches, meanLogit: round(s.mean), lowestLogit: round(s.lowest) } };
    },
    async regions(input) {
      const doc = input.document;
      if (doc === null) return { rows: 0, cols: 0, features: [] };
      const whole = await compute(input);
      const rows = 3;
      const cols = 4;
      const cw = doc.canonical.width / cols;
      const ch = doc.canonical.height / rows;
      const features: Float32Array[] = [];
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          input.signal?.throwIfAborted();
          // Each cell's own sub-pixel cues; colour, tone and surroundings stay those of the whole document.
          const crop = await doc.crop({ x: c * cw, y: r * ch, width: cw, height: ch }, { scale: 1, maxSide: 384 });
          const cell = Float32Array.from(whole);
          cell.set(subpixelFeatures(crop), 0);
          features.push(cell);
        }
      }
      return { rows, cols, features };
    },
  };
}

export interface WholeImageFeatureOptions {
  /** The frame features to score (default WHOLE_IMAGE_FRAME; the trainer extracts all candidates once). */
  readonly frame?: readonly FrameFeatureName[];
}

/** The whole-image head: the frame judged as a whole (centre = subject, border = surroundings), without colour. */
export function wholeImageScreenFeatures(options: WholeImageFeatureOptions = {}): FeatureExtractor {
  const frame = options.frame ?? WHOLE_IMAGE_FRAME;
  return {
    names: wholeImageNames(frame),
    async extract(input) {
      // The subject's windows read in place: the same pixels subjectOf() would copy, so the same values.
      const subject = wholeImageWindows(input.image);
      const values = [...subpixelFeatures(input.image, subject.texture), ...toneFeatures(input.image, subject.colour), ...surroundFeatures(input.image, subject.quad)];
      if (frame.length > 0) {
        input.signal?.throwIfAborted();
        values.push(...frameFeatures(await frameMeasures(input.image, frame), frame));
      }
      return Float32Array.from(values);
    },
    async details(input) {
      // What the frame group read (frame.ts): the bezel, the backlight's fall-off, straight edges, the blacks.
      const m = await frameMeasures(input.image);
      const round = (v: number): number => Number(v.toFixed(3));
      return { ...(await describe(input, 'whole-image')), frame: { darkBorder: round(m.darkBorder), centreToCorner: round(m.centreToCorner), straightEdge: round(m.straightEdge), lumaP1: round(m.lumaP1) } };
    },
  };
}
