// Colour features. A display shows the document through its own primaries and a bluish or warm white point; a
// print reproduces it through inks with a smaller gamut and paper white near D50; a grey copy has no chroma at
// all (LAB-PHYSICS.md, screens and printing). These statistics are content-dependent, so detectors compare them
// with what genuine captures of the same document class show rather than using fixed thresholds.
import type { RgbPlanes } from './planes.js';

// sRGB 8-bit code value -> linear light, for the 256 integer codes (inputs are rounded to the nearest code).
const SRGB_TO_LINEAR = (() => {
  const t = new Float64Array(256);
  for (let i = 0; i < 256; i++) {
    const c = i / 255;
    t[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
  return t;
})();

function linear(code: number): number {
  return SRGB_TO_LINEAR[code <= 0 ? 0 : code >= 255 ? 255 : Math.round(code)]!;
}

/** Linear sRGB (D65) -> CIE XYZ, IEC 61966-2-1. */
function toXyz(r: number, g: number, b: number): [number, number, number] {
  return [
    0.4124 * r + 0.3576 * g + 0.1805 * b,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    0.0193 * r + 0.1192 * g + 0.9505 * b,
  ];
}

function checkStep(step: number): void {
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`pixel step must be a positive integer, got ${step}`);
}

function percentileFromHistogram(hist: Uint32Array, total: number, p: number): number {
  return percentileBin(hist, total, p) / (hist.length - 1);
}

/** The first bin at which the histogram's running count reaches p * total (the last bin if it never does). */
export function percentileBin(hist: Uint32Array, total: number, p: number): number {
  const target = p * total;
  let cum = 0;
  for (let b = 0; b < hist.length; b++) {
    cum += hist[b]!;
    if (cum >= target) return b;
  }
  return hist.length - 1;
}

export interface ChromaStatistics {
  /** HSV saturation (max - min) / max, percentiles 50 / 90 / 99, in 0..1. */
  readonly saturationP50: number;
  readonly saturationP90: number;
  readonly saturationP99: number;
  /** Chroma (max - min) / 255, percentiles 50 / 90 / 99, in 0..1 (unlike saturation, small in dark areas). */
  readonly chromaP50: number;
  readonly chromaP90: number;
  readonly chromaP99: number;
  /** Hasler & Suesstrunk (2003) colourfulness on the 0..255 scale: sigma_rgyb + 0.3 mu_rgyb. */
  readonly colourfulness: number;
}

/**
 * Saturation, chroma and colourfulness over every step-th pixel in both directions. Prints lose saturation in
 * the security inks' colours; grey copies have none; screens can exceed paper's gamut.
 */
export function chromaStatistics(rgb: RgbPlanes, step = 2): ChromaStatistics {
  checkStep(step);
  const { width: w, height: h, r, g, b } = rgb;
  const satHist = new Uint32Array(256);
  const chromaHist = new Uint32Array(256);
  let n = 0;
  let sumRg = 0;
  let sumYb = 0;
  let sumRg2 = 0;
  let sumYb2 = 0;
  for (let y = 0; y < h; y += step) {
    for (let x = 0; x < w; x += step) {
      const i = y * w + x;
      const R = r[i]!;
      const G = g[i]!;
      const B = b[i]!;
      const max = Math.max(R, G, B);
      const min = Math.min(R, G, B);
      const chroma = max - min;
      satHist[max > 0 ? Math.round((255 * chroma) / max) : 0]!++;
      chromaHist[Math.min(255, Math.max(0, Math.round(chroma)))]!++;
      const rg = R - G;
      const yb = 0.5 * (R + G) - B;
      sumRg += rg;
      sumYb += yb;
      sumRg2 += rg * rg;
      sumYb2 += yb * yb;
      n++;
    }
  }
  const mRg = sumRg / n;
  const mYb = sumYb / n;
  const varRg = Math.max(0, sumRg2 / n - mRg * mRg);
  const varYb = Math.max(0, sumYb2 / n - mYb * mYb);
  return {
    saturationP50: percentileFromHistogram(satHist, n, 0.5),
    saturationP90: percentileFromHistogram(satHist, n, 0.9),
    saturationP99: percentileFromHistogram(satHist, n, 0.99),
    chromaP50: percentileFromHistogram(chromaHist, n, 0.5),
    chromaP90: percentileFromHistogram(chromaHist, n, 0.9),
    chromaP99: percentileFromHistogram(chromaHist, n, 0.99),
    colourfulness: Math.sqrt(varRg + varYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb),
  };
}

export interface Colourlessness {
  /** Share of sampled pixels whose chroma, after white balance, exceeds the threshold. */
  readonly colourfulFraction: number;
  /** True when that share is below `maxColourfulFraction`: the image is (nearly) grey. */
  readonly colourless: boolean;
  /** Per-channel gains that made the image's brightest pixels neutral (von Kries), R, G, B. */
  readonly gains: [number, number, number];
  /**
   * Standard deviation of chromaticity ((R - G) / S, (R + G - 2B) / S with S = R + G + B) along its minor principal
   * axis: a grey original under any light, even light whose colour varies across the page, has chromaticities on
   * one line (the tint), while a colour document spreads them in two dimensions.
   */
  readonly chromaMinorStd: number;
}

/**
 * Channel sums of pixels grouped by luma level (0-255), so the brightest share of them is a suffix sum over levels:
 * one pass and no sort. Shared by the white-point estimate and the colourless check's white balance.
 */
class LevelSums {
  private readonly sums = new Float64Array(256 * 3);
  private readonly counts = new Uint32Array(256);
  private total = 0;

  add(level: number, a: number, b: number, c: number): void {
    this.counts[level]!++;
    this.sums[level * 3]! += a;
    this.sums[level * 3 + 1]! += b;
    this.sums[level * 3 + 2]! += c;
    this.total++;
  }

  /** Sums and pixel count of the brightest levels holding `share` of the pixels (whole levels, at least one). */
  brightest(share: number): { sums: [number, number, number]; count: number } {
    const sums: [number, number, number] = [0, 0, 0];
    let count = 0;
    for (let l = 255; l >= 0 && (count === 0 || count < share * this.total); l--) {
      count += this.counts[l]!;
      sums[0] += this.sums[l * 3]!;
      sums[1] += this.sums[l * 3 + 1]!;
      sums[2] += this.sums[l * 3 + 2]!;
    }
    return { sums, count };
  }
}

/**
 * Whether an image (usually the rectified document) is grey, for the DOCUMENT_IS_COLORLESS status: grey photocopies
 * and grey prints. A grey copy photographed under warm or cool light is tinted everywhere, so the image is first
 * white-balanced on its brightest 2 % of unclipped pixels (paper white). A pixel then counts as colourful when max -
 * min of its balanced channels exceeds chromaThreshold grey levels (default 24: above JPEG chroma noise), and the
 * image is colourless when fewer than maxColourfulFraction of pixels are (default 2 %, so a coloured stamp or a
 * few fringes do not count). Light whose colour varies across the page defeats the global white balance; the
 * reported chromaMinorStd catches that case but not on its own (a two-colour document also has chromaticities on
 * one line), so it is returned for the caller to combine, not used in the decision.
 */
export function colourlessness(rgb: RgbPlanes, chromaThreshold = 24, maxColourfulFraction = 0.02, step = 2): Colourlessness {
  checkStep(step);
  const { width: w, height: h, r, g, b } = rgb;
  // Brightest unclipped pixels: per-luma-level channel sums, then a suffix sum down to 2 %.
  const levels = new LevelSums();
  // Chromaticity moments of unclipped pixels bright enough for a stable ratio.
  let cn = 0;
  let su = 0;
  let sv = 0;
  let suu = 0;
  let svv = 0;
  let suv = 0;
  for (let y = 0; y < h; y += step) {
    for (let x = 0; x < w; x += step) {
      const i = y * w + x;
      const R = r[i]!;
      const G = g[i]!;
      const B = b[i]!;
      if (R >= 250 || G >= 250 || B >= 250) continue;
      const level = Math.round(0.299 * R + 0.587 * G + 0.114 * B);
      if (level >= 30) {
        const sum = R + G + B;
        const u = (R - G) / sum;
        const v = (R + G - 2 * B) / sum;
        su += u;
        sv += v;
        suu += u * u;
        svv += v * v;
        suv += u * v;
        cn++;
      }
      levels.add(level, R, G, B);
    }
  }
  const { sums: [wr, wg, wb], count: taken } = levels.brightest(0.02);
  // Gains only correct a cast; a white estimate that is dark or strongly coloured (no paper in view) is not trusted.
  const mean = (wr + wg + wb) / 3;
  let gains: [number, number, number] = [1, 1, 1];
  if (taken > 0 && mean / taken > 64 && Math.min(wr, wg, wb) > 0.5 * Math.max(wr, wg, wb)) gains = [mean / wr, mean / wg, mean / wb];
  const [gr, gg, gb] = gains;
  let n = 0;
  let colourful = 0;
  for (let y = 0; y < h; y += step) {
    for (let x = 0; x < w; x += step) {
      const i = y * w + x;
      const R = r[i]! * gr;
      const G = g[i]! * gg;
      const B = b[i]! * gb;
      if (Math.max(R, G, B) - Math.min(R, G, B) > chromaThreshold) colourful++;
      n++;
    }
  }
  const colourfulFraction = colourful / n;
  let chromaMinorStd = 0;
  if (cn > 1) {
    const mu = su / cn;
    const mv = sv / cn;
    const a = suu / cn - mu * mu;
    const d = svv / cn - mv * mv;
    const c = suv / cn - mu * mv;
    const half = (a + d) / 2;
    chromaMinorStd = Math.sqrt(Math.max(0, half - Math.sqrt(Math.max(0, half * half - (a * d - c * c)))));
  }
  return {
    colourfulFraction,
    colourless: colourfulFraction < maxColourfulFraction,
    gains,
    chromaMinorStd,
  };
}

// Area of the sRGB primaries' triangle in the CIE 1931 xy plane.
const SRGB_XY_AREA = 0.5 * Math.abs((0.3 - 0.64) * (0.06 - 0.33) - (0.15 - 0.64) * (0.6 - 0.33));

function cross(o: [number, number], a: [number, number], b: [number, number]): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Convex hull (Andrew's monotone chain) area of a point set. */
function hullArea(points: Array<[number, number]>): number {
  if (points.length < 3) return 0;
  const pts = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const lower: Array<[number, number]> = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Array<[number, number]> = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  const hull = lower.slice(0, -1).concat(upper.slice(0, -1));
  let area = 0;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const c = hull[(i + 1) % hull.length]!;
    area += a[0] * c[1] - c[0] * a[1];
  }
  return Math.abs(area) / 2;
}

export interface GamutEstimate {
  /** Convex hull area of the image's chromaticities in CIE xy. */
  readonly area: number;
  /** That area over the sRGB triangle's (about 0.112): 1 = the full gamut a camera's sRGB output can show. */
  readonly relativeToSrgb: number;
}

/**
 * Gamut actually used by the image: chromaticities (CIE xy) of pixels brighter than minLuminance, counted on a
 * 128 x 128 grid; cells holding at least minShare of the pixels (default 0.05 %) are kept, so isolated
 * outliers (noise, fringes) do not stretch the hull; area of the kept cells' convex hull.
 */
export function gamutHull(rgb: RgbPlanes, minShare = 0.0005, minLuminance = 0.02, step = 2): GamutEstimate {
  checkStep(step);
  const grid = 128;
  const counts = new Uint32Array(grid * grid);
  const { width: w, height: h, r, g, b } = rgb;
  let n = 0;
  for (let y = 0; y < h; y += step) {
    for (let x = 0; x < w; x += step) {
      const i = y * w + x;
      const [X, Y, Z] = toXyz(linear(r[i]!), linear(g[i]!), linear(b[i]!));
      if (Y < minLuminance) continue;
      const s = X + Y + Z;
      const cx = Math.min(grid - 1, Math.floor((X / s / 0.8) * grid));
      const cy = Math.min(grid - 1, Math.floor((Y / s / 0.9) * grid));
      counts[cy * grid + cx]!++;
      n++;
    }
  }
  const min = Math.max(1, Math.ceil(minShare * n));
  const points: Array<[number, number]> = [];
  for (let cy = 0; cy < grid; cy++) {
    for (let cx = 0; cx < grid; cx++) {
      if (counts[cy * grid + cx]! >= min) points.push([((cx + 0.5) / grid) * 0.8, ((cy + 0.5) / grid) * 0.9]);
    }
  }
  const area = hullArea(points);
  return { area, relativeToSrgb: area / SRGB_XY_AREA };
}

export interface WhitePoint {
  /** Chromaticity of the mean linear colour of all pixels (grey-world assumption). */
  readonly greyWorld: { x: number; y: number; cct: number };
  /** Chromaticity of the mean linear colour of the brightest unclipped pixels (white-patch assumption). */
  readonly brightest: { x: number; y: number; cct: number };
}

/**
 * Correlated colour temperature from xy by McCamy's cubic (1992): within a few kelvin of the exact value on the
 * Planckian locus between about 2 000 and 12 500 K; off the locus it is the nearest-isotemperature estimate.
 */
export function mccamyCct(x: number, y: number): number {
  const n = (x - 0.332) / (0.1858 - y);
  return 449 * n * n * n + 3525 * n * n + 6823.3 * n + 5520.33;
}

function xyOf(r: number, g: number, b: number): { x: number; y: number; cct: number } {
  const [X, Y, Z] = toXyz(r, g, b);
  const s = X + Y + Z;
  if (s <= 0) return { x: 0.3127, y: 0.329, cct: mccamyCct(0.3127, 0.329) };
  const x = X / s;
  const y = Y / s;
  return { x, y, cct: mccamyCct(x, y) };
}

/**
 * White-point estimates. Under the camera's own white balance a genuine document's paper and laminate read near
 * neutral; a display replayed under room light keeps its own (often bluish, 6 500-9 000 K) white, and a print's paper
 * white shows its illuminant. `brightestShare` is the share of pixels (by luma, default top 2 %) that count as the
 * white patch; pixels with a channel at or above 250 are left out (clipped glare has no colour information).
 */
export function whitePoint(rgb: RgbPlanes, brightestShare = 0.02, step = 2): WhitePoint {
  checkStep(step);
  const { width: w, height: h, r, g, b } = rgb;
  // One pass: linear sums overall, and per luma level for unclipped pixels, so the brightest share is a suffix sum.
  const levels = new LevelSums();
  let sr = 0;
  let sg = 0;
  let sb = 0;
  let n = 0;
  for (let y = 0; y < h; y += step) {
    for (let x = 0; x < w; x += step) {
      const i = y * w + x;
      const R = r[i]!;
      const G = g[i]!;
      const B = b[i]!;
      const lr = linear(R);
      const lg = linear(G);
      const lb = linear(B);
      sr += lr;
      sg += lg;
      sb += lb;
      n++;
      if (R >= 250 || G >= 250 || B >= 250) continue;
      const level = Math.round(0.299 * R + 0.587 * G + 0.114 * B);
      levels.add(level, lr, lg, lb);
    }
  }
  const { sums: [br, bg, bb] } = levels.brightest(brightestShare);
  return { greyWorld: xyOf(sr / n, sg / n, sb / n), brightest: xyOf(br, bg, bb) };
}
