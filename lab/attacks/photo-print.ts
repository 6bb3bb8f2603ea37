// A photo printed on paper by an office colour laser (AM halftone on rotated CMYK screens) or an inkjet (error
// diffusion), as seen at the document render's resolution: dots are made on a finer device grid, then integrated over
// each render pixel, so the print's own screen frequency and angles are in the result (aliased where physics says).
import type { Rng } from '../rng.js';
import { sampleBilinear } from './homography.js';
import type { Rgb8 } from './raster.js';
import { createRgb } from './raster.js';

export type PrintProcess = 'laser_am' | 'inkjet_fm';

export interface PhotoPrintParams {
  readonly process: PrintProcess;
  /** Device grid the dots are placed on, dots per inch. */
  readonly deviceDpi: number;
  /** AM screen ruling in lines per inch (laser only). */
  readonly lpi: number | null;
  /** Screen angles in degrees, C M Y K (laser only). */
  readonly anglesDeg: readonly [number, number, number, number] | null;
  /** Paper reflectance, linear RGB. */
  readonly paperWhite: readonly [number, number, number];
  /** Mechanical dot gain: ink coverage grows by this fraction of c(1-c). */
  readonly dotGain: number;
}

export function drawPhotoPrintParams(rng: Rng, pxPerMm: number): PhotoPrintParams {
  const process: PrintProcess = rng.bool(0.55) ? 'laser_am' : 'inkjet_fm';
  const paper = rng.uniform(0.86, 0.95);
  const warm = rng.uniform(0, 0.03);
  const paperWhite: [number, number, number] = [paper, paper - warm * 0.4, paper - warm];
  if (process === 'laser_am') {
    // Device grid: an integer multiple of the render grid near 1200 dpi, so dots are integrated exactly.
    const k = Math.max(2, Math.round(1200 / 25.4 / pxPerMm));
    return {
      process,
      deviceDpi: pxPerMm * k * 25.4,
      // Office colour lasers screen at 133-200 lpi; kept below 80 % of the render's Nyquist limit so the render grid
      // itself does not alias the screen (the camera then integrates it further).
      lpi: rng.uniform(Math.min(120, 0.8 * (pxPerMm / 2) * 25.4 - 10), Math.min(175, 0.8 * (pxPerMm / 2) * 25.4)),
      anglesDeg: rng.bool(0.7) ? [15, 75, 0, 45] : [105, 165, 90, 135],
      paperWhite,
      dotGain: rng.uniform(0.05, 0.2),
    };
  }
  const k = Math.max(2, Math.round(rng.pick([600, 720, 1200]) / 25.4 / pxPerMm));
  return { process, deviceDpi: pxPerMm * k * 25.4, lpi: null, anglesDeg: null, paperWhite, dotGain: rng.uniform(0.1, 0.25) };
}

// Linear-RGB transmittance of one ink layer (C, M, Y, K): each absorbs mainly its complementary band.
const INK_TRANSMITTANCE: readonly (readonly [number, number, number])[] = [
  [0.12, 0.55, 0.85],
  [0.85, 0.14, 0.5],
  [0.95, 0.88, 0.1],
  [0.07, 0.07, 0.08],
];

function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

function linearToSrgb8(v: number): number {
  const c = Math.min(1, Math.max(0, v));
  return Math.round(255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055));
}

/** Separation of an sRGB colour into C, M, Y, K coverages with partial grey-component replacement. */
function separate(r: number, g: number, b: number, out: Float32Array): void {
  const c0 = 1 - r;
  const m0 = 1 - g;
  const y0 = 1 - b;
  const k = Math.max(0, Math.min(c0, m0, y0) - 0.15) * 0.8;
  const s = 1 - k;
  out[0] = Math.min(1, Math.max(0, (c0 - k) / s));
  out[1] = Math.min(1, Math.max(0, (m0 - k) / s));
  out[2] = Math.min(1, Math.max(0, (y0 - k) / s));
  out[3] = k;
}

const COS_STEPS = 4096;
const COS_TABLE = Float32Array.from({ length: COS_STEPS }, (_, i) => Math.cos((2 * Math.PI * i) / COS_STEPS));

/** cos(2 pi t) from a table (the spot function is evaluated millions of times per print). */
function cosTurn(t: number): number {
  return COS_TABLE[Math.floor((t - Math.floor(t)) * COS_STEPS) & (COS_STEPS - 1)]!;
}

/** C, M, Y, K coverage (with dot gain) of `photo` resampled to widthPx x heightPx, interleaved. */
function separatePhoto(photo: Rgb8, widthPx: number, heightPx: number, gain: number): Float32Array {
  const out = new Float32Array(widthPx * heightPx * 4);
  const sample = new Float32Array(3);
  const cmyk = new Float32Array(4);
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      sampleBilinear(photo, ((x + 0.5) * photo.width) / widthPx, ((y + 0.5) * photo.height) / heightPx, sample);
      separate(sample[0]! / 255, sample[1]! / 255, sample[2]! / 255, cmyk);
      for (let ch = 0; ch < 4; ch++) {
        const c = cmyk[ch]!;
        out[(y * widthPx + x) * 4 + ch] = Math.min(1, c + gain * c * (1 - c));
      }
    }
  }
  return out;
}

/**
 * Prints `photo` (stretched to widthPx x heightPx render pixels) and returns what the printed sheet looks like at
 * the render resolution `pxPerMm`.
 */
export function printPhoto(photo: Rgb8, widthPx: number, heightPx: number, pxPerMm: number, params: PhotoPrintParams, rng: Rng): Rgb8 {
  const k = Math.max(1, Math.round(params.deviceDpi / 25.4 / pxPerMm));
  const fw = widthPx * k;
  const fh = heightPx * k;
  // Ink coverage on the device grid, channel-interleaved C M Y K (0 or 1).
  const ink = new Uint8Array(fw * fh * 4);
  const sample = new Float32Array(3);
  const cmyk = new Float32Array(4);
  const sx = photo.width / fw;
  const sy = photo.height / fh;
  const gain = params.dotGain;
  if (params.process === 'laser_am') {
    const freqPerDevicePx = (params.lpi ?? 150) / params.deviceDpi;
    const angles = (params.anglesDeg ?? [15, 75, 0, 45]).map((a) => (a * Math.PI) / 180);
    const cosA = angles.map((a) => Math.cos(a) * freqPerDevicePx);
    const sinA = angles.map((a) => Math.sin(a) * freqPerDevicePx);
    // Ink coverage per render pixel (the dots are much finer than the photo's detail at this size).
    const coverage = separatePhoto(photo, widthPx, heightPx, gain);
    for (let y = 0; y < fh; y++) {
      const ry = Math.floor(y / k);
      for (let x = 0; x < fw; x++) {
        const ci = (ry * widthPx + Math.floor(x / k)) * 4;
        for (let ch = 0; ch < 4; ch++) {
          const u = x * cosA[ch]! + y * sinA[ch]!;
          const v = -x * sinA[ch]! + y * cosA[ch]!;
          // Round-dot spot function in [0, 1]: a device pixel is inked where the spot value is below the coverage.
          const spot = 0.5 - 0.25 * (cosTurn(u) + cosTurn(v));
          ink[(y * fw + x) * 4 + ch] = spot < coverage[ci + ch]! ? 1 : 0;
        }
      }
    }
  } else {
    // Floyd-Steinberg error diffusion per ink, serpentine scan; a little threshold jitter breaks worm artefacts.
    const err = new Float32Array((fw + 2) * 2 * 4);
    const row = (r: number, x: number, ch: number): number => ((r & 1) * (fw + 2) + x + 1) * 4 + ch;
    for (let y = 0; y < fh; y++) {
      for (let x = 0; x < fw + 2; x++) for (let ch = 0; ch < 4; ch++) err[row(y + 1, x - 1, ch)] = 0;
      const ltr = (y & 1) === 0;
      for (let i = 0; i < fw; i++) {
        const x = ltr ? i : fw - 1 - i;
        const dir = ltr ? 1 : -1;
        sampleBilinear(photo, (x + 0.5) * sx, (y + 0.5) * sy, sample);
        separate(sample[0]! / 255, sample[1]! / 255, sample[2]! / 255, cmyk);
        for (let ch = 0; ch < 4; ch++) {
          const c = cmyk[ch]!;
          const want = Math.min(1, c + gain * c * (1 - c)) + err[row(y, x, ch)]!;
          const on = want > 0.5 + (rng.next() - 0.5) * 0.1 ? 1 : 0;
          ink[(y * fw + x) * 4 + ch] = on;
          const e = want - on;
          err[row(y, x + dir, ch)] = err[row(y, x + dir, ch)]! + (e * 7) / 16;
          err[row(y + 1, x - dir, ch)] = err[row(y + 1, x - dir, ch)]! + (e * 3) / 16;
          err[row(y + 1, x, ch)] = err[row(y + 1, x, ch)]! + (e * 5) / 16;
          err[row(y + 1, x + dir, ch)] = err[row(y + 1, x + dir, ch)]! + (e * 1) / 16;
        }
      }
    }
  }
  // Reflectance of each device pixel (inks multiply), integrated over the k x k device pixels of a render pixel.
  const out = createRgb(widthPx, heightPx);
  const inv = 1 / (k * k);
  const [pr, pg, pb] = params.paperWhite;
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      let ar = 0;
      let ag = 0;
      let ab = 0;
      for (let j = 0; j < k; j++) {
        for (let i = 0; i < k; i++) {
          const o = ((y * k + j) * fw + x * k + i) * 4;
          let tr = pr;
          let tg = pg;
          let tb = pb;
          for (let ch = 0; ch < 4; ch++) {
            if (ink[o + ch] === 1) {
              const t = INK_TRANSMITTANCE[ch]!;
              tr *= t[0];
              tg *= t[1];
              tb *= t[2];
            }
          }
          ar += tr;
          ag += tg;
          ab += tb;
        }
      }
      const d = (y * widthPx + x) * 3;
      out.data[d] = linearToSrgb8(ar * inv);
      out.data[d + 1] = linearToSrgb8(ag * inv);
      out.data[d + 2] = linearToSrgb8(ab * inv);
    }
  }
  return out;
}

export { srgbToLinear, linearToSrgb8 };
