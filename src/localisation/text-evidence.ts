// Evidence of print on a rectified document: identity documents carry many lines of small text (names, dates,
// numbers, the MRZ), which few other rectangles in a scene do (doors, boards, switch plates, screens at a
// distance). Dark strokes are found with a morphological black-hat (closing minus image); a horizontal band of the
// document is a text line when it holds many separate stroke runs.
import { luma } from '../image/raster.js';
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

export function textEvidence(doc: RgbImage): TextEvidence {
  const y = luma(doc);
  const closed = minFilter(maxFilter(y, STROKE_RADIUS), STROKE_RADIUS);
  const { width, height } = y;
  const stroke = new Uint8Array(width * height);
  const hat = new Float32Array(width * height);
  for (let i = 0; i < hat.length; i++) hat[i] = (closed.data[i] as number) - (y.data[i] as number);
  // Text is the strongest print on a document: keep the top 15 % of the black-hat response (at least 20 levels
  // and 18 % of the local background, so that dim images count as well as bright ones).
  const floor = Math.max(20, percentile(hat, 0.85));
  let strokes = 0;
  for (let i = 0; i < stroke.length; i++) {
    const c = hat[i] as number;
    if (c > floor && c > 0.18 * (closed.data[i] as number)) { stroke[i] = 1; strokes++; }
  }
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

function maxFilter(p: Plane, r: number): Plane {
  return extremum(extremum(p, r, 1, true), r, p.width, true);
}
function minFilter(p: Plane, r: number): Plane {
  return extremum(extremum(p, r, 1, false), r, p.width, false);
}

/** Running max (or min) over 2r+1 samples along rows (step 1) or columns (step = width), borders clamped. */
function extremum(p: Plane, r: number, step: number, max: boolean): Plane {
  const { width, height, data } = p;
  const out = new Float32Array(data.length);
  const lines = step === 1 ? height : width;
  const length = step === 1 ? width : height;
  const lineStride = step === 1 ? width : 1;
  for (let l = 0; l < lines; l++) {
    const base = l * lineStride;
    for (let i = 0; i < length; i++) {
      const lo = i - r < 0 ? 0 : i - r, hi = i + r >= length ? length - 1 : i + r;
      let v = data[base + lo * step] as number;
      for (let k = lo + 1; k <= hi; k++) {
        const w = data[base + k * step] as number;
        if (max ? w > v : w < v) v = w;
      }
      out[base + i * step] = v;
    }
  }
  return { width, height, data: out };
}
