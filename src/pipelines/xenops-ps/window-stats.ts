// Statistics of one native-resolution window (the photo's inside or the card's reference window): the noise floor
// (luma and chroma), the print / sensor texture in the spectrum, sharpness and the white of the brightest pixels.
// A pasted face keeps its own noise, blur and colour; a stuck-on photo its own paper white and print pattern.
import { chromaStatistics, whitePoint } from '../../features/colour.js';
import type { Plane, RgbPlanes } from '../../features/planes.js';
import { noiseLevelMap } from '../../features/residual.js';
import { averagePowerSpectrum, findSpectralPeaks, highFrequencyRatio, type SpectralPeak } from '../../features/spectrum.js';
import { laplacianVariance } from '../../features/texture.js';
import type { RgbImage } from '../../image/types.js';
import { selectKthPlain } from '../../quality/order-statistic.js';

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

/** Index of the q-quantile in a sorted array of n values (the rank a full sort would read). */
const rankOf = (n: number, q: number): number => Math.min(n - 1, Math.floor(q * n));

/** Unit-wide buckets of the grey scale (values below 0 go to the first, 256 and above to the last). */
const BUCKETS = 257;
const bucketOf = (v: number): number => (v <= 0 ? 0 : v >= BUCKETS - 1 ? BUCKETS - 1 : v | 0);

/** The bucket holding rank k and the number of values in lower buckets. */
function bucketOfRank(counts: Uint32Array, k: number): { bucket: number; below: number } {
  let bucket = 0;
  let below = 0;
  while (below + counts[bucket]! <= k) below += counts[bucket++]!;
  return { bucket, below };
}

/**
 * The low and high quantiles of a plane (selection within one grey-level bucket; the same values as sorting): every
 * value of a lower bucket is smaller, so only the bucket holding each rank is copied and searched. One pass stores
 * each pixel's bucket, a second copies both ranks' buckets (the plane is read twice, not three times).
 */
export function quantilePair(plane: Plane, low: number, high: number): { low: number; high: number } {
  const { data } = plane;
  const n = data.length;
  const counts = new Uint32Array(BUCKETS);
  const buckets = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const q = bucketOf(data[i]!);
    buckets[i] = q;
    counts[q]!++;
  }
  const kLow = rankOf(n, low);
  const kHigh = rankOf(n, high);
  const lo = bucketOfRank(counts, kLow);
  const hi = bucketOfRank(counts, kHigh);
  const lowValues = new Float32Array(counts[lo.bucket]!);
  const highValues = lo.bucket === hi.bucket ? lowValues : new Float32Array(counts[hi.bucket]!);
  let m = 0;
  let h = 0;
  for (let i = 0; i < n; i++) {
    const q = buckets[i]!;
    if (q === lo.bucket) lowValues[m++] = data[i]!;
    else if (q === hi.bucket) highValues[h++] = data[i]!;
  }
  // selectKthPlain only reorders, so a shared bucket can serve both ranks one after the other.
  const lowValue = selectKthPlain(lowValues, kLow - lo.below);
  return { low: lowValue, high: selectKthPlain(highValues, kHigh - hi.below) };
}

/**
 * The window's colour planes, luma and the two chroma opponent planes in one pass over the pixels (the same
 * expressions as toRgbPlanes, lumaFromRgb and opponentPlanes of src/features/planes, so the same Float32 values;
 * the intensity plane o3 is not needed here).
 */
export function windowPlanes(image: RgbImage): { rgb: RgbPlanes; luma: Plane; o1: Plane; o2: Plane } {
  const { width, height, data } = image;
  const n = width * height;
  if (data.length !== n * 3) throw new RangeError(`window pixels: ${data.length} bytes for ${width}x${height} RGB, expected ${n * 3}`);
  const r = new Float32Array(n);
  const g = new Float32Array(n);
  const b = new Float32Array(n);
  const y = new Float32Array(n);
  const c1 = new Float32Array(n);
  const c2 = new Float32Array(n);
  const s2 = 1 / Math.SQRT2;
  const s6 = 1 / Math.sqrt(6);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    // Read back through the Float32 planes, as the separate passes read them (bytes are exact in Float32 anyway).
    const R = (r[i] = data[j]!);
    const G = (g[i] = data[j + 1]!);
    const B = (b[i] = data[j + 2]!);
    y[i] = 0.299 * R + 0.587 * G + 0.114 * B;
    c1[i] = (R - G) * s2;
    c2[i] = (R + G - 2 * B) * s6;
  }
  const plane = (values: Float32Array): Plane => ({ width, height, data: values });
  return { rgb: { width, height, r, g, b }, luma: plane(y), o1: plane(c1), o2: plane(c2) };
}

export function windowStats(image: RgbImage): WindowStats {
  const { rgb, luma, o1, o2 } = windowPlanes(image);
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
  const tails = quantilePair(luma, 0.02, 0.98);
  return {
    lumaNoise: noiseFloor(luma),
    chromaNoise: (noiseFloor(o1) + noiseFloor(o2)) / 2,
    highFrequency,
    peaks,
    laplacian: laplacianVariance(luma),
    whiteX: white.brightest.x,
    whiteY: white.brightest.y,
    brightLuma: tails.high,
    darkLuma: tails.low,
    saturation: chroma.saturationP50,
    saturationP90: chroma.saturationP90,
    colourfulness: chroma.colourfulness,
  };
}
