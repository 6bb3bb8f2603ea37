// Whole-frame cues of a photographed screen that survive down-scaling and messenger re-compression: they are read
// from the frame at a few hundred pixels, where sub-pixel structure is long gone. A screen photographed close fills
// the frame with its own backlit picture: a bluish white point, lifted blacks, colour moire bands at low frequency,
// long straight bezel edges and a dark band along the frame's border; an ordinary scene has none of these.
import { luma } from '../../image/raster.js';
import type { RgbImage } from '../../image/types.js';
import { whitePoint } from '../../features/colour.js';
import { toRgbPlanes } from '../../features/planes.js';

/** Longest side of the frame the measures read (a messenger re-send is 1200-1600 px; this is below any of them). */
export const FRAME_SIDE = 384;
const DARK = 30;

export interface FrameMeasures {
  /** Grey-world chromaticity of the whole frame (CIE xy). */
  readonly greyX: number;
  readonly greyY: number;
  /** Chromaticity of the brightest 2 % unclipped pixels (the white a backlight shows). */
  readonly brightX: number;
  readonly brightY: number;
  /** Mean (B - R) / 255 over the brightest 10 % of pixels: a display white is bluer than room light on paper. */
  readonly blueExcess: number;
  /** Luma 1st / 50th percentile / 255 of the whole frame (a lit backlight lifts the blacks). */
  readonly lumaP1: number;
  readonly lumaP50: number;
  /** Chroma over luma energy of the 3x3 high-pass residual: moire paints colour bands, scenes mostly luma detail. */
  readonly chromaToLumaDetail: number;
  /** Mean |3x3 high-pass| of luma / 255: fine detail left at this scale (a re-photographed picture is softer). */
  readonly lumaDetail: number;
  /**
   * Strongest straight full-width (or full-height) edge: max |row mean of the step across 3 rows| / 255. Texture and
   * noise cancel in a row mean, so it does not depend on how much the frame was scaled down (unlike a ratio to the
   * mean gradient, which a smaller, softer re-send inflates).
   */
  readonly straightEdge: number;
  /** Share of the outer 6 % band of the frame darker than 30 grey levels (bezel, black screen border). */
  readonly darkBorder: number;
  /** Mean luma of the central half over mean luma of the four corner patches (a backlight's fall-off, glare). */
  readonly centreToCorner: number;
}

function percentiles(plane: Float32Array, qs: readonly number[]): number[] {
  const hist = new Uint32Array(256);
  for (const v of plane) hist[Math.min(255, Math.max(0, Math.round(v)))]!++;
  return qs.map((q) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]!) >= q * plane.length) return v / 255;
    return 1;
  });
}

/** Residual = value minus its 3x3 mean, summed as absolute values over the interior. */
function detailEnergy(plane: Float32Array, width: number, height: number): number {
  let sum = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += plane[i + dy * width + dx]!;
      sum += Math.abs(plane[i]! - s / 9);
    }
  }
  return sum / Math.max(1, (width - 2) * (height - 2));
}

/** Rows (columns) a straight edge's step is measured across: a soft or down-scaled edge spreads over 2-3 rows. */
const EDGE_SPAN = 3;

function straightEdgeStrength(l: Float32Array, width: number, height: number): number {
  let best = 0;
  // Horizontal edges: the step across EDGE_SPAN rows averaged along each row; texture cancels, a straight line does not.
  for (let y = 0; y + EDGE_SPAN < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) row += l[(y + EDGE_SPAN) * width + x]! - l[y * width + x]!;
    best = Math.max(best, Math.abs(row) / width);
  }
  for (let x = 0; x + EDGE_SPAN < width; x++) {
    let col = 0;
    for (let y = 0; y < height; y++) col += l[y * width + x + EDGE_SPAN]! - l[y * width + x]!;
    best = Math.max(best, Math.abs(col) / height);
  }
  return best / 255;
}

function regionMean(l: Float32Array, width: number, x0: number, y0: number, x1: number, y1: number): number {
  let s = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++, n++) s += l[y * width + x]!;
  return n > 0 ? s / n : 0;
}

/** Samples per axis a block mean reads: 4 x 4 is low-pass enough for these coarse measures. */
const BLOCK_SAMPLES = 4;

/**
 * The frame reduced to FRAME_SIDE by a sampled block mean: each output pixel averages up to 4 x 4 evenly spaced
 * pixels of its block. It reads at most 16 pixels per output pixel whatever the input size (a libvips resize of a
 * 12 MP frame cost 30 ms of the 40 ms budget), and is exact on a block of one colour.
 */
export function blockMean(image: RgbImage, maxSide: number): RgbImage {
  const scale = maxSide / Math.max(image.width, image.height);
  if (scale >= 1) return image;
  const width = image.width;
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  const out = new Uint8Array(w * h * 3);
  const src = image.data;
  // Each output column's block and sampling step, in bytes within a row: the same on every row, so worked out once.
  const start = new Int32Array(w);
  const stop = new Int32Array(w);
  const step = new Int32Array(w);
  const count = new Int32Array(w);
  for (let ox = 0; ox < w; ox++) {
    const x0 = Math.floor((ox * width) / w);
    const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * width) / w));
    const sx = Math.max(1, Math.floor((x1 - x0) / BLOCK_SAMPLES));
    start[ox] = 3 * x0;
    stop[ox] = 3 * x1;
    step[ox] = 3 * sx;
    count[ox] = Math.ceil((x1 - x0) / sx);
  }
  for (let oy = 0; oy < h; oy++) {
    const y0 = Math.floor((oy * image.height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * image.height) / h));
    const sy = Math.max(1, Math.floor((y1 - y0) / BLOCK_SAMPLES));
    const rows = Math.ceil((y1 - y0) / sy);
    for (let ox = 0, o = oy * w * 3; ox < w; ox++, o += 3) {
      const first = start[ox]!;
      const last = stop[ox]!;
      const dx = step[ox]!;
      // Integer sums (at most 16 x 255 per channel), so the mean is the one the per-pixel loop gave.
      let r = 0, g = 0, b = 0;
      for (let y = y0; y < y1; y += sy) {
        const row = y * width * 3;
        for (let p = row + first, end = row + last; p < end; p += dx) {
          r += src[p]!;
          g += src[p + 1]!;
          b += src[p + 2]!;
        }
      }
      const n = rows * count[ox]!;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return { width: w, height: h, data: out };
}

const NEEDS_COLOUR: readonly string[] = ['frame.grey_x', 'frame.grey_y', 'frame.bright_x', 'frame.bright_y', 'frame.blue_excess'];
const NEEDS_DETAIL: readonly string[] = ['frame.chroma_to_luma_detail', 'frame.luma_detail'];

/**
 * The measures of one frame; `image` may be any size (it is reduced to FRAME_SIDE first). `wanted` limits the work
 * to the named features (the head scores three of twelve); measures left out are NaN.
 */
export async function frameMeasures(image: RgbImage, wanted?: readonly FrameFeatureName[]): Promise<FrameMeasures> {
  const want = (names: readonly string[]): boolean => wanted === undefined || wanted.some((n) => names.includes(n));
  const small = blockMean(image, FRAME_SIDE);
  const { width, height, data } = small;
  const white = want(NEEDS_COLOUR) ? whitePoint(toRgbPlanes(small), 0.02, 1) : null;
  const l = luma(small).data;
  const [p1, p50, p90] = percentiles(l, [0.01, 0.5, 0.9]);

  let blue = 0;
  let bright = 0;
  let lumaDetail = Number.NaN;
  let chromaDetail = Number.NaN;
  if (want(NEEDS_COLOUR) || want(NEEDS_DETAIL)) {
    const cb = new Float32Array(width * height);
    const cr = new Float32Array(width * height);
    for (let i = 0, p = 0; i < width * height; i++, p += 3) {
      const r = data[p]!, b = data[p + 2]!;
      cb[i] = b - l[i]!;
      cr[i] = r - l[i]!;
      if (l[i]! >= p90! * 255) {
        blue += (b - r) / 255;
        bright++;
      }
    }
    if (want(NEEDS_DETAIL)) {
      lumaDetail = detailEnergy(l, width, height);
      chromaDetail = (detailEnergy(cb, width, height) + detailEnergy(cr, width, height)) / 2;
    }
  }

  const band = Math.max(1, Math.round(0.06 * Math.min(width, height)));
  let dark = 0;
  let border = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x >= band && x < width - band && y >= band && y < height - band) continue;
      border++;
      if (l[y * width + x]! < DARK) dark++;
    }
  }
  const cw = Math.max(1, Math.round(0.15 * width));
  const ch = Math.max(1, Math.round(0.15 * height));
  const corners = (regionMean(l, width, 0, 0, cw, ch) + regionMean(l, width, width - cw, 0, width, ch) + regionMean(l, width, 0, height - ch, cw, height) + regionMean(l, width, width - cw, height - ch, width, height)) / 4;
  const centre = regionMean(l, width, Math.round(width / 4), Math.round(height / 4), Math.round((3 * width) / 4), Math.round((3 * height) / 4));

  return {
    greyX: white?.greyWorld.x ?? Number.NaN,
    greyY: white?.greyWorld.y ?? Number.NaN,
    brightX: white?.brightest.x ?? Number.NaN,
    brightY: white?.brightest.y ?? Number.NaN,
    blueExcess: white === null ? Number.NaN : bright > 0 ? blue / bright : 0,
    lumaP1: p1!,
    lumaP50: p50!,
    chromaToLumaDetail: chromaDetail / Math.max(0.5, lumaDetail),
    lumaDetail: lumaDetail / 255,
    straightEdge: straightEdgeStrength(l, width, height),
    darkBorder: border > 0 ? dark / border : 0,
    // +8 grey levels each side: a black frame must not divide by zero or blow up the ratio.
    centreToCorner: (centre + 8) / (corners + 8),
  };
}

/** The measures as features, `frame.<name>` (the ablation group `frame`), in a fixed order. */
export const FRAME_CANDIDATES = {
  'frame.grey_x': (m: FrameMeasures) => m.greyX,
  'frame.grey_y': (m: FrameMeasures) => m.greyY,
  'frame.bright_x': (m: FrameMeasures) => m.brightX,
  'frame.bright_y': (m: FrameMeasures) => m.brightY,
  'frame.blue_excess': (m: FrameMeasures) => m.blueExcess,
  'frame.luma_p1': (m: FrameMeasures) => m.lumaP1,
  'frame.luma_p50': (m: FrameMeasures) => m.lumaP50,
  'frame.chroma_to_luma_detail': (m: FrameMeasures) => m.chromaToLumaDetail,
  'frame.luma_detail': (m: FrameMeasures) => m.lumaDetail,
  'frame.straight_edge': (m: FrameMeasures) => m.straightEdge,
  'frame.dark_border': (m: FrameMeasures) => m.darkBorder,
  'frame.centre_to_corner': (m: FrameMeasures) => m.centreToCorner,
} as const;
export type FrameFeatureName = keyof typeof FRAME_CANDIDATES;
export const ALL_FRAME_FEATURES = Object.keys(FRAME_CANDIDATES) as FrameFeatureName[];

export function frameFeatures(m: FrameMeasures, names: readonly FrameFeatureName[]): number[] {
  return names.map((n) => FRAME_CANDIDATES[n](m));
}
