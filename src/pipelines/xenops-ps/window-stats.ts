// Statistics of one native-resolution window (the photo's inside or the card's reference window): the noise floor
// (luma and chroma), the print / sensor texture in the spectrum, sharpness and the white of the brightest pixels.
// A pasted face keeps its own noise, blur and colour; a stuck-on photo its own paper white and print pattern.
import { chromaStatistics, whitePoint } from '../../features/colour.js';
import { lumaFromRgb, opponentPlanes, toRgbPlanes, type Plane } from '../../features/planes.js';
import { noiseLevelMap } from '../../features/residual.js';
import { averagePowerSpectrum, findSpectralPeaks, highFrequencyRatio, type SpectralPeak } from '../../features/spectrum.js';
import { sharpness } from '../../features/texture.js';
import type { RgbImage } from '../../image/types.js';

export interface WindowStats {
  /** Noise floor: 25th percentile of 16x16 block noise sigmas (grey levels), luma and mean of the two chroma planes. */
  readonly lumaNoise: number;
  readonly chromaNoise: number;
  /** Share of spectral power above 0.25 cycles/px (luma). */
  readonly highFrequency: number;
  /** Strongest narrow-band spectral peaks (luma), most prominent first. */
  readonly peaks: readonly SpectralPeak[];
  /** Laplacian variance (focus / blur). */
  readonly laplacian: number;
  /** CIE xy of the brightest 2 % unclipped pixels and their mean luma. */
  readonly whiteX: number;
  readonly whiteY: number;
  readonly brightLuma: number;
  /** 2nd percentile of luma: the deepest print black (a photo print reaches darker than a card's printed portrait). */
  readonly darkLuma: number;
  readonly saturation: number;
  readonly saturationP90: number;
  /** Hasler-Suesstrunk colourfulness (0..255 scale). */
  readonly colourfulness: number;
}

const NOISE_BLOCK = 16;

function noiseFloor(plane: Plane): number {
  if (plane.width < NOISE_BLOCK || plane.height < NOISE_BLOCK) return Number.NaN;
  const values = Array.from(noiseLevelMap(plane, NOISE_BLOCK).values).sort((a, b) => a - b);
  return values[Math.floor(0.25 * (values.length - 1))]!;
}

function percentile(plane: Plane, q: number): number {
  const sorted = Float32Array.from(plane.data).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function windowStats(image: RgbImage): WindowStats {
  const rgb = toRgbPlanes(image);
  const luma = lumaFromRgb(rgb);
  const { o1, o2 } = opponentPlanes(rgb);
  const size = Math.min(64, 1 << Math.floor(Math.log2(Math.max(2, Math.min(image.width, image.height)))));
  let highFrequency = Number.NaN;
  let peaks: SpectralPeak[] = [];
  if (size >= 32) {
    const spectrum = averagePowerSpectrum(luma, { size, maxPatches: 16 });
    highFrequency = highFrequencyRatio(spectrum);
    peaks = findSpectralPeaks(spectrum, { minFrequency: 0.08, maxPeaks: 4 });
  }
  const white = whitePoint(rgb, 0.02, 1);
  const chroma = chromaStatistics(rgb, 2);
  return {
    lumaNoise: noiseFloor(luma),
    chromaNoise: (noiseFloor(o1) + noiseFloor(o2)) / 2,
    highFrequency,
    peaks,
    laplacian: sharpness(luma, 1).laplacianVariance,
    whiteX: white.brightest.x,
    whiteY: white.brightest.y,
    brightLuma: percentile(luma, 0.98),
    darkLuma: percentile(luma, 0.02),
    saturation: chroma.saturationP50,
    saturationP90: chroma.saturationP90,
    colourfulness: chroma.colourfulness,
  };
}
