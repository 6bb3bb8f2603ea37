// Fine-texture cues of a screen replay, measured on native-resolution pixels (never resampled further):
// - moire: the display's pixel grid aliased by the sensor shows as narrow spectral peaks and, because the Bayer
//   mosaic samples red and blue at half the rate of green, the aliases differ per channel: coloured (chroma) bands
//   and peaks that a camera photo of a real object does not have;
// - sub-pixel structure: RGB stripes / PenTile emit each colour from a different place, so the high-pass residuals
//   of the colour channels stop moving together (on a real object they share edges and are strongly correlated),
//   and the chroma residual becomes anisotropic along the stripe direction.
import { averagePowerSpectrum, binFrequency, findSpectralPeaks, highFrequencyRatio, type PowerSpectrum, type SpectralPeak } from '../../features/spectrum.js';
import type { Plane, RgbPlanes } from '../../features/planes.js';
import type { RgbImage } from '../../image/types.js';

export interface TexturePlanes {
  readonly green: Plane;
  /** R - G and B - G: what moire colours and a camera's own demosaicing barely touches. */
  readonly redChroma: Plane;
  readonly blueChroma: Plane;
}

export function texturePlanes(rgb: RgbPlanes): TexturePlanes {
  const n = rgb.width * rgb.height;
  const rc = new Float32Array(n);
  const bc = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    rc[i] = rgb.r[i]! - rgb.g[i]!;
    bc[i] = rgb.b[i]! - rgb.g[i]!;
  }
  const plane = (data: Float32Array): Plane => ({ width: rgb.width, height: rgb.height, data });
  return { green: plane(rgb.g), redChroma: plane(rc), blueChroma: plane(bc) };
}

/** Largest power-of-two patch (32..128) that fits the crop; small documents get coarser spectra. */
export function patchSizeFor(width: number, height: number): number | null {
  const side = Math.min(width, height);
  for (const size of [128, 64, 32]) if (side >= size) return size;
  return null;
}

/** Sum of spectral power with radial frequency in [lo, hi) cycles/pixel. */
function bandPower(spectrum: PowerSpectrum, lo: number, hi: number): number {
  const n = spectrum.size;
  let sum = 0;
  for (let v = 0; v < n; v++) {
    const fy = binFrequency(v, n);
    for (let u = 0; u < n; u++) {
      const fx = binFrequency(u, n);
      const f2 = fx * fx + fy * fy;
      if (f2 >= lo * lo && f2 < hi * hi) sum += spectrum.power[v * n + u]!;
    }
  }
  return sum;
}

const log10Ratio = (a: number, b: number): number => Math.log10((a + 1e-6) / (b + 1e-6));

export interface MoireMeasures {
  readonly greenPeakDb: number;
  readonly greenPeakCount: number;
  readonly chromaPeakDb: number;
  readonly chromaPeakCount: number;
  /** log10 of chroma power over green power, 0.03-0.45 c/px: coloured fine structure. */
  readonly chromaToLumaMid: number;
  /** The same in the low band 0.008-0.06 c/px, where moire folded close to zero shows as coloured bands. */
  readonly chromaToLumaLow: number;
  readonly greenHighFrequency: number;
  readonly peaks: { readonly green: readonly SpectralPeak[]; readonly chroma: readonly SpectralPeak[] };
}

const PEAK_OPTIONS = { minFrequency: 0.03, minProminenceDb: 6, maxPeaks: 8 } as const;

/** Welch patches per spectrum: 4, not 8 — the spectra are the costliest stage and 8 did not separate better. */
const SPECTRUM_PATCHES = 4;

export function moireMeasures(planes: TexturePlanes, patchSize: number): MoireMeasures {
  const options = { size: patchSize, maxPatches: SPECTRUM_PATCHES };
  const spectra = {
    green: averagePowerSpectrum(planes.green, options),
    red: averagePowerSpectrum(planes.redChroma, options),
    blue: averagePowerSpectrum(planes.blueChroma, options),
  };
  const green = findSpectralPeaks(spectra.green, PEAK_OPTIONS);
  const chroma = [...findSpectralPeaks(spectra.red, PEAK_OPTIONS), ...findSpectralPeaks(spectra.blue, PEAK_OPTIONS)].sort((a, b) => b.prominenceDb - a.prominenceDb);
  const strong = (peaks: readonly SpectralPeak[]) => peaks.filter((p) => p.prominenceDb >= 10).length;
  const mid = (s: PowerSpectrum) => bandPower(s, 0.03, 0.45);
  const low = (s: PowerSpectrum) => bandPower(s, 0.008, 0.06);
  return {
    greenPeakDb: green[0]?.prominenceDb ?? 0,
    greenPeakCount: strong(green),
    chromaPeakDb: chroma[0]?.prominenceDb ?? 0,
    chromaPeakCount: strong(chroma),
    chromaToLumaMid: log10Ratio(mid(spectra.red) + mid(spectra.blue), mid(spectra.green)),
    chromaToLumaLow: log10Ratio(low(spectra.red) + low(spectra.blue), low(spectra.green)),
    greenHighFrequency: highFrequencyRatio(spectra.green, 0.25),
    peaks: { green, chroma },
  };
}

export interface SubpixelMeasures {
  /** Correlation of the 3x3 high-pass residuals of R with G and of B with G. */
  readonly redGreenCorrelation: number;
  readonly blueGreenCorrelation: number;
  /** log10 residual energy of R and B relative to G (emitters of one colour light up on their own). */
  readonly redGreenEnergy: number;
  readonly blueGreenEnergy: number;
  /** |log10| of horizontal over vertical difference energy of the chroma residual: stripes are one-directional. */
  readonly chromaAnisotropy: number;
}

/** A rectangle of whole pixels inside an image: measures read it in place instead of from a copy. */
export interface PixelWindow {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const wholeWindow = (image: RgbImage): PixelWindow => ({ x: 0, y: 0, width: image.width, height: image.height });

/**
 * Residual = pixel minus its 3x3 box mean, on every interior pixel of every second row (step 1 along the row:
 * sub-pixel structure is 1-3 px; half the rows halve the cost and leave the statistics' expectation unchanged).
 * Read straight from the 8-bit interleaved crop: the box sums are sums of integers, so summing three column
 * triples (each computed once per row) gives exactly the nine-term sum, and no float planes are allocated.
 */
export function subpixelMeasures(image: RgbImage, window: PixelWindow = wholeWindow(image)): SubpixelMeasures {
  const { width: w, height: h } = window;
  const data = image.data;
  let srr = 0, sgg = 0, sbb = 0, srg = 0, sbg = 0, sr = 0, sg = 0, sb = 0, n = 0;
  let chx = 0, chy = 0;
  const stride = 3 * image.width;
  const origin = 3 * (window.y * image.width + window.x);
  // Per channel, the sum of the pixel above, the pixel and the pixel below, for every column of the current row.
  const colR = new Int32Array(w);
  const colG = new Int32Array(w);
  const colB = new Int32Array(w);
  for (let y = 1; y < h - 1; y += 2) {
    const row = origin + y * stride;
    for (let x = 0, up = row - stride; x < w; x++, up += 3) {
      const down = up + 2 * stride;
      colR[x] = data[up]! + data[up + stride]! + data[down]!;
      colG[x] = data[up + 1]! + data[up + 1 + stride]! + data[down + 1]!;
      colB[x] = data[up + 2]! + data[up + 2 + stride]! + data[down + 2]!;
    }
    for (let x = 1, j = row + 3; x < w - 1; x++, j += 3) {
      const red = data[j]!, green = data[j + 1]!, blue = data[j + 2]!;
      const rr = red - (colR[x - 1]! + colR[x]! + colR[x + 1]!) / 9;
      const gg = green - (colG[x - 1]! + colG[x]! + colG[x + 1]!) / 9;
      const bb = blue - (colB[x - 1]! + colB[x]! + colB[x + 1]!) / 9;
      sr += rr; sg += gg; sb += bb;
      srr += rr * rr; sgg += gg * gg; sbb += bb * bb;
      srg += rr * gg; sbg += bb * gg;
      n++;
      // Chroma differences along x and y (not a residual: a stripe pattern is a pure first-difference signal).
      const c = red + blue - 2 * green;
      const dx = c - (data[j + 3]! + data[j + 5]! - 2 * data[j + 4]!);
      const dy = c - (data[j + stride]! + data[j + stride + 2]! - 2 * data[j + stride + 1]!);
      chx += dx * dx;
      chy += dy * dy;
    }
  }
  if (n === 0) return { redGreenCorrelation: Number.NaN, blueGreenCorrelation: Number.NaN, redGreenEnergy: Number.NaN, blueGreenEnergy: Number.NaN, chromaAnisotropy: Number.NaN };
  const cov = (sxy: number, sx: number, sy: number) => sxy / n - (sx / n) * (sy / n);
  const vr = cov(srr, sr, sr), vg = cov(sgg, sg, sg), vb = cov(sbb, sb, sb);
  const corr = (c: number, va: number, vb2: number) => c / Math.sqrt(Math.max(1e-9, va * vb2));
  return {
    redGreenCorrelation: corr(cov(srg, sr, sg), vr, vg),
    blueGreenCorrelation: corr(cov(sbg, sb, sg), vb, vg),
    redGreenEnergy: log10Ratio(vr, vg),
    blueGreenEnergy: log10Ratio(vb, vg),
    chromaAnisotropy: Math.abs(log10Ratio(chx, chy)),
  };
}
