// Surface textures: what a surface looks like as a function of its own coordinates (mm), box-filtered over the
// footprint of one camera sub-sample so that minified detail averages instead of aliasing by accident.
import type { Rgba8 } from '../types.js';
import { SRGB_TO_LINEAR } from './color.js';

export interface SurfaceTexture {
  /**
   * Linear RGB reflectance (or emitted radiance) at (u, v) mm averaged over [u-hu, u+hu] x [v-hv, v+hv], written to
   * out[0..2]; returns the covered fraction (alpha) of that footprint.
   */
  sample(u: number, v: number, hu: number, hv: number, out: Float32Array): number;
}

/** a / 255 for each 8-bit alpha (the same quotients, looked up instead of divided per texel). */
const ALPHA = Float64Array.from({ length: 256 }, (_, a) => a / 255);

interface Level {
  readonly width: number;
  readonly height: number;
  /** Premultiplied linear RGBA. */
  readonly data: Float32Array;
}

/** A raster texture with a box-filtered mip pyramid; texel (i, j) covers [i, i+1)/pxPerMm mm. */
export class MipTexture implements SurfaceTexture {
  private readonly levels: Level[];

  constructor(base: Level, readonly pxPerMm: number) {
    this.levels = [base];
    let cur = base;
    while (cur.width > 1 && cur.height > 1 && this.levels.length < 12) {
      cur = halve(cur);
      this.levels.push(cur);
    }
  }

  static fromRgba8(img: Rgba8, pxPerMm: number): MipTexture {
    const n = img.width * img.height;
    const data = new Float32Array(n * 4);
    const src = img.data;
    for (let i = 0; i < n; i++) {
      const a = ALPHA[src[i * 4 + 3]!]!;
      data[i * 4] = SRGB_TO_LINEAR[src[i * 4]!]! * a;
      data[i * 4 + 1] = SRGB_TO_LINEAR[src[i * 4 + 1]!]! * a;
      data[i * 4 + 2] = SRGB_TO_LINEAR[src[i * 4 + 2]!]! * a;
      data[i * 4 + 3] = a;
    }
    return new MipTexture({ width: img.width, height: img.height, data }, pxPerMm);
  }

  /** From premultiplied linear RGBA floats. */
  static fromLinear(width: number, height: number, data: Float32Array, pxPerMm: number): MipTexture {
    return new MipTexture({ width, height, data }, pxPerMm);
  }

  get width(): number {
    return this.levels[0]!.width;
  }

  get height(): number {
    return this.levels[0]!.height;
  }

  sample(u: number, v: number, hu: number, hv: number, out: Float32Array): number {
    const s = this.pxPerMm;
    const filter = 2 * Math.max(hu, hv) * s;
    let li = filter >= 2 ? 31 - Math.clz32(filter | 0) : 0;
    if (li >= this.levels.length) li = this.levels.length - 1;
    const lv = this.levels[li]!;
    const k = s / (1 << li);
    // Bilinear at texel centres.
    let x = u * k - 0.5;
    let y = v * k - 0.5;
    const w = lv.width;
    const h = lv.height;
    if (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      return 0;
    }
    if (x < 0) x = 0;
    if (y < 0) y = 0;
    if (x > w - 1) x = w - 1;
    if (y > h - 1) y = h - 1;
    const x0 = x | 0;
    const y0 = y | 0;
    const fx = x - x0;
    const fy = y - y0;
    const x1 = x0 + 1 < w ? x0 + 1 : x0;
    const y1 = y0 + 1 < h ? y0 + 1 : y0;
    const d = lv.data;
    const i00 = (y0 * w + x0) * 4;
    const i10 = (y0 * w + x1) * 4;
    const i01 = (y1 * w + x0) * 4;
    const i11 = (y1 * w + x1) * 4;
    const w00 = (1 - fx) * (1 - fy);
    const w10 = fx * (1 - fy);
    const w01 = (1 - fx) * fy;
    const w11 = fx * fy;
    const a = d[i00 + 3]! * w00 + d[i10 + 3]! * w10 + d[i01 + 3]! * w01 + d[i11 + 3]! * w11;
    if (a <= 1e-6) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      return 0;
    }
    const inv = 1 / a;
    out[0] = (d[i00]! * w00 + d[i10]! * w10 + d[i01]! * w01 + d[i11]! * w11) * inv;
    out[1] = (d[i00 + 1]! * w00 + d[i10 + 1]! * w10 + d[i01 + 1]! * w01 + d[i11 + 1]! * w11) * inv;
    out[2] = (d[i00 + 2]! * w00 + d[i10 + 2]! * w10 + d[i01 + 2]! * w01 + d[i11 + 2]! * w11) * inv;
    return a;
  }
}

function halve(src: Level): Level {
  const w = Math.max(1, src.width >> 1);
  const h = Math.max(1, src.height >> 1);
  const out = new Float32Array(w * h * 4);
  const sw = src.width;
  const sd = src.data;
  for (let y = 0; y < h; y++) {
    const y0 = Math.min(src.height - 1, y * 2);
    const y1 = Math.min(src.height - 1, y * 2 + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.min(sw - 1, x * 2);
      const x1 = Math.min(sw - 1, x * 2 + 1);
      const o = (y * w + x) * 4;
      const a = (y0 * sw + x0) * 4;
      const b = (y0 * sw + x1) * 4;
      const c = (y1 * sw + x0) * 4;
      const d = (y1 * sw + x1) * 4;
      out[o] = 0.25 * (sd[a]! + sd[b]! + sd[c]! + sd[d]!);
      out[o + 1] = 0.25 * (sd[a + 1]! + sd[b + 1]! + sd[c + 1]! + sd[d + 1]!);
      out[o + 2] = 0.25 * (sd[a + 2]! + sd[b + 2]! + sd[c + 2]! + sd[d + 2]!);
      out[o + 3] = 0.25 * (sd[a + 3]! + sd[b + 3]! + sd[c + 3]! + sd[d + 3]!);
    }
  }
  return { width: w, height: h, data: out };
}
