// Printing a document on paper: colour laser (AM halftone, rotated CMYK screens), inkjet (error diffusion) and grey
// photocopies (the copier's tone curve, blur, dither, toner mottle, background fog, drum streaks, toner speckle, on
// copier paper that may be bluish (optical brighteners) or cream (recycled)). Input is the page content in sRGB at the device
// resolution; output is the paper's linear reflectance (RGB), i.e. what the camera later sees under the room light.
import type { Rng } from '../rng.js';
import { SRGB_TO_LINEAR } from './color.js';
import { gaussianBlur } from './filters.js';

export const PRINT_PROCESSES = ['color-laser', 'inkjet', 'gray-photocopy'] as const;
export type PrintProcess = (typeof PRINT_PROCESSES)[number];
/**
 * How a copy that is not a whole page is cut out: 'default' (a scissor rectangle with margins of a few mm around the
 * copier's lid-grey pad) or 'card' (cut along the card's outline like the DLC-2021 grey copies: margins under ~1 mm,
 * the card's rounded corners followed on ID cards, lying flat on the table).
 */
export const PRINT_CUTS = ['default', 'card'] as const;
export type PrintCut = (typeof PRINT_CUTS)[number];

export interface PrintParams {
  readonly process: PrintProcess;
  readonly dpi: number;
  /** AM screen ruling (lines per inch) and angles (degrees) per ink C, M, Y, K; laser only. */
  readonly lpi: number | null;
  readonly angles: { readonly c: number; readonly m: number; readonly y: number; readonly k: number } | null;
  /** Tone value increase at 50 % (dot gain). */
  readonly dotGain: number;
  /** Linear reflectance of the paper (near D50 white under office light: slightly warm, bright). */
  readonly paperWhite: readonly [number, number, number];
  /** Relative amplitude of the paper's fibre / formation texture. */
  readonly fibre: number;
  /** Grey photocopy: contrast gain and black point; colour: grey component replacement. */
  readonly contrast: number;
  readonly speckle: number;
  /**
   * Grey photocopy only (0 for colour prints). The copier's background level: added to the tone before the
   * contrast gain; below 0.08 the card's pale backgrounds come out light grey (toner) rather than paper white.
   */
  readonly toneOffset: number;
  /** Fraction of the light that full toner coverage absorbs (toner density; 0.94 for colour prints). */
  readonly tonerDensity: number;
  /** Relative toner-density variation at millimetre scale (development mottle), and its cell size in mm. */
  readonly mottle: number;
  readonly mottleMm: number;
  /** Mean coverage of stray toner on the background (fog). */
  readonly fog: number;
  /** Coverage amplitude of drum / fuser streaks running along the paper feed. */
  readonly streak: number;
  /** Standard deviation (mm) of a fused toner dot's spread. */
  readonly dotSpreadMm: number;
}

export function drawPrintParams(rng: Rng, process: PrintProcess): PrintParams {
  const warm = rng.uniform(0, 0.05);
  const white = rng.uniform(0.78, 0.9);
  return {
    process,
    dpi: process === 'gray-photocopy' ? rng.pick([300, 400, 600]) : 600,
    lpi: process === 'color-laser' ? rng.uniform(133, 200) : null,
    angles: process === 'color-laser' ? (rng.bool(0.8) ? { c: 15, m: 75, y: 0, k: 45 } : { c: 105, m: 75, y: 90, k: 45 }) : null,
    dotGain: rng.uniform(0.08, 0.2),
    paperWhite: [white * (1 + warm * 0.3), white, white * (1 - warm)],
    fibre: rng.uniform(0.01, 0.035),
    contrast: process === 'gray-photocopy' ? rng.uniform(1.0, 1.5) : rng.uniform(0.6, 1),
    speckle: process === 'gray-photocopy' ? rng.uniform(0.0002, 0.002) : 0,
    // Drawn after the parameters above (and only for grey copies) so colour prints of older seeds stay as they were.
    ...(process === 'gray-photocopy' ? drawCopierParams(rng, white) : NO_COPIER),
  };
}

const NO_COPIER = { toneOffset: 0.08, tonerDensity: 0.94, mottle: 0, mottleMm: 1, fog: 0, streak: 0, dotSpreadMm: 0 } as const;

/**
 * The copier and its paper, from DLC-2021's real grey copies (docs/models.md, printed-copy card, session pc5): their
 * document white is far from neutral (white chroma median 19 vs 6 for the older lab copies, warmth -0.20..+0.26)
 * and textured (8x8 block std 2.5 vs 1.3 on the 640-px document; 2.1 vs 1.4 at native resolution, with ~9 dB more
 * power at 0.5-1.5 cycles/mm), and their midtones sit lower against the white (median / white 0.88 vs 0.93).
 */
function drawCopierParams(rng: Rng, white: number): Pick<PrintParams, 'paperWhite' | 'toneOffset' | 'tonerDensity' | 'mottle' | 'mottleMm' | 'fog' | 'streak' | 'dotSpreadMm'> {
  // Copier paper: most office paper carries optical brighteners that fluoresce blue under light with some UV (tint
  // < 0; reflectance may pass 1 in blue); recycled or uncoated cheaper paper is neutral to cream. The lab's room
  // lights are mostly warm, and a copy's white is the paper itself, so brightened paper is what keeps the copies'
  // whites from all turning warm (DLC copies: warmth median 0.01, p10 -0.20, p90 +0.26).
  const tint = rng.bool(0.7) ? rng.uniform(-0.2, -0.03) : rng.uniform(-0.03, 0.12);
  const paperWhite: [number, number, number] = tint >= 0
    ? [white * (1 + tint * 0.3), white, white * (1 - tint)]
    : [white * (1 + tint * 0.5), white, white * (1 - tint)];
  return {
    paperWhite,
    toneOffset: rng.uniform(-0.04, 0.06),
    tonerDensity: rng.uniform(0.86, 0.95),
    mottle: rng.uniform(0.3, 0.8),
    mottleMm: rng.uniform(0.3, 0.9),
    fog: rng.uniform(0.015, 0.07),
    streak: rng.uniform(0, 0.02),
    dotSpreadMm: rng.uniform(0.02, 0.045),
  };
}

/** Linear RGB transmittance of each ink layer (real toners/inks absorb imperfectly, hence the smaller gamut). */
const INKS_LASER = { c: [0.12, 0.55, 0.86], m: [0.8, 0.14, 0.45], y: [0.94, 0.86, 0.1], k: [0.06, 0.06, 0.07] } as const;
const INKS_INKJET = { c: [0.08, 0.5, 0.85], m: [0.85, 0.1, 0.4], y: [0.95, 0.88, 0.06], k: [0.04, 0.04, 0.05] } as const;

export interface PrintedRaster {
  readonly width: number;
  readonly height: number;
  /** Premultiplied linear RGBA reflectance (alpha 1 on paper). */
  readonly data: Float32Array;
}

/** A blank sheet (no ink) at `pxPerMm`, with the same paper and, for photocopies, the same toner speckle. */
export function blankSheet(widthMm: number, heightMm: number, pxPerMm: number, params: PrintParams, rng: Rng): PrintedRaster {
  const W = Math.round(widthMm * pxPerMm);
  const H = Math.round(heightMm * pxPerMm);
  const paper = paperTexture(W, H, params, rng.fork('paper'));
  const out = new Float32Array(W * H * 4);
  const speck = rng.fork('speckle');
  // Speckle probability per device pixel scaled to this texel size.
  const p = params.speckle * (params.dpi / 25.4 / pxPerMm) ** 2 * 0.05;
  // Background fog and streaks at this texel size are unresolved: their mean coverage darkens the texel.
  const fog = params.fog > 0 || params.streak > 0 ? copierBackground(W, H, pxPerMm, params, rng.fork('fog')) : null;
  for (let i = 0; i < W * H; i++) {
    const k = (speck.next() < p ? speck.uniform(0.2, 0.6) : 0) + (fog ? fog[i]! * params.tonerDensity : 0);
    out[i * 4] = paper[i * 3]! * (1 - k);
    out[i * 4 + 1] = paper[i * 3 + 1]! * (1 - k);
    out[i * 4 + 2] = paper[i * 3 + 2]! * (1 - k);
    out[i * 4 + 3] = 1;
  }
  return { width: W, height: H, data: out };
}

/** Fades the raster's alpha to 0 over its outer `rampPx` pixels, so a printed patch blends into a blank sheet. */
export function featherEdges(r: PrintedRaster, rampPx: number): void {
  const { width: W, height: H, data } = r;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = Math.min(x + 0.5, y + 0.5, W - x - 0.5, H - y - 0.5);
      if (d >= rampPx) continue;
      const a = Math.max(0, d / rampPx);
      const o = (y * W + x) * 4;
      data[o] = data[o]! * a;
      data[o + 1] = data[o + 1]! * a;
      data[o + 2] = data[o + 2]! * a;
      data[o + 3] = a;
    }
  }
}

/** Prints `page` (sRGB RGBA at `params.dpi`). */
export function printPage(page: { width: number; height: number; data: Uint8ClampedArray }, params: PrintParams, rng: Rng): PrintedRaster {
  const { width: W, height: H } = page;
  const n = W * H;
  const out = new Float32Array(n * 4);
  const paper = paperTexture(W, H, params, rng.fork('paper'));
  if (params.process === 'gray-photocopy') {
    const ink = new Float32Array(n);
    // Luma through the copier's tone curve (levels): darks go black; light backgrounds go paper-white or, with a
    // low background level, light grey toner.
    const c = params.contrast;
    const density = params.tonerDensity;
    for (let i = 0; i < n; i++) {
      const l = (0.299 * page.data[i * 4]! + 0.587 * page.data[i * 4 + 1]! + 0.114 * page.data[i * 4 + 2]!) / 255;
      const boosted = Math.min(1, Math.max(0, (l - 0.5) * c + 0.5 + params.toneOffset));
      // Toner coverage that reproduces the boosted tone's reflectance (perceptual value -> linear light).
      ink[i] = (1 - SRGB_TO_LINEAR[Math.round(boosted * 255)]!) / density;
    }
    // Scanner optics blur before the copier dithers.
    gaussianBlur(ink, W, H, 1, rng.uniform(0.5, 1.0));
    applyDotGain(ink, params.dotGain);
    // Development is uneven at millimetre scale (mottle), and stray toner fogs the background along drum streaks.
    const dpmm = params.dpi / 25.4;
    const mottle = valueNoise(W, H, params.mottleMm * dpmm, rng.fork('mottle'));
    const background = copierBackground(W, H, dpmm, params, rng.fork('fog'));
    // Mottle is relative in the tints and vanishes in solids (full coverage stays full).
    for (let i = 0; i < n; i++) {
      const k = Math.min(1, Math.max(0, ink[i]!));
      ink[i] = Math.min(1, Math.max(0, k * (1 + params.mottle * mottle[i]! * (1 - k)) + background[i]!));
    }
    const dots = errorDiffuse(ink, W, H);
    gaussianBlur(dots, W, H, 1, Math.max(0.45, params.dotSpreadMm * dpmm));
    const speck = rng.fork('speckle');
    for (let i = 0; i < n; i++) {
      let k = dots[i]!;
      if (speck.next() < params.speckle) k = Math.min(1, k + speck.uniform(0.5, 1));
      const t = 1 - k * density;
      out[i * 4] = paper[i * 3]! * t;
      out[i * 4 + 1] = paper[i * 3 + 1]! * t;
      out[i * 4 + 2] = paper[i * 3 + 2]! * t;
      out[i * 4 + 3] = 1;
    }
    return { width: W, height: H, data: out };
  }
  // Colour: separate into CMYK coverages (simple GCR), add dot gain, screen each separation.
  const sep = [new Float32Array(n), new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const gcr = params.contrast;
  for (let i = 0; i < n; i++) {
    // Coverages from linear light so that the printed reflectance follows the original's (before dot gain).
    const c0 = 1 - SRGB_TO_LINEAR[page.data[i * 4]!]!;
    const m0 = 1 - SRGB_TO_LINEAR[page.data[i * 4 + 1]!]!;
    const y0 = 1 - SRGB_TO_LINEAR[page.data[i * 4 + 2]!]!;
    const k = Math.min(c0, m0, y0) * gcr;
    const d = 1 - k;
    sep[0]![i] = d > 1e-3 ? (c0 - k) / d : 0;
    sep[1]![i] = d > 1e-3 ? (m0 - k) / d : 0;
    sep[2]![i] = d > 1e-3 ? (y0 - k) / d : 0;
    sep[3]![i] = k;
  }
  for (const s of sep) applyDotGain(s, params.dotGain);
  let cov: Float32Array[];
  if (params.process === 'color-laser') {
    const dpmm = params.dpi / 25.4;
    const periodPx = (25.4 / params.lpi!) * dpmm;
    const a = params.angles!;
    cov = [amScreen(sep[0]!, W, H, periodPx, a.c), amScreen(sep[1]!, W, H, periodPx, a.m), amScreen(sep[2]!, W, H, periodPx, a.y), amScreen(sep[3]!, W, H, periodPx, a.k)];
    // Toner scatter: dots are a little soft.
    for (const c of cov) gaussianBlur(c, W, H, 1, 0.4);
  } else {
    cov = sep.map((s) => errorDiffuse(s, W, H));
    // Ink drops are round and larger than a device pixel.
    for (const c of cov) gaussianBlur(c, W, H, 1, 0.6);
  }
  const inks = params.process === 'color-laser' ? INKS_LASER : INKS_INKJET;
  const tc = inks.c;
  const tm = inks.m;
  const ty = inks.y;
  const tk = inks.k;
  const [C, M, Y, K] = cov as [Float32Array, Float32Array, Float32Array, Float32Array];
  // Each ink layer transmits its fraction where it covers the paper (light passes it twice; folded into T).
  const [cr, cg, cb] = tc;
  const [mr, mg, mb] = tm;
  const [yr, yg, yb] = ty;
  const [kr, kg, kb] = tk;
  for (let i = 0; i < n; i++) {
    const c = C[i]!;
    const m = M[i]!;
    const y = Y[i]!;
    const k = K[i]!;
    const o = i * 4;
    const p = i * 3;
    out[o] = paper[p]! * (1 - c + c * cr) * (1 - m + m * mr) * (1 - y + y * yr) * (1 - k + k * kr);
    out[o + 1] = paper[p + 1]! * (1 - c + c * cg) * (1 - m + m * mg) * (1 - y + y * yg) * (1 - k + k * kg);
    out[o + 2] = paper[p + 2]! * (1 - c + c * cb) * (1 - m + m * mb) * (1 - y + y * yb) * (1 - k + k * kb);
    out[o + 3] = 1;
  }
  return { width: W, height: H, data: out };
}

function applyDotGain(s: Float32Array, gain: number): void {
  // Murray-Davies-style tone value increase: largest in the mid-tones.
  for (let i = 0; i < s.length; i++) {
    const v = Math.min(1, Math.max(0, s[i]!));
    s[i] = Math.min(1, v + gain * 4 * v * (1 - v));
  }
}

const SPOT_LUT_SIZE = 128;
/** Euclidean (round, then square, then inverted round) dot: threshold rank of each position in the cell. */
const SPOT_LUT = (() => {
  const lut = new Float32Array(SPOT_LUT_SIZE * SPOT_LUT_SIZE);
  for (let j = 0; j < SPOT_LUT_SIZE; j++) {
    for (let i = 0; i < SPOT_LUT_SIZE; i++) {
      const fa = i / SPOT_LUT_SIZE;
      const fb = j / SPOT_LUT_SIZE;
      lut[j * SPOT_LUT_SIZE + i] = (2 - Math.cos(2 * Math.PI * fa) - Math.cos(2 * Math.PI * fb)) / 4;
    }
  }
  return lut;
})();

/**
 * Amplitude-modulated halftone of one separation: a rotated square grid of dots whose area follows the coverage.
 * The threshold is compared smoothly (about one device pixel wide) as laser PWM exposure does.
 */
export function amScreen(coverage: Float32Array, W: number, H: number, periodPx: number, angleDeg: number): Float32Array {
  const out = new Float32Array(W * H);
  const th = (angleDeg * Math.PI) / 180;
  const ca = Math.cos(th) / periodPx;
  const sa = Math.sin(th) / periodPx;
  // Threshold slope per device pixel ~ pi/2 per period at the dot edge.
  const sharp = periodPx / 1.6;
  const L = SPOT_LUT_SIZE;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      // Cell coordinates; the dot centre is at integer cell positions.
      let a = px * ca + py * sa + 0.5;
      let b = -px * sa + py * ca + 0.5;
      a -= Math.floor(a);
      b -= Math.floor(b);
      const t = SPOT_LUT[((b * L) | 0) * L + ((a * L) | 0)]!;
      const i = y * W + x;
      let v = (coverage[i]! - t) * sharp + 0.5;
      if (v < 0) v = 0;
      else if (v > 1) v = 1;
      out[i] = v;
    }
  }
  return out;
}

/** Floyd-Steinberg error diffusion with serpentine scan: binary dots, blue-noise-like spectrum. */
export function errorDiffuse(src: Float32Array, W: number, H: number): Float32Array {
  const buf = Float32Array.from(src);
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    const ltr = (y & 1) === 0;
    for (let k = 0; k < W; k++) {
      const x = ltr ? k : W - 1 - k;
      const i = y * W + x;
      const v = buf[i]!;
      const q = v >= 0.5 ? 1 : 0;
      out[i] = q;
      const e = v - q;
      const dx = ltr ? 1 : -1;
      if (x + dx >= 0 && x + dx < W) buf[i + dx] = buf[i + dx]! + e * (7 / 16);
      if (y + 1 < H) {
        if (x - dx >= 0 && x - dx < W) buf[i + W - dx] = buf[i + W - dx]! + e * (3 / 16);
        buf[i + W] = buf[i + W]! + e * (5 / 16);
        if (x + dx >= 0 && x + dx < W) buf[i + W + dx] = buf[i + W + dx]! + e * (1 / 16);
      }
    }
  }
  return out;
}

/**
 * A copier's background toner per pixel at `pxPerMm`: fog (stray toner, mean `params.fog`, patchy at the mottle's
 * scale) plus streaks along the paper feed (constant down a column, varying across the page every 0.5-3 mm).
 */
export function copierBackground(W: number, H: number, pxPerMm: number, params: PrintParams, rng: Rng): Float32Array {
  const out = new Float32Array(W * H);
  const patches = valueNoise(W, H, params.mottleMm * pxPerMm, rng.fork('patches'));
  const streakRng = rng.fork('streaks');
  const streakCell = streakRng.uniform(0.5, 3) * pxPerMm;
  const across = valueNoise(W, 1, streakCell, streakRng);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      out[i] = Math.max(0, params.fog * (1 + patches[i]!) + params.streak * across[x]!);
    }
  }
  return out;
}

/**
 * Value noise of about unit standard deviation: a random grid every `cellPx` pixels (and a finer one at half the
 * cell), bilinearly upsampled.
 */
export function valueNoise(W: number, H: number, cellPx: number, rng: Rng): Float32Array {
  const tex = new Float32Array(W * H);
  const cell = Math.max(1, cellPx);
  for (const [c, amp] of [[cell, 1.2], [Math.max(1, cell / 2), 0.6]] as const) addOctave(tex, W, H, c, amp, rng);
  return tex;
}

function addOctave(tex: Float32Array, W: number, H: number, cell: number, amp: number, rng: Rng): void {
  const gw = Math.ceil(W / cell) + 2;
  const gh = Math.ceil(H / cell) + 2;
  const grid = new Float32Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = rng.normal();
  for (let y = 0; y < H; y++) {
    const fy = y / cell;
    const y0 = fy | 0;
    const ty = fy - y0;
    for (let x = 0; x < W; x++) {
      const fx = x / cell;
      const x0 = fx | 0;
      const tx = fx - x0;
      const g = (grid[y0 * gw + x0]! * (1 - tx) + grid[y0 * gw + x0 + 1]! * tx) * (1 - ty) + (grid[(y0 + 1) * gw + x0]! * (1 - tx) + grid[(y0 + 1) * gw + x0 + 1]! * tx) * ty;
      tex[y * W + x] = tex[y * W + x]! + g * amp;
    }
  }
}

/** Paper reflectance with formation (cloudy fibre flocs) and a few fibres: multiplicative, ~1-3 %. */
export function paperTexture(W: number, H: number, params: PrintParams, rng: Rng): Float32Array {
  const n = W * H;
  const tex = new Float32Array(n);
  // Two octaves of value noise from coarse random grids, bilinearly upsampled.
  for (const [cell, amp] of [[24, 0.6], [6, 0.4]] as const) addOctave(tex, W, H, cell, amp, rng);
  const out = new Float32Array(n * 3);
  const f = params.fibre;
  const [wr, wg, wb] = params.paperWhite;
  for (let i = 0; i < n; i++) {
    const m = 1 + tex[i]! * f;
    out[i * 3] = wr * m;
    out[i * 3 + 1] = wg * m;
    out[i * 3 + 2] = wb * m;
  }
  return out;
}
