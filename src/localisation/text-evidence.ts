// Evidence of print on a rectified document: identity documents carry many lines of small text (names, dates,
// numbers, the MRZ), which few other rectangles in a scene do (doors, boards, switch plates, screens at a
// distance). Dark strokes are found with a morphological black-hat (closing minus image); a horizontal band of the
// document is a text line when it holds many separate stroke runs.
import { boxBlur, luma } from '../image/raster.js';
import type { Plane, RgbImage } from '../image/types.js';

export interface TextEvidence {
  /** Fraction of horizontal bands (each 1/48 of the height) that look like a line of text. */
  readonly textBandFraction: number;
  /** Fraction of pixels that are thin dark strokes. */
  readonly strokeFraction: number;
}

/** Stroke half-width the black-hat keeps (pixels of the canonical raster): text up to about 1 mm stroke. */
const STROKE_RADIUS = 3;
const BANDS = 48;

/**
 * Thin dark strokes (1 = stroke): the top 15 % of the black-hat response, at least 20 levels and 18 % of the
 * local background (so that dim images count as well as bright ones). Text is the strongest print on a document.
 */
export function strokeMask(doc: RgbImage): { mask: Uint8Array; strokes: number } {
  return strokeMaskOfLuma(luma(doc));
}

function strokeMaskOfLuma(y: Plane): { mask: Uint8Array; strokes: number } {
  const closed = greyClosing(y, STROKE_RADIUS);
  const mask = new Uint8Array(y.width * y.height);
  const hat = new Float32Array(y.width * y.height);
  for (let i = 0; i < hat.length; i++) hat[i] = (closed.data[i] as number) - (y.data[i] as number);
  const floor = Math.max(20, percentile(hat, 0.85));
  let strokes = 0;
  for (let i = 0; i < mask.length; i++) {
    const c = hat[i] as number;
    if (c > floor && c > 0.18 * (closed.data[i] as number)) { mask[i] = 1; strokes++; }
  }
  return { mask, strokes };
}

/**
 * Smoothing before the black-hat (box radius 1, two passes: a Gaussian of about 1.2 px on the 640 px canonical):
 * the halftone dots of a printed or photocopied document are finer than its text strokes and, unsmoothed, fill every
 * band with stroke runs so that no band stands out as a line (measured on the DLC grey copies, docs/quality.md,
 * "Localisation round 3").
 */
const HALFTONE_SMOOTHING = { radius: 1, passes: 2 } as const;

/**
 * `downsampled`: the canonical raster was made smaller than the document's native resolution, so a halftone can
 * show in it and is smoothed away; an enlarged (small, distant) document is already smooth and keeps its strokes.
 */
export function textEvidence(doc: RgbImage, downsampled = false): TextEvidence {
  const { width, height } = doc;
  const y = luma(doc);
  const { mask: stroke, strokes } = strokeMaskOfLuma(downsampled ? boxBlur(y, HALFTONE_SMOOTHING.radius, HALFTONE_SMOOTHING.passes) : y);
  const bandHeight = Math.max(1, Math.floor(height / BANDS));
  const runs = new Array<number>(BANDS).fill(0);
  const inked = new Array<number>(BANDS).fill(0);
  for (let b = 0; b < BANDS; b++) {
    const y0 = b * bandHeight, y1 = Math.min(height, y0 + bandHeight);
    // Column profile of the band: a column is inked when any pixel of the band is a stroke.
    let inRun = false;
    for (let x = 0; x < width; x++) {
      let any = false;
      for (let yy = y0; yy < y1 && !any; yy++) if (stroke[yy * width + x] === 1) any = true;
      if (any) { inked[b]!++; if (!inRun) { runs[b]!++; inRun = true; } } else inRun = false;
    }
  }
  // A text line: many separate strokes (characters), neither one solid bar nor an even texture: line spacing
  // leaves a much emptier band just above or below it.
  let textBands = 0;
  for (let b = 0; b < BANDS; b++) {
    if (runs[b]! < 12 || inked[b]! >= 0.7 * width) continue;
    let gap = false;
    for (const d of [-2, -1, 1, 2]) {
      const o = b + d;
      if (o >= 0 && o < BANDS && inked[o]! < 0.4 * inked[b]!) gap = true;
    }
    if (gap) textBands++;
  }
  return { textBandFraction: textBands / BANDS, strokeFraction: strokes / stroke.length };
}

function percentile(values: Float32Array, q: number): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < values.length; i++) hist[Math.max(0, Math.min(255, Math.round(values[i] as number)))]!++;
  let acc = 0;
  for (let v = 0; v < 256; v++) { acc += hist[v]!; if (acc >= q * values.length) return v; }
  return 255;
}

/** Grey-level closing (max then min filter) over a (2r+1) x (2r+1) square, borders clamped. */
export function greyClosing(p: Plane, r: number): Plane {
  return minFilter(maxFilter(p, r), r);
}

function maxFilter(p: Plane, r: number): Plane {
  return columnExtremum(rowExtremum(p, r, true), r, true);
}
function minFilter(p: Plane, r: number): Plane {
  return columnExtremum(rowExtremum(p, r, false), r, false);
}

/**
 * Running max (or min) over 2r+1 samples along each row, borders clamped. Doubling: maxima of pairs, then of pairs
 * of pairs ... up to the largest power of two p <= 2r+1; each window is then the extremum of two overlapping blocks
 * (about log2(2r+1) + 1 comparisons per pixel instead of 2r).
 */
function rowExtremum(p: Plane, r: number, max: boolean): Plane {
  const { width, height, data } = p;
  const out = new Float32Array(data.length);
  const padded = width + 2 * r;
  let block = new Float32Array(padded), next = new Float32Array(padded);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    for (let i = 0; i < padded; i++) {
      const x = i - r;
      block[i] = data[base + (x < 0 ? 0 : x >= width ? width - 1 : x)]!;
    }
    let size = 1;
    while (2 * size <= 2 * r + 1) {
      for (let i = 0; i + size < padded; i++) {
        const a = block[i]!, b = block[i + size]!;
        next[i] = max ? (a > b ? a : b) : (a < b ? a : b);
      }
      [block, next] = [next, block];
      size *= 2;
    }
    // Window of x: padded[x .. x + 2r] = blocks starting at x and at x + 2r + 1 - size.
    const shift = 2 * r + 1 - size;
    for (let x = 0; x < width; x++) {
      const a = block[x]!, b = block[x + shift]!;
      out[base + x] = max ? (a > b ? a : b) : (a < b ? a : b);
    }
  }
  return { width, height, data: out };
}

let scratchA = new Float32Array(0), scratchB = new Float32Array(0);

function scratchPair(n: number): [Float32Array, Float32Array] {
  if (scratchA.length < n) { scratchA = new Float32Array(n); scratchB = new Float32Array(n); }
  return [scratchA.subarray(0, n), scratchB.subarray(0, n)];
}

/**
 * Running max (or min) over 2r+1 rows, borders clamped, by the same doubling over whole rows (sequential memory
 * access; walking down columns was the front-end's single largest cost).
 */
function columnExtremum(p: Plane, r: number, max: boolean): Plane {
  const { width, height, data } = p;
  const rows = height + 2 * r;
  // Scratch rows reused across calls (this runs four times per document and MRZ strip): rows the doubling leaves
  // unwritten are never read back, so what earlier calls left there does not matter.
  let [block, next] = scratchPair(rows * width);
  for (let i = 0; i < rows; i++) {
    const y = i - r;
    const source = (y < 0 ? 0 : y >= height ? height - 1 : y) * width;
    block.set(data.subarray(source, source + width), i * width);
  }
  let size = 1;
  while (2 * size <= 2 * r + 1) {
    const limit = (rows - size) * width, offset = size * width;
    for (let i = 0; i < limit; i++) {
      const a = block[i]!, b = block[i + offset]!;
      next[i] = max ? (a > b ? a : b) : (a < b ? a : b);
    }
    [block, next] = [next, block];
    size *= 2;
  }
  const out = new Float32Array(data.length);
  const offset = (2 * r + 1 - size) * width;
  for (let i = 0; i < out.length; i++) {
    const a = block[i]!, b = block[i + offset]!;
    out[i] = max ? (a > b ? a : b) : (a < b ? a : b);
  }
  return { width, height, data: out };
}
