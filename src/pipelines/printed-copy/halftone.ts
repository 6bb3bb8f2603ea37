// Print periodicity cues on native-resolution patches of the document. A colour laser prints each ink through an
// amplitude-modulated screen at its own angle (C 15, M 75, Y 0, K 45 degrees, 133-200 lpi): each CMY plane of the
// capture gets narrow spectral peaks (at the ruling, or its alias when the ruling is above the sensor's Nyquist).
// Inkjet error diffusion and photocopier dither leave no single peak but broadband high-frequency energy and a
// chroma texture that a camera's own noise (chroma-denoised by the ISP) does not have (LAB-PHYSICS.md, printing).
import type { Box } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';
import { cmyPlanes, lumaFromRgb, opponentPlanes, toRgbPlanes, type Plane, type RgbPlanes } from '../../features/planes.js';
import { noiseSigma } from '../../features/residual.js';
import { averagePowerSpectrum, findSpectralPeaks, highFrequencyRatio, type SpectralPeak } from '../../features/spectrum.js';
import type { DocumentInput } from '../detector.js';

/** Side of each native-resolution patch, pixels (also the FFT size: 1/64 cycle/pixel bins). */
export const PATCH = 64;
/** Peaks below this frequency are layout and content (text lines, guilloche envelopes), not a print screen. */
const MIN_PEAK_FREQUENCY = 0.06;

/** Patch centres in canonical-document fractions: a 3 x 2 grid that avoids the border (cut edges, background). */
export const PATCH_CENTRES: readonly (readonly [number, number])[] = [
  [0.2, 0.3], [0.5, 0.3], [0.8, 0.3],
  [0.2, 0.7], [0.5, 0.7], [0.8, 0.7],
];

/**
 * The patches side by side in one strip (height PATCH, width PATCH x count): each is a PATCH x PATCH square of the
 * document warped from the full-resolution upload at its native scale (never upsampled above 1:1 of the upload).
 * `within` restricts the centres to a canonical box (region maps).
 */
export async function nativeStrip(document: DocumentInput, centres: readonly (readonly [number, number])[], within?: Box, signal?: AbortSignal): Promise<RgbPlanes> {
  const canonicalW = document.canonical.width;
  const canonicalH = document.canonical.height;
  // Upload pixels per canonical pixel; a document smaller than the canonical raster is read at canonical scale.
  const native = document.nativeLongSide / canonicalW;
  const side = PATCH * Math.min(1 / native, 1);
  const box = within ?? { x: 0, y: 0, width: canonicalW, height: canonicalH };
  const strip = new Uint8Array(PATCH * PATCH * centres.length * 3);
  const stripW = PATCH * centres.length;
  for (const [i, [fx, fy]] of centres.entries()) {
    signal?.throwIfAborted();
    const cx = box.x + fx * box.width;
    const cy = box.y + fy * box.height;
    const x = Math.min(Math.max(0, cx - side / 2), Math.max(0, canonicalW - side));
    const y = Math.min(Math.max(0, cy - side / 2), Math.max(0, canonicalH - side));
    const patch: RgbImage = await document.crop({ x, y, width: side, height: side }, { scale: Math.max(1, 1 / native), maxSide: PATCH });
    copyInto(patch, strip, stripW, i * PATCH);
  }
  return toRgbPlanes({ width: stripW, height: PATCH, data: strip });
}

/** Copies a crop (resized by nearest neighbour if the warp rounded its size) into its column of the strip. */
function copyInto(patch: RgbImage, strip: Uint8Array, stripW: number, x0: number): void {
  for (let y = 0; y < PATCH; y++) {
    const sy = Math.min(patch.height - 1, Math.floor((y * patch.height) / PATCH));
    for (let x = 0; x < PATCH; x++) {
      const sx = Math.min(patch.width - 1, Math.floor((x * patch.width) / PATCH));
      const s = (sy * patch.width + sx) * 3;
      const d = (y * stripW + x0 + x) * 3;
      strip[d] = patch.data[s]!;
      strip[d + 1] = patch.data[s + 1]!;
      strip[d + 2] = patch.data[s + 2]!;
    }
  }
}

export interface ChannelPeaks {
  readonly peaks: readonly SpectralPeak[];
  readonly hfRatio: number;
}

function channelPeaks(plane: Plane, patches: number): ChannelPeaks {
  const spectrum = averagePowerSpectrum(plane, { size: PATCH, maxPatches: patches });
  return {
    peaks: findSpectralPeaks(spectrum, { minFrequency: MIN_PEAK_FREQUENCY, minProminenceDb: 8, maxPeaks: 8 }),
    hfRatio: highFrequencyRatio(spectrum, 0.25),
  };
}

export interface PrintPeriodicity {
  readonly c: ChannelPeaks;
  readonly m: ChannelPeaks;
  readonly y: ChannelPeaks;
  readonly luma: ChannelPeaks;
  /** Chroma plane (opponent R-G): AM rosettes are coloured, a genuine card's fine-line print mostly is not. */
  readonly chroma: ChannelPeaks;
  readonly lumaSigma: number;
  readonly chromaSigma: number;
}

export function printPeriodicity(strip: RgbPlanes): PrintPeriodicity {
  const patches = Math.max(1, Math.floor(strip.width / PATCH));
  const { c, m, y } = cmyPlanes(strip);
  const luma = lumaFromRgb(strip);
  const { o1, o2 } = opponentPlanes(strip);
  return {
    c: channelPeaks(c, patches),
    m: channelPeaks(m, patches),
    y: channelPeaks(y, patches),
    luma: channelPeaks(luma, patches),
    chroma: channelPeaks(o1, patches),
    lumaSigma: noiseSigma(luma),
    chromaSigma: 0.5 * (noiseSigma(o1) + noiseSigma(o2)),
  };
}

export const maxProminence = (c: ChannelPeaks): number => c.peaks[0]?.prominenceDb ?? 0;

/**
 * How many distinct screen directions the C, M, Y planes' strongest peaks point to (angles folded modulo 90
 * degrees, since a screen has peaks at its angle and angle + 90): 1 for a single pattern seen in every ink
 * (a genuine fine-line print, or luminance content), up to 3 for rotated per-ink screens.
 */
export function distinctScreenAngles(p: PrintPeriodicity, toleranceDeg = 6): number {
  const angles = [p.c, p.m, p.y].flatMap((ch) => (ch.peaks[0] && ch.peaks[0].prominenceDb >= 10 ? [ch.peaks[0].angleDeg % 90] : []));
  const distinct: number[] = [];
  for (const a of angles) {
    if (!distinct.some((d) => Math.min(Math.abs(a - d), 90 - Math.abs(a - d)) < toleranceDeg)) distinct.push(a);
  }
  return distinct.length;
}
