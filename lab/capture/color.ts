// Colour helpers: sRGB transfer function, illuminant colours from correlated colour temperature.

/** 8-bit sRGB code value -> linear light. */
export const SRGB_TO_LINEAR = (() => {
  const lut = new Float32Array(256);
  for (let i = 0; i < 256; i++) {
    const c = i / 255;
    lut[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  return lut;
})();

const ENCODE_STEPS = 4096;
/** Linear light in [0, 1] sampled at 4096 steps -> 8-bit sRGB code value. */
const LINEAR_TO_SRGB8 = (() => {
  const lut = new Uint8Array(ENCODE_STEPS + 1);
  for (let i = 0; i <= ENCODE_STEPS; i++) {
    const l = i / ENCODE_STEPS;
    const c = l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055;
    lut[i] = Math.round(Math.min(1, Math.max(0, c)) * 255);
  }
  return lut;
})();

export function linearToSrgb8(l: number): number {
  if (!(l > 0)) return 0;
  if (l >= 1) return 255;
  return LINEAR_TO_SRGB8[(l * ENCODE_STEPS + 0.5) | 0]!;
}

export type Rgb = [number, number, number];

/** CIE xy chromaticity of the Planckian (or daylight) illuminant at `kelvin` (Kim et al. cubic spline, 1667-25000 K). */
export function planckianXy(kelvin: number): [number, number] {
  const t = Math.min(25000, Math.max(1667, kelvin));
  const x = t <= 4000
    ? -0.2661239e9 / t ** 3 - 0.234358e6 / t ** 2 + 0.8776956e3 / t + 0.17991
    : -3.0258469e9 / t ** 3 + 2.1070379e6 / t ** 2 + 0.2226347e3 / t + 0.24039;
  let y: number;
  if (t <= 2222) y = -1.1063814 * x ** 3 - 1.3481102 * x ** 2 + 2.18555832 * x - 0.20219683;
  else if (t <= 4000) y = -0.9549476 * x ** 3 - 1.37418593 * x ** 2 + 2.09137015 * x - 0.16748867;
  else y = 3.081758 * x ** 3 - 5.8733867 * x ** 2 + 3.75112997 * x - 0.37001483;
  return [x, y];
}

/** Linear sRGB colour of an illuminant of the given CCT, scaled so its luminance is 1. */
export function illuminantRgb(kelvin: number): Rgb {
  const [x, y] = planckianXy(kelvin);
  const X = x / y;
  const Z = (1 - x - y) / y;
  const r = 3.2406 * X - 1.5372 - 0.4986 * Z;
  const g = -0.9689 * X + 1.8758 + 0.0415 * Z;
  const b = 0.0557 * X - 0.204 + 1.057 * Z;
  // Relative to D65 (which maps to ~[1,1,1]) so 6500 K is neutral; clamp tiny negatives at very low CCT.
  const [xr, xg, xb] = d65Rgb;
  const out: Rgb = [Math.max(0.02, r / xr), Math.max(0.02, g / xg), Math.max(0.02, b / xb)];
  return unitLuminance(out);
}

const d65Rgb: Rgb = (() => {
  const x = 0.3127;
  const y = 0.329;
  const X = x / y;
  const Z = (1 - x - y) / y;
  return [3.2406 * X - 1.5372 - 0.4986 * Z, -0.9689 * X + 1.8758 + 0.0415 * Z, 0.0557 * X - 0.204 + 1.057 * Z];
})();

export function luminance(r: number, g: number, b: number): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The colour scaled to luminance 1 (a light's or an AWB estimate's colour without its level). */
export function unitLuminance(c: Rgb): Rgb {
  const lum = luminance(c[0], c[1], c[2]);
  return [c[0] / lum, c[1] / lum, c[2] / lum];
}

/** Hue in [0, 1) -> saturated linear RGB (for thin-film / diffraction colours of holograms). */
export function spectralHue(h: number): Rgb {
  const f = (n: number): number => {
    const k = (n + h * 6) % 6;
    return Math.max(0, Math.min(1, Math.min(k, 4 - k)));
  };
  return [f(5), f(3), f(1)];
}
