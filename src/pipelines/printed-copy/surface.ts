// Cues from the rectified 640-px document (no full-resolution access needed): what ink on office paper does to
// colour, to the white of the document and to the shine of its surface (LAB-PHYSICS.md, printing; identity
// documents). Prints compress saturated security inks (smaller gamut, lower chroma percentiles); a grey copy has
// none at all; paper white is matte and carries fibre texture where a laminated card shows a smooth, glossy white
// with specular glare; a holographic overlay (OVD) produces bright, saturated, hue-varied highlights that ink on
// paper cannot reflect.
import { chromaStatistics, gamutHull } from '../../features/colour.js';
import type { RgbPlanes } from '../../features/planes.js';

export interface ColourCues {
  readonly saturationP50: number;
  readonly saturationP90: number;
  readonly saturationP99: number;
  readonly chromaP90: number;
  readonly chromaP99: number;
  readonly colourfulness: number;
  readonly gamut: number;
}

export function colourCues(rgb: RgbPlanes): ColourCues {
  const c = chromaStatistics(rgb, 2);
  return {
    saturationP50: c.saturationP50,
    saturationP90: c.saturationP90,
    saturationP99: c.saturationP99,
    chromaP90: c.chromaP90,
    chromaP99: c.chromaP99,
    colourfulness: c.colourfulness,
    gamut: gamutHull(rgb, 0.0005, 0.02, 2).relativeToSrgb,
  };
}

export interface PaperCues {
  /** Mean chroma (max - min, grey levels) of the brightest 5 % of the document: the document's white. */
  readonly whiteChroma: number;
  /** That white's blue-minus-red balance relative to its level: paper under office light is warm (D50). */
  readonly whiteWarmth: number;
  /** Median luma of the whites over the document's median luma: prints on paper lift the midtones less. */
  readonly whiteContrast: number;
  /** Median standard deviation of 8x8 blocks among the brightest blocks: paper fibre vs smooth laminate. */
  readonly whiteTexture: number;
  /** Share of pixels at or above 250 in any channel: specular glare off laminate (paper is matte). */
  readonly glare: number;
  /** Median luma of the darkest 5 %: toner / ink blacks are lifted compared with a card's printed black. */
  readonly blackLevel: number;
}

const luma = (r: number, g: number, b: number): number => 0.299 * r + 0.587 * g + 0.114 * b;

export function paperCues(rgb: RgbPlanes): PaperCues {
  const { width: w, height: h, r, g, b } = rgb;
  const hist = new Uint32Array(256);
  let n = 0;
  let clipped = 0;
  for (let y = 0; y < h; y += 2) {
    for (let x = 0; x < w; x += 2) {
      const i = y * w + x;
      // Clipped glare carries no colour or texture of the surface: it counts as glare, not as white.
      if (r[i]! >= 250 || g[i]! >= 250 || b[i]! >= 250) clipped++;
      else hist[Math.min(255, Math.max(0, Math.round(luma(r[i]!, g[i]!, b[i]!))))]!++;
      n++;
    }
  }
  const unclipped = n - clipped;
  const level = (p: number): number => {
    let cum = 0;
    for (let v = 0; v < 256; v++) {
      cum += hist[v]!;
      if (cum >= p * unclipped) return v;
    }
    return 255;
  };
  const whiteFrom = level(0.95);
  const median = level(0.5);
  const blackLevel = level(0.05);
  let sumChroma = 0;
  let sumWarm = 0;
  let sumLuma = 0;
  let whites = 0;
  for (let y = 0; y < h; y += 2) {
    for (let x = 0; x < w; x += 2) {
      const i = y * w + x;
      const R = r[i]!;
      const G = g[i]!;
      const B = b[i]!;
      const L = luma(R, G, B);
      if (L < whiteFrom || R >= 250 || G >= 250 || B >= 250) continue;
      sumChroma += Math.max(R, G, B) - Math.min(R, G, B);
      sumWarm += (R - B) / Math.max(1, L);
      sumLuma += L;
      whites++;
    }
  }
  return {
    whiteChroma: whites > 0 ? sumChroma / whites : 0,
    whiteWarmth: whites > 0 ? sumWarm / whites : 0,
    whiteContrast: whites > 0 ? sumLuma / whites / Math.max(1, median) : 1,
    whiteTexture: brightBlockTexture(rgb, whiteFrom),
    glare: n > 0 ? clipped / n : 0,
    blackLevel,
  };
}

/** Median 8x8-block luma std among unclipped blocks whose mean is at least `from` - 10 (the document's white areas). */
function brightBlockTexture(rgb: RgbPlanes, from: number): number {
  const { width: w, height: h, r, g, b } = rgb;
  const stds: number[] = [];
  for (let by = 0; by + 8 <= h; by += 8) {
    for (let bx = 0; bx + 8 <= w; bx += 8) {
      let s = 0;
      let s2 = 0;
      let glare = false;
      for (let y = by; y < by + 8; y++) {
        for (let x = bx; x < bx + 8; x++) {
          const i = y * w + x;
          if (r[i]! >= 250 || g[i]! >= 250 || b[i]! >= 250) glare = true;
          const L = luma(r[i]!, g[i]!, b[i]!);
          s += L;
          s2 += L * L;
        }
      }
      const mean = s / 64;
      if (!glare && mean >= from - 10) stds.push(Math.sqrt(Math.max(0, s2 / 64 - mean * mean)));
    }
  }
  if (stds.length === 0) return 0;
  stds.sort((a, c) => a - c);
  return stds[stds.length >> 1]!;
}

export interface OvdCues {
  /** 99th percentile of value x saturation: bright saturated colour (foil diffraction; ink on paper stays darker). */
  readonly brightChromaP99: number;
  /** Share of pixels both bright (value > 0.75) and saturated (> 0.35). */
  readonly brightSaturatedShare: number;
  /** Spread of hue among those pixels (1 - mean resultant length): a rainbow foil uses many hues. */
  readonly brightHueSpread: number;
}

export function ovdCues(rgb: RgbPlanes): OvdCues {
  const { width: w, height: h, r, g, b } = rgb;
  const hist = new Uint32Array(256);
  let n = 0;
  let bright = 0;
  let sumCos = 0;
  let sumSin = 0;
  for (let y = 0; y < h; y += 2) {
    for (let x = 0; x < w; x += 2) {
      const i = y * w + x;
      const R = r[i]!;
      const G = g[i]!;
      const B = b[i]!;
      const max = Math.max(R, G, B);
      const min = Math.min(R, G, B);
      const sat = max > 0 ? (max - min) / max : 0;
      const value = max / 255;
      hist[Math.min(255, Math.round(255 * sat * value))]!++;
      n++;
      if (value > 0.75 && sat > 0.35) {
        bright++;
        // Opponent-plane hue angle (no branching on the max channel needed).
        const a = Math.atan2(Math.sqrt(3) * (G - B), 2 * R - G - B);
        sumCos += Math.cos(a);
        sumSin += Math.sin(a);
      }
    }
  }
  let cum = 0;
  let p99 = 255;
  for (let v = 0; v < 256; v++) {
    cum += hist[v]!;
    if (cum >= 0.99 * n) {
      p99 = v;
      break;
    }
  }
  return {
    brightChromaP99: p99 / 255,
    brightSaturatedShare: n > 0 ? bright / n : 0,
    brightHueSpread: bright > 0 ? 1 - Math.hypot(sumCos, sumSin) / bright : 0,
  };
}
