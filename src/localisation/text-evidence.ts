// Evidence of print on a rectified document: identity documents carry many lines of small text (names, dates,
// numbers, the MRZ), which few other rectangles in a scene do (doors, boards, switch plates, screens at a
// distance). Dark strokes are found with a morphological black-hat (closing minus image); a horizontal band of the
// document is a text line when it holds many separate stroke runs.
import { boxBlur, luma } from '../image/raster.js';
import { closing7, CLOSING7_RADIUS } from '../image/closing7.js';
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
  const n = y.width * y.height;
  const closed = scratchPlanes(n).closed;
  closingInto(y, STROKE_RADIUS, closed);
  const mask = new Uint8Array(n);
  // The black-hat goes into a reused plane: only its histogram and the comparisons below read it.
  const hat = scratchPlanes(n).hat;
  const yd = y.data;
  // The black-hat and its histogram in one pass (binned as stored: a float32).
  const hist = new Uint32Array(256);
  for (let i = 0; i < n; i++) { const v = Math.fround(closed[i]! - yd[i]!); hat[i] = v; hist[levelBin(v)]!++; }
  const floor = Math.max(20, histogramPercentile(hist, n, 0.85));
  let strokes = 0;
  for (let i = 0; i < n; i++) {
    const c = hat[i]!;
    if (c > floor && c > 0.18 * closed[i]!) { mask[i] = 1; strokes++; }
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
  // Column profile of a band: a column is inked when any pixel of the band is a stroke (rows read in memory order).
  const column = new Uint8Array(width);
  for (let b = 0; b < BANDS; b++) {
    const y0 = b * bandHeight, y1 = Math.min(height, y0 + bandHeight);
    column.fill(0);
    for (let yy = y0; yy < y1; yy++) {
      const row = yy * width;
      // The mask is 0 / 1, so OR marks a column inked exactly when a stroke pixel is found.
      for (let x = 0; x < width; x++) column[x]! |= stroke[row + x]!;
    }
    let inRun = false, bandRuns = 0, bandInked = 0;
    for (let x = 0; x < width; x++) {
      if (column[x] === 1) { bandInked++; if (!inRun) { bandRuns++; inRun = true; } } else inRun = false;
    }
    runs[b] = bandRuns; inked[b] = bandInked;
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

/**
 * q-quantile of values rounded to 0..255. Each value is a float32 black-hat level (|v| <= 255), so v + 0.5 is exact
 * and its truncation, clamped, is the bin of Math.round(v) clamped (negative values fall in bin 0 either way).
 */
export function percentile(values: Float32Array, q: number): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < values.length; i++) hist[levelBin(values[i]!)]!++;
  return histogramPercentile(hist, values.length, q);
}

/** The 0..255 bin of a float32 level: Math.round(v) clamped (see percentile). */
function levelBin(v: number): number {
  const bin = (v + 0.5) | 0;
  return bin < 0 ? 0 : bin > 255 ? 255 : bin;
}

/** Smallest level whose cumulative count reaches q x count. */
function histogramPercentile(hist: Uint32Array, count: number, q: number): number {
  let acc = 0;
  for (let v = 0; v < 256; v++) { acc += hist[v]!; if (acc >= q * count) return v; }
  return 255;
}

/** Grey-level closing (max then min filter) over a (2r+1) x (2r+1) square, borders clamped. */
export function greyClosing(p: Plane, r: number): Plane {
  const out = new Float32Array(p.width * p.height);
  closingInto(p, r, out);
  return { width: p.width, height: p.height, data: out };
}

/**
 * The closing written into `out` (length width x height), through reused scratch planes: this runs for every
 * document hypothesis and MRZ strip, and fresh planes per filter were ~6 MB of garbage per check. Max and min have
 * a loop each (no per-sample branch on which one), and exact comparisons make the values those of any order.
 */
function closingInto(p: Plane, r: number, out: Float32Array): void {
  const { width, height } = p;
  const planes = scratchPlanes(width * height);
  if (r === CLOSING7_RADIUS) {
    // The stroke radius: four SIMD passes in WebAssembly (src/image/closing7.ts).
    closing7(p.data, width, height, out);
    return;
  }
  rowExtremum(p.data, width, height, r, true, planes.rows);
  columnExtremum(planes.rows, width, height, r, true, planes.dilated);
  rowExtremum(planes.dilated, width, height, r, false, planes.rows);
  columnExtremum(planes.rows, width, height, r, false, out);
}

interface ScratchPlanes { rows: Float32Array; dilated: Float32Array; closed: Float32Array; hat: Float32Array }
let planeStore = { size: 0, rows: new Float32Array(0), dilated: new Float32Array(0), closed: new Float32Array(0), hat: new Float32Array(0) };

/** Planes of n samples reused across calls (each call overwrites every sample it reads back). */
function scratchPlanes(n: number): ScratchPlanes {
  if (planeStore.size < n) {
    planeStore = { size: n, rows: new Float32Array(n), dilated: new Float32Array(n), closed: new Float32Array(n), hat: new Float32Array(n) };
  }
  const s = planeStore;
  return { rows: s.rows.subarray(0, n), dilated: s.dilated.subarray(0, n), closed: s.closed.subarray(0, n), hat: s.hat.subarray(0, n) };
}

let scratchA = new Float32Array(0), scratchB = new Float32Array(0);

function scratchPair(n: number): [Float32Array, Float32Array] {
  if (scratchA.length < n) { scratchA = new Float32Array(n); scratchB = new Float32Array(n); }
  return [scratchA.subarray(0, n), scratchB.subarray(0, n)];
}

/**
 * Extrema of blocks of `size` consecutive samples (the largest power of two <= 2r+1) `step` apart, by doubling over
 * the whole plane: maxima of pairs, then of pairs of pairs ... (about log2(2r+1) comparisons per sample instead of
 * 2r). Block i is valid for i < n - (size - 1) * step; blocks that run across a row end are never read.
 */
function blockExtremum(data: Float32Array, step: number, r: number, max: boolean): { blocks: Float32Array; size: number } {
  const n = data.length;
  const [a, b] = scratchPair(n);
  let from = data, to = a;
  let size = 1, valid = n;
  while (2 * size <= 2 * r + 1) {
    valid -= size * step;
    if (max) pairMax(from, to, size * step, valid); else pairMin(from, to, size * step, valid);
    from = to; to = to === a ? b : a;
    size *= 2;
  }
  return { blocks: from, size };
}

/** to[i] = max(from[i], from[i + offset]) for i < limit. */
function pairMax(from: Float32Array, to: Float32Array, offset: number, limit: number): void {
  for (let i = 0; i < limit; i++) { const a = from[i]!, b = from[i + offset]!; to[i] = a > b ? a : b; }
}
function pairMin(from: Float32Array, to: Float32Array, offset: number, limit: number): void {
  for (let i = 0; i < limit; i++) { const a = from[i]!, b = from[i + offset]!; to[i] = a < b ? a : b; }
}

/** Extremum of data[start + k * step] for k in lo..hi, indices clamped to 0..last (the window at a border). */
function clampedExtremum(data: Float32Array, start: number, step: number, lo: number, hi: number, last: number, max: boolean): number {
  let m = max ? -Infinity : Infinity;
  for (let k = lo; k <= hi; k++) {
    const v = data[start + (k < 0 ? 0 : k > last ? last : k) * step]!;
    if (max ? v > m : v < m) m = v;
  }
  return m;
}

/**
 * Running max (or min) over 2r+1 samples along each row, borders clamped. Away from the borders each window
 * x-r .. x+r is the extremum of two overlapping blocks, at x-r and at x+r+1-size; the r columns at each end take
 * the clamped window directly. Comparisons are exact, so the values equal those of any other order.
 */
function rowExtremum(data: Float32Array, width: number, height: number, r: number, max: boolean, out: Float32Array): void {
  const { blocks, size } = blockExtremum(data, 1, r, max);
  const far = r + 1 - size;
  const interiorEnd = width - r;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    for (let x = 0; x < Math.min(r, width); x++) out[base + x] = clampedExtremum(data, base, 1, x - r, x + r, width - 1, max);
    if (max) for (let i = base + r; i < base + interiorEnd; i++) { const a = blocks[i - r]!, b = blocks[i + far]!; out[i] = a > b ? a : b; }
    else for (let i = base + r; i < base + interiorEnd; i++) { const a = blocks[i - r]!, b = blocks[i + far]!; out[i] = a < b ? a : b; }
    for (let x = Math.max(r, interiorEnd); x < width; x++) out[base + x] = clampedExtremum(data, base, 1, x - r, x + r, width - 1, max);
  }
}

/**
 * Running max (or min) over 2r+1 rows, borders clamped, by the same blocks over whole rows (sequential memory
 * access; walking down columns was the front-end's single largest cost); the r rows at each end take the clamped
 * window directly.
 */
function columnExtremum(data: Float32Array, width: number, height: number, r: number, max: boolean, out: Float32Array): void {
  const { blocks, size } = blockExtremum(data, width, r, max);
  const near = r * width, far = (r + 1 - size) * width;
  const start = Math.min(r, height) * width, end = Math.max(start, (height - r) * width);
  if (max) for (let i = start; i < end; i++) { const a = blocks[i - near]!, b = blocks[i + far]!; out[i] = a > b ? a : b; }
  else for (let i = start; i < end; i++) { const a = blocks[i - near]!, b = blocks[i + far]!; out[i] = a < b ? a : b; }
  for (let y = 0; y < height; y++) {
    if (y >= r && y < height - r) continue;
    for (let x = 0; x < width; x++) out[y * width + x] = clampedExtremum(data, x, width, y - r, y + r, height - 1, max);
  }
}
