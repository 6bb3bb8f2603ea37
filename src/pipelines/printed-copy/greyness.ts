// Is the document grey under a coloured light? A grey copy photographed in a room is tinted by the lamp and the
// camera's partial white balance (DLC-2021 copies: median HSV saturation 0.13, more than lab bona fide cards), so
// saturation and chroma alone read it as colour. What a cast cannot do is spread the chromaticity: a grey original
// under one light has a single (r, g) = (R, G) / (R + G + B) whatever its grey level, and under a slowly varying
// mix of lights a single one locally. A colour document's inks spread it widely.
import { percentileBin } from '../../features/colour.js';
import type { RgbPlanes } from '../../features/planes.js';
import { colourStats, type ColourStats } from '../../quality/colour.js';

export interface GreynessCues {
  /** Standard deviation (x100) of the rg chromaticity of mid-tone pixels (sRGB values) around their mean. */
  readonly rgSpread: number;
  /** 95th percentile (x100) of the mid-tones' chromaticity distance from their mean. */
  readonly rgP95: number;
  /**
   * The front-end's colourlessness measure (x100): in linear light, after dividing out the light's slowly varying
   * colour (a quarter-document local mean), the 90th percentile of the distance to the median chromaticity.
   */
  readonly linearSpread: number;
  /** Share of pixels farther than 0.05 from that median chromaticity (colour print). */
  readonly colourfulShare: number;
}

export function greynessCues(rgb: RgbPlanes): GreynessCues {
  const rg = rgChromaticitySpread(rgb);
  return { rgSpread: rg.spread, rgP95: rg.p95, ...linearGreyness(planesColourStats(rgb)) };
}

/** src/quality/colour.ts's measurement of a raster given as planes (a region cell, or a test image). */
export function planesColourStats(rgb: RgbPlanes): ColourStats {
  return colourStats(interleaved(rgb));
}

/**
 * The linear-light pair, read from the front-end's colour measurement (src/quality/colour.ts; about 10 ms on a
 * 640-px document when it has to be computed, so robin-pc leaves it out).
 */
export function linearGreyness(linear: ColourStats): { linearSpread: number; colourfulShare: number } {
  return { linearSpread: 100 * linear.chromaSpread, colourfulShare: linear.colourfulFraction };
}

/** Planes back to interleaved 8-bit RGB (what src/quality/colour.ts reads). */
function interleaved(rgb: RgbPlanes): { width: number; height: number; data: Uint8Array } {
  const n = rgb.width * rgb.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = rgb.r[i]!;
    data[i * 3 + 1] = rgb.g[i]!;
    data[i * 3 + 2] = rgb.b[i]!;
  }
  return { width: rgb.width, height: rgb.height, data };
}

/**
 * Spread of the rg chromaticity of mid-tone pixels, every `step` pixels. Dark and clipped pixels are left out
 * (noise and glare have no reliable chromaticity).
 */
export function rgChromaticitySpread(rgb: RgbPlanes, step = 2): { spread: number; p95: number } {
  const { width: w, height: h, r, g, b } = rgb;
  const capacity = Math.ceil(w / step) * Math.ceil(h / step);
  const cr = new Float64Array(capacity);
  const cg = new Float64Array(capacity);
  let n = 0;
  let sr = 0;
  let sg = 0;
  let srr = 0;
  let sgg = 0;
  for (let y = 0; y < h; y += step) {
    for (let x = 0; x < w; x += step) {
      const i = y * w + x;
      const R = r[i]!;
      const G = g[i]!;
      const B = b[i]!;
      const sum = R + G + B;
      if (sum < 120 || R >= 250 || G >= 250 || B >= 250) continue;
      const a = R / sum;
      const c = G / sum;
      cr[n] = a;
      cg[n] = c;
      n++;
      sr += a;
      sg += c;
      srr += a * a;
      sgg += c * c;
    }
  }
  if (n < 16) return { spread: 0, p95: 0 };
  const mr = sr / n;
  const mg = sg / n;
  const spread = Math.sqrt(Math.max(0, srr / n - mr * mr) + Math.max(0, sgg / n - mg * mg));
  // Distances from the mean on a 1/2000 grid up to 0.25 (beyond counts in the last bin).
  const hist = new Uint32Array(501);
  for (let k = 0; k < n; k++) {
    const dr = cr[k]! - mr;
    const dg = cg[k]! - mg;
    hist[Math.min(500, Math.floor(Math.sqrt(dr * dr + dg * dg) * 2000))]!++;
  }
  const p95 = percentileBin(hist, n, 0.95);
  return { spread: 100 * spread, p95: (100 * p95) / 2000 };
}
