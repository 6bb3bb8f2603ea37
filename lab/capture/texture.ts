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

/** a / 255 for each 8-bit alpha: the quotients the two tables below (and so every level) are built from. */
const ALPHA = Float64Array.from({ length: 256 }, (_, a) => a / 255);

/**
 * Premultiplied linear value of an 8-bit texel, indexed (alpha << 8) | code: the float32 a float level holds for it
 * (linear(code) * a / 255 rounded to float32), so an 8-bit level samples to exactly the values of its float copy.
 */
const PREMULTIPLIED = (() => {
  const t = new Float32Array(256 * 256);
  for (let a = 0; a < 256; a++) for (let c = 0; c < 256; c++) t[(a << 8) | c] = SRGB_TO_LINEAR[c]! * ALPHA[a]!;
  return t;
})();
/** a / 255 as the float32 a float level holds for it. */
const ALPHA32 = Float32Array.from(ALPHA);

interface Level {
  readonly width: number;
  readonly height: number;
  /** Premultiplied linear RGBA. */
  readonly data: Float32Array;
}

/**
 * A raster texture with a box-filtered mip pyramid; texel (i, j) covers [i, i+1)/pxPerMm mm. A texture made from
 * 8-bit sRGB keeps its full-resolution level as those bytes (a quarter of the memory of float RGBA, and no pass to
 * expand it) and converts the four texels of a bilinear lookup through a table; the smaller levels are floats.
 */
export class MipTexture implements SurfaceTexture {
  private readonly levels: Level[];
  /** The full-resolution level as 8-bit sRGB RGBA (straight alpha), or null when levels[0] holds it as floats. */
  private readonly base8: Rgba8 | null;

  private constructor(base: Level | Rgba8, readonly pxPerMm: number) {
    let cur: Level;
    if (base.data instanceof Float32Array) {
      cur = base as Level;
      this.base8 = null;
    } else {
      this.base8 = base as Rgba8;
      // levels[0] is a size-only placeholder: sample() reads base8 for level 0.
      cur = { width: base.width, height: base.height, data: new Float32Array(0) };
    }
    this.levels = [cur];
    if (this.base8 && cur.width > 1 && cur.height > 1) {
      cur = halve8(this.base8);
      this.levels.push(cur);
    }
    while (cur.width > 1 && cur.height > 1 && this.levels.length < 12) {
      cur = halve(cur);
      this.levels.push(cur);
    }
  }

  /** From 8-bit sRGB RGBA with straight alpha (copied: the caller may reuse its image). */
  static fromRgba8(img: Rgba8, pxPerMm: number): MipTexture {
    return new MipTexture({ width: img.width, height: img.height, data: img.data.slice() }, pxPerMm);
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
    if (li === 0 && this.base8) return sample8(this.base8, u * s - 0.5, v * s - 0.5, out);
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

/** Bilinear lookup at texel coordinates (x, y) of an 8-bit level, with the arithmetic of the float levels. */
function sample8(lv: Rgba8, x: number, y: number, out: Float32Array): number {
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
  const a00 = d[i00 + 3]!;
  const a10 = d[i10 + 3]!;
  const a01 = d[i01 + 3]!;
  const a11 = d[i11 + 3]!;
  const a = ALPHA32[a00]! * w00 + ALPHA32[a10]! * w10 + ALPHA32[a01]! * w01 + ALPHA32[a11]! * w11;
  if (a <= 1e-6) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    return 0;
  }
  const inv = 1 / a;
  const p00 = a00 << 8;
  const p10 = a10 << 8;
  const p01 = a01 << 8;
  const p11 = a11 << 8;
  const P = PREMULTIPLIED;
  out[0] = (P[p00 | d[i00]!]! * w00 + P[p10 | d[i10]!]! * w10 + P[p01 | d[i01]!]! * w01 + P[p11 | d[i11]!]! * w11) * inv;
  out[1] = (P[p00 | d[i00 + 1]!]! * w00 + P[p10 | d[i10 + 1]!]! * w10 + P[p01 | d[i01 + 1]!]! * w01 + P[p11 | d[i11 + 1]!]! * w11) * inv;
  out[2] = (P[p00 | d[i00 + 2]!]! * w00 + P[p10 | d[i10 + 2]!]! * w10 + P[p01 | d[i01 + 2]!]! * w01 + P[p11 | d[i11 + 2]!]! * w11) * inv;
  return a;
}

/** Level 1 straight from 8-bit level 0: the 2 x 2 mean of the texels' premultiplied float32 values, as halve() does. */
function halve8(src: Rgba8): Level {
  const sw = src.width;
  const shh = src.height;
  const w = Math.max(1, sw >> 1);
  const h = Math.max(1, shh >> 1);
  const out = new Float32Array(w * h * 4);
  const sd = src.data;
  const P = PREMULTIPLIED;
  for (let y = 0; y < h; y++) {
    const y0 = Math.min(shh - 1, y * 2);
    const y1 = Math.min(shh - 1, y * 2 + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.min(sw - 1, x * 2);
      const x1 = Math.min(sw - 1, x * 2 + 1);
      const o = (y * w + x) * 4;
      const a = (y0 * sw + x0) * 4;
      const b = (y0 * sw + x1) * 4;
      const c = (y1 * sw + x0) * 4;
      const d = (y1 * sw + x1) * 4;
      const pa = sd[a + 3]! << 8;
      const pb = sd[b + 3]! << 8;
      const pc = sd[c + 3]! << 8;
      const pd = sd[d + 3]! << 8;
      out[o] = 0.25 * (P[pa | sd[a]!]! + P[pb | sd[b]!]! + P[pc | sd[c]!]! + P[pd | sd[d]!]!);
      out[o + 1] = 0.25 * (P[pa | sd[a + 1]!]! + P[pb | sd[b + 1]!]! + P[pc | sd[c + 1]!]! + P[pd | sd[d + 1]!]!);
      out[o + 2] = 0.25 * (P[pa | sd[a + 2]!]! + P[pb | sd[b + 2]!]! + P[pc | sd[c + 2]!]! + P[pd | sd[d + 2]!]!);
      out[o + 3] = 0.25 * (ALPHA32[pa >> 8]! + ALPHA32[pb >> 8]! + ALPHA32[pc >> 8]! + ALPHA32[pd >> 8]!);
    }
  }
  return { width: w, height: h, data: out };
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
