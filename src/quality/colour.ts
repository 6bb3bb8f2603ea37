// Colourlessness of the document. In linear light, a grey document under any illuminant reflects the illuminant's
// colour in proportion: every pixel has the same chromaticity (r, g) = (R, G) / (R + G + B), whatever its
// brightness, and a warm, cold or dim light only moves that one point. A colour document spreads its pixels over
// several chromaticities. The spread is read as a high percentile of the distance to the median chromaticity, so
// that a few coloured fingernails over a grey copy do not make it colourful.
import { boxBlur } from '../image/raster.js';
import { createPlane, type RgbImage } from '../image/types.js';

export interface ColourStats {
  /** 90th percentile of the chromaticity distance to the median chromaticity (0 = perfectly grey). */
  readonly chromaSpread: number;
  /** Fraction of measured pixels farther than 0.05 from the median chromaticity. */
  readonly colourfulFraction: number;
}

const LINEAR = (() => {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) {
    const c = v / 255;
    lut[v] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  return lut;
})();

/** Pixels darker than this (linear luminance) are left out: their chromaticity is noise. */
const MIN_LINEAR_LUMA = 0.02;

/**
 * Block size of the averaging done first: chroma subsampling and demosaicing leave colour fringes on the edges of
 * black print, symmetric and a pixel or two wide, which averaging over 4x4 blocks cancels; print colour survives.
 */
const BLOCK = 4;

export function colourStats(full: RgbImage): ColourStats {
  const doc = blockAverageLinear(full, BLOCK);
  const { width, height } = doc;
  const n = width * height;
  // The light's colour changes slowly across the document (a pink lamp on one side, daylight on the other):
  // divide each channel by its local mean over a quarter of the document so that only print colour remains.
  const radius = Math.max(4, Math.round(Math.max(width, height) / 8));
  const local = [0, 1, 2].map((c) => {
    const plane = createPlane(width, height);
    for (let i = 0; i < n; i++) plane.data[i] = doc.data[i * 3 + c] as number;
    return boxBlur(plane, radius, 2).data;
  }) as [Float32Array, Float32Array, Float32Array];
  const rs = new Float32Array(n), gs = new Float32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const lr = doc.data[i * 3] as number, lg = doc.data[i * 3 + 1] as number, lb = doc.data[i * 3 + 2] as number;
    if (Math.max(lr, lg, lb) >= 0.999) continue;
    // Dark pixels: their chromaticity is noise.
    if (0.2126 * lr + 0.7152 * lg + 0.0722 * lb < MIN_LINEAR_LUMA) continue;
    const mean = ((local[0][i] as number) + (local[1][i] as number) + (local[2][i] as number)) / 3;
    const r = (lr * mean) / Math.max(1e-4, local[0][i] as number), g = (lg * mean) / Math.max(1e-4, local[1][i] as number), b = (lb * mean) / Math.max(1e-4, local[2][i] as number);
    const sum = r + g + b;
    rs[m] = r / sum; gs[m] = g / sum; m++;
  }
  if (m === 0) return { chromaSpread: 0, colourfulFraction: 0 };
  const mr = median(rs.subarray(0, m)), mg = median(gs.subarray(0, m));
  const distances = new Float32Array(m);
  let colourful = 0;
  for (let i = 0; i < m; i++) {
    const d = Math.hypot((rs[i] as number) - mr, (gs[i] as number) - mg);
    distances[i] = d;
    if (d > 0.05) colourful++;
  }
  distances.sort();
  return { chromaSpread: distances[Math.floor(m * 0.9)] as number, colourfulFraction: colourful / m };
}

/** Linear-light RGB averaged over block x block pixels. */
function blockAverageLinear(image: RgbImage, block: number): { width: number; height: number; data: Float32Array } {
  const width = Math.max(1, Math.floor(image.width / block)), height = Math.max(1, Math.floor(image.height / block));
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height * block && y < image.height; y++) {
    const by = Math.min(height - 1, Math.floor(y / block));
    for (let x = 0; x < width * block && x < image.width; x++) {
      const bx = Math.min(width - 1, Math.floor(x / block));
      const o = (by * width + bx) * 3, p = (y * image.width + x) * 3;
      for (let c = 0; c < 3; c++) data[o + c] = (data[o + c] as number) + (LINEAR[image.data[p + c] as number] as number);
    }
  }
  const k = 1 / (block * block);
  for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) * k;
  return { width, height, data };
}

function median(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)] as number;
}
