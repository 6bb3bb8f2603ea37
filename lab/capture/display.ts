// Display model for screen replays: a pixel grid of coloured sub-pixels (RGB stripe or PenTile RGBG) with its
// own gamma, white point, brightness and black level. The screen is an emissive surface of the scene; its texture
// integrates the sub-pixel rectangles analytically over each camera sub-sample's footprint, so the camera samples
// the real sub-pixel grid and moiré arises from aliasing, not from a painted pattern.
import type { Rng } from '../rng.js';
import { illuminantRgb, SRGB_TO_LINEAR } from './color.js';
import type { SurfaceTexture } from './texture.js';
import { MipTexture } from './texture.js';

export type DisplayClass = 'phone' | 'tablet' | 'laptop' | 'monitor';
export type SubpixelLayout = 'rgb-stripe' | 'bgr-stripe' | 'pentile-rgbg';

export interface DisplayModel {
  readonly displayClass: DisplayClass;
  readonly name: string;
  readonly ppi: number;
  /** Pixel pitch in mm (25.4 / ppi). */
  readonly pitchMm: number;
  /** Native resolution in the orientation used (columns x rows). */
  readonly cols: number;
  readonly rows: number;
  readonly layout: SubpixelLayout;
  readonly gamma: number;
  readonly whitePointK: number;
  /** Peak luminance relative to a white paper under the room's key light (emitted light does not follow the lamp). */
  readonly brightness: number;
  /** Black level as a fraction of white (LCD backlight bleed ~0.001-0.004, more off-axis; OLED ~0). */
  readonly blackLevel: number;
  /** Fraction of the pixel width/height that the sub-pixels' emitting area fills (the rest is black matrix). */
  readonly fillX: number;
  readonly fillY: number;
  /** Wide-gamut panel (Display P3): sRGB content shown more saturated without colour management. */
  readonly wideGamut: boolean;
  readonly bezelMm: number;
  readonly screenCornerRadiusMm: number;
  readonly bodyColor: readonly [number, number, number];
  /** Glass reflectance at normal incidence: glossy phone glass ~0.04, anti-glare laptop/monitor matte ~0.01. */
  readonly glassReflectance: number;
}

interface ModelSpec {
  readonly cls: DisplayClass;
  readonly name: string;
  readonly ppi: readonly [number, number];
  readonly res: readonly (readonly [number, number])[];
  readonly layouts: readonly SubpixelLayout[];
}

const SPECS: readonly ModelSpec[] = [
  { cls: 'phone', name: 'OLED phone', ppi: [400, 560], res: [[1080, 2400], [1170, 2532], [1284, 2778], [1440, 3200], [1080, 2340]], layouts: ['pentile-rgbg'] },
  { cls: 'phone', name: 'LCD phone', ppi: [400, 480], res: [[1080, 2400], [828, 1792], [720, 1600]], layouts: ['rgb-stripe'] },
  { cls: 'tablet', name: 'tablet', ppi: [260, 330], res: [[1620, 2160], [1640, 2360], [1200, 2000], [1536, 2048]], layouts: ['rgb-stripe'] },
  { cls: 'laptop', name: 'laptop', ppi: [130, 250], res: [[1920, 1080], [2560, 1600], [1366, 768], [2880, 1800]], layouts: ['rgb-stripe', 'bgr-stripe'] },
  { cls: 'monitor', name: 'monitor', ppi: [90, 165], res: [[1920, 1080], [2560, 1440], [3840, 2160]], layouts: ['rgb-stripe', 'rgb-stripe', 'bgr-stripe'] },
];

export function drawDisplay(rng: Rng, forceClass?: DisplayClass): DisplayModel {
  const cls = forceClass ?? rng.weighted([['phone', 0.4], ['tablet', 0.15], ['laptop', 0.25], ['monitor', 0.2]] as const);
  const spec = rng.pick(SPECS.filter((s) => s.cls === cls));
  const ppi = rng.uniform(spec.ppi[0], spec.ppi[1]);
  const [a, b] = rng.pick(spec.res);
  // Phones and tablets are turned to landscape to show a card; laptops and monitors are landscape already.
  const landscape = cls === 'laptop' || cls === 'monitor' || rng.bool(0.7);
  const cols = landscape ? Math.max(a, b) : Math.min(a, b);
  const rows = landscape ? Math.min(a, b) : Math.max(a, b);
  const layout = rng.pick(spec.layouts);
  const oled = layout === 'pentile-rgbg';
  return {
    displayClass: cls,
    name: spec.name,
    ppi,
    pitchMm: 25.4 / ppi,
    cols,
    rows,
    layout,
    gamma: rng.uniform(2.0, 2.4),
    whitePointK: rng.uniform(6500, 9000),
    brightness: rng.uniform(0.8, 3.5),
    blackLevel: oled ? rng.uniform(0, 0.0005) : rng.uniform(0.001, 0.006),
    fillX: oled ? rng.uniform(0.55, 0.75) : rng.uniform(0.75, 0.92),
    fillY: oled ? rng.uniform(0.55, 0.75) : rng.uniform(0.7, 0.9),
    wideGamut: oled || rng.bool(0.3),
    bezelMm: cls === 'phone' ? rng.uniform(1.5, 4) : cls === 'tablet' ? rng.uniform(5, 10) : rng.uniform(4, 12),
    screenCornerRadiusMm: cls === 'phone' ? rng.uniform(4, 9) : cls === 'tablet' ? rng.uniform(5, 12) : 0,
    bodyColor: rng.pick([[0.015, 0.015, 0.017], [0.03, 0.03, 0.032], [0.35, 0.35, 0.36], [0.2, 0.19, 0.18]] as const),
    glassReflectance: cls === 'phone' || cls === 'tablet' ? rng.uniform(0.035, 0.05) : rng.bool(0.5) ? rng.uniform(0.008, 0.015) : rng.uniform(0.035, 0.045),
  };
}

interface Subpixel {
  readonly ch: 0 | 1 | 2;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  /** 1 / (mean emitting area of this channel per pixel): keeps each channel's pixel-average equal to its value. */
  readonly weight: number;
}

/** Sub-pixel rectangles (in pixel units) for the four pixels of a 2 x 2 tile, index (row & 1) * 2 + (col & 1). */
export function subpixelTile(layout: SubpixelLayout, fillX: number, fillY: number): Subpixel[][] {
  const gy0 = (1 - fillY) / 2;
  const gy1 = 1 - gy0;
  if (layout === 'pentile-rgbg') {
    // RGBG: every pixel has a small green; red and blue (larger) alternate along rows and columns.
    const big = fillX * 0.62;
    const small = fillX * 0.38;
    const bigH = fillY;
    const smallH = fillY * 0.7;
    const areaBig = big * bigH;
    const areaG = small * smallH;
    const make = (ch: 0 | 2): Subpixel[] => [
      { ch, x0: (1 - fillX) / 2, x1: (1 - fillX) / 2 + big, y0: (1 - bigH) / 2, y1: (1 + bigH) / 2, weight: 2 / areaBig },
      { ch: 1, x0: (1 - fillX) / 2 + big, x1: (1 + fillX) / 2, y0: (1 - smallH) / 2, y1: (1 + smallH) / 2, weight: 1 / areaG },
    ];
    return [make(0), make(2), make(2), make(0)];
  }
  const w = fillX / 3;
  const gap = (1 - fillX) / 3;
  const order: (0 | 1 | 2)[] = layout === 'rgb-stripe' ? [0, 1, 2] : [2, 1, 0];
  const px: Subpixel[] = order.map((ch, k) => ({ ch, x0: gap / 2 + k * (w + gap), x1: gap / 2 + k * (w + gap) + w, y0: gy0, y1: gy1, weight: 1 / (w * fillY) }));
  return [px, px, px, px];
}

/** Emitted linear radiance of each screen pixel for an sRGB framebuffer. */
export function emissionBuffer(model: DisplayModel, framebuffer: Uint8ClampedArray): Float32Array {
  const n = model.cols * model.rows;
  const out = new Float32Array(n * 3);
  const wp = illuminantRgb(model.whitePointK);
  const lut = new Float32Array(256);
  for (let i = 0; i < 256; i++) lut[i] = model.blackLevel + (1 - model.blackLevel) * (i / 255) ** model.gamma;
  // Without colour management a wide-gamut panel shows sRGB values on wider primaries: more saturated colours.
  const sat = model.wideGamut ? 1.18 : 1;
  const k = model.brightness;
  for (let i = 0; i < n; i++) {
    const r = lut[framebuffer[i * 4]!]!;
    const g = lut[framebuffer[i * 4 + 1]!]!;
    const b = lut[framebuffer[i * 4 + 2]!]!;
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    out[i * 3] = Math.max(0, (y + (r - y) * sat) * wp[0] * k);
    out[i * 3 + 1] = Math.max(0, (y + (g - y) * sat) * wp[1] * k);
    out[i * 3 + 2] = Math.max(0, (y + (b - y) * sat) * wp[2] * k);
  }
  return out;
}

/** The screen as a surface texture in mm (origin at the active area's top-left). */
export class ScreenTexture implements SurfaceTexture {
  /** Per tile entry: flattened [channel, x0, x1, y0, y1, weight] records (typed, for the inner loop). */
  private readonly tile: Float64Array[];
  private average: MipTexture | null = null;
  private readonly inv: number;
  /** Scratch overlaps per column / row and sub-pixel (the footprint spans at most 6 pixels before the far path). */
  private readonly ox = new Float64Array(8 * 4);
  private readonly oy = new Float64Array(8 * 4);

  constructor(private readonly model: DisplayModel, private readonly emission: Float32Array) {
    this.tile = subpixelTile(model.layout, model.fillX, model.fillY).map((subs) => Float64Array.from(subs.flatMap((q) => [q.ch, q.x0, q.x1, q.y0, q.y1, q.weight])));
    this.inv = 1 / model.pitchMm;
  }

  /** Far away the sub-pixels average out: a mip pyramid of the pixel values, built on first need. */
  private averageTexture(): MipTexture {
    if (!this.average) {
      const n = this.model.cols * this.model.rows;
      const rgba = new Float32Array(n * 4);
      const emission = this.emission;
      for (let i = 0; i < n; i++) {
        rgba[i * 4] = emission[i * 3]!;
        rgba[i * 4 + 1] = emission[i * 3 + 1]!;
        rgba[i * 4 + 2] = emission[i * 3 + 2]!;
        rgba[i * 4 + 3] = 1;
      }
      this.average = MipTexture.fromLinear(this.model.cols, this.model.rows, rgba, this.inv);
    }
    return this.average;
  }

  sample(u: number, v: number, hu: number, hv: number, out: Float32Array): number {
    const inv = this.inv;
    const x = u * inv;
    const y = v * inv;
    const hx = Math.max(1e-4, hu * inv);
    const hy = Math.max(1e-4, hv * inv);
    const cols = this.model.cols;
    const rows = this.model.rows;
    if (x < 0 || y < 0 || x >= cols || y >= rows) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      return 1; // inside the glass but outside the active area: black matrix border
    }
    if (hx > 2 || hy > 2) {
      this.averageTexture().sample(u, v, hu, hv, out);
      return 1;
    }
    const xa = x - hx;
    const xb = x + hx;
    const ya = y - hy;
    const yb = y + hy;
    let r = 0;
    let g = 0;
    let b = 0;
    const e = this.emission;
    const i0 = Math.max(0, Math.floor(xa));
    const i1 = Math.min(cols - 1, Math.floor(xb));
    const j0 = Math.max(0, Math.floor(ya));
    const j1 = Math.min(rows - 1, Math.floor(yb));
    // Overlaps are separable: the x-extent of sub-pixel k depends only on the column, its y-extent only on the row
    // (its geometry is the same in every pixel of the tile; only its colour alternates in PenTile).
    const tile = this.tile;
    const K = tile[0]!.length / 6;
    const ox = this.ox;
    const oy = this.oy;
    const geo = tile[0]!;
    for (let i = i0; i <= i1; i++) {
      for (let k = 0; k < K; k++) {
        const v = Math.min(xb, i + geo[k * 6 + 2]!) - Math.max(xa, i + geo[k * 6 + 1]!);
        ox[(i - i0) * K + k] = v > 0 ? v : 0;
      }
    }
    for (let j = j0; j <= j1; j++) {
      for (let k = 0; k < K; k++) {
        const v = Math.min(yb, j + geo[k * 6 + 4]!) - Math.max(ya, j + geo[k * 6 + 3]!);
        oy[(j - j0) * K + k] = v > 0 ? v : 0;
      }
    }
    for (let j = j0; j <= j1; j++) {
      const oyRow = (j - j0) * K;
      for (let i = i0; i <= i1; i++) {
        const subs = tile[((j & 1) << 1) | (i & 1)]!;
        const o = (j * cols + i) * 3;
        const oxCol = (i - i0) * K;
        for (let k = 0; k < K; k++) {
          const w = ox[oxCol + k]! * oy[oyRow + k]!;
          if (w === 0) continue;
          const ch = subs[k * 6]!;
          const ww = w * subs[k * 6 + 5]!;
          if (ch === 0) r += e[o]! * ww;
          else if (ch === 1) g += e[o + 1]! * ww;
          else b += e[o + 2]! * ww;
        }
      }
    }
    const norm = 1 / (4 * hx * hy);
    out[0] = r * norm;
    out[1] = g * norm;
    out[2] = b * norm;
    return 1;
  }
}

/** Uniform-colour texture (device body, bezel). */
export class FlatTexture implements SurfaceTexture {
  constructor(private readonly rgb: readonly [number, number, number]) {}

  sample(_u: number, _v: number, _hu: number, _hv: number, out: Float32Array): number {
    out[0] = this.rgb[0];
    out[1] = this.rgb[1];
    out[2] = this.rgb[2];
    return 1;
  }
}

export function srgbToLinear3(rgb: readonly [number, number, number]): [number, number, number] {
  return [SRGB_TO_LINEAR[rgb[0]]!, SRGB_TO_LINEAR[rgb[1]]!, SRGB_TO_LINEAR[rgb[2]]!];
}
