// The raster types every feature takes: one Float32Array per channel on the 0..255 scale of the 8-bit input, so
// noise levels, JPEG quantisation steps and thresholds read in familiar grey-level units.
// Input is interleaved 8-bit pixels as sharp's raw output gives them (src/image/decode.ts); nothing here decodes.
import type { RgbImage } from '../image/types.js';

/**
 * Interleaved 8-bit pixels: 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) channels, row-major, no padding.
 * `channels` may be omitted (src/image's RgbImage has none): it is then data.length / (width * height).
 */
export interface InterleavedImage {
  readonly width: number;
  readonly height: number;
  readonly channels?: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

function channelsOf(image: InterleavedImage): number {
  return image.channels ?? image.data.length / (image.width * image.height);
}

/** One channel, row-major, values nominally 0..255 (derived planes such as opponent colour may be negative). */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Three colour planes of the same size, sRGB-encoded 0..255 (not linear light). */
export interface RgbPlanes {
  readonly width: number;
  readonly height: number;
  readonly r: Float32Array;
  readonly g: Float32Array;
  readonly b: Float32Array;
}

export function createPlane(width: number, height: number): Plane {
  assertSize(width, height);
  return { width, height, data: new Float32Array(width * height) };
}

function assertSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`plane size must be positive integers, got ${width}x${height}`);
  }
}

function assertInterleaved(image: InterleavedImage): number {
  assertSize(image.width, image.height);
  const channels = channelsOf(image);
  if (![1, 2, 3, 4].includes(channels)) {
    const given = image.channels === undefined ? `${image.data.length} bytes for ${image.width}x${image.height} pixels` : `${channels}`;
    throw new RangeError(`channels must be 1, 2, 3 or 4 (grey, grey+alpha, RGB, RGBA), got ${given}`);
  }
  const expected = image.width * image.height * channels;
  if (image.data.length !== expected) {
    throw new RangeError(
      `pixel data has ${image.data.length} bytes, expected width*height*channels = ${image.width}*${image.height}*${channels} = ${expected}`,
    );
  }
  return channels;
}

/** Splits interleaved pixels into R, G, B planes; grey input gives three equal planes; alpha is dropped. */
export function toRgbPlanes(image: InterleavedImage): RgbPlanes {
  const channels = assertInterleaved(image);
  const n = image.width * image.height;
  const r = new Float32Array(n);
  const g = new Float32Array(n);
  const b = new Float32Array(n);
  const { data } = image;
  if (channels >= 3) {
    for (let i = 0, j = 0; i < n; i++, j += channels) {
      r[i] = data[j]!;
      g[i] = data[j + 1]!;
      b[i] = data[j + 2]!;
    }
  } else {
    for (let i = 0, j = 0; i < n; i++, j += channels) {
      const v = data[j]!;
      r[i] = v;
      g[i] = v;
      b[i] = v;
    }
  }
  return { width: image.width, height: image.height, r, g, b };
}

/** Luma Y' = 0.299 R + 0.587 G + 0.114 B (BT.601, the weights JPEG uses, so DCT features see the encoder's plane). */
export function lumaFromRgb(rgb: RgbPlanes): Plane {
  const n = rgb.width * rgb.height;
  const out = new Float32Array(n);
  const { r, g, b } = rgb;
  for (let i = 0; i < n; i++) out[i] = 0.299 * r[i]! + 0.587 * g[i]! + 0.114 * b[i]!;
  return { width: rgb.width, height: rgb.height, data: out };
}

/** Luma straight from interleaved pixels, without building the colour planes first. */
export function lumaFromInterleaved(image: InterleavedImage): Plane {
  const channels = assertInterleaved(image);
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const { data } = image;
  if (channels >= 3) {
    for (let i = 0, j = 0; i < n; i++, j += channels) out[i] = 0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!;
  } else {
    for (let i = 0, j = 0; i < n; i++, j += channels) out[i] = data[j]!;
  }
  return { width: image.width, height: image.height, data: out };
}

export function channelPlane(rgb: RgbPlanes, channel: 'r' | 'g' | 'b'): Plane {
  return { width: rgb.width, height: rgb.height, data: rgb[channel] };
}

/**
 * Opponent colour planes: o1 = (R - G) / sqrt 2 (red-green), o2 = (R + G - 2B) / sqrt 6 (yellow-blue),
 * o3 = (R + G + B) / sqrt 3 (intensity). Orthonormal, so noise keeps its level in every plane.
 */
export function opponentPlanes(rgb: RgbPlanes): { o1: Plane; o2: Plane; o3: Plane } {
  const n = rgb.width * rgb.height;
  const o1 = new Float32Array(n);
  const o2 = new Float32Array(n);
  const o3 = new Float32Array(n);
  const { r, g, b } = rgb;
  const s2 = 1 / Math.SQRT2;
  const s6 = 1 / Math.sqrt(6);
  const s3 = 1 / Math.sqrt(3);
  for (let i = 0; i < n; i++) {
    const R = r[i]!;
    const G = g[i]!;
    const B = b[i]!;
    o1[i] = (R - G) * s2;
    o2[i] = (R + G - 2 * B) * s6;
    o3[i] = (R + G + B) * s3;
  }
  const w = rgb.width;
  const h = rgb.height;
  return { o1: { width: w, height: h, data: o1 }, o2: { width: w, height: h, data: o2 }, o3: { width: w, height: h, data: o3 } };
}

/**
 * Subtractive CMY planes (C = 255 - R, ...): ink amounts of a colour print, where each AM halftone screen
 * (cyan 15 deg, magenta 75 deg, yellow 0 deg) shows its own spectral peaks.
 */
export function cmyPlanes(rgb: RgbPlanes): { c: Plane; m: Plane; y: Plane } {
  const n = rgb.width * rgb.height;
  const c = new Float32Array(n);
  const m = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    c[i] = 255 - rgb.r[i]!;
    m[i] = 255 - rgb.g[i]!;
    y[i] = 255 - rgb.b[i]!;
  }
  const w = rgb.width;
  const h = rgb.height;
  return { c: { width: w, height: h, data: c }, m: { width: w, height: h, data: m }, y: { width: w, height: h, data: y } };
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function assertRectInside(rect: Rect, width: number, height: number): void {
  const { x, y } = rect;
  const ok = [x, y, rect.width, rect.height].every(Number.isInteger) && x >= 0 && y >= 0 && rect.width >= 1 && rect.height >= 1 &&
    x + rect.width <= width && y + rect.height <= height;
  if (!ok) {
    throw new RangeError(
      `crop ${rect.width}x${rect.height} at (${rect.x}, ${rect.y}) must be integers inside the ${width}x${height} plane`,
    );
  }
}

/**
 * BT.601 luma (the weights JPEG encoders quantise) of a rectangle of interleaved 8-bit RGB, straight from the
 * pixels (the JPEG and noise cues read the upload itself, without building colour planes). The rectangle must lie
 * inside the image.
 */
export function lumaOfRect(image: RgbImage, rect: Rect): Plane {
  const out = new Float32Array(rect.width * rect.height);
  const { width: iw, data } = image;
  for (let y = 0; y < rect.height; y++) {
    let s = ((rect.y + y) * iw + rect.x) * 3;
    const o = y * rect.width;
    for (let x = 0; x < rect.width; x++, s += 3) out[o + x] = 0.299 * data[s]! + 0.587 * data[s + 1]! + 0.114 * data[s + 2]!;
  }
  return { width: rect.width, height: rect.height, data: out };
}

/** Copies a rectangle out of a plane (the copy is contiguous, so later features can run on it directly). */
export function cropPlane(plane: Plane, rect: Rect): Plane {
  assertRectInside(rect, plane.width, plane.height);
  const out = new Float32Array(rect.width * rect.height);
  for (let row = 0; row < rect.height; row++) {
    const start = (rect.y + row) * plane.width + rect.x;
    out.set(plane.data.subarray(start, start + rect.width), row * rect.width);
  }
  return { width: rect.width, height: rect.height, data: out };
}

export function cropRgb(rgb: RgbPlanes, rect: Rect): RgbPlanes {
  const r = cropPlane(channelPlane(rgb, 'r'), rect);
  const g = cropPlane(channelPlane(rgb, 'g'), rect);
  const b = cropPlane(channelPlane(rgb, 'b'), rect);
  return { width: rect.width, height: rect.height, r: r.data, g: g.data, b: b.data };
}

/**
 * Box downsampling by an integer factor: each output pixel is the mean of a factor x factor block (an
 * anti-aliasing low-pass, unlike plain decimation). Trailing rows / columns that do not fill a block are dropped.
 */
export function downsampleBox(plane: Plane, factor: number): Plane {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`downsampling factor must be a positive integer, got ${factor}`);
  if (factor === 1) return { width: plane.width, height: plane.height, data: plane.data.slice() };
  const w = Math.floor(plane.width / factor);
  const h = Math.floor(plane.height / factor);
  if (w < 1 || h < 1) throw new RangeError(`factor ${factor} is larger than the ${plane.width}x${plane.height} plane`);
  const out = new Float32Array(w * h);
  const src = plane.data;
  const sw = plane.width;
  const norm = 1 / (factor * factor);
  for (let oy = 0; oy < h; oy++) {
    const outRow = oy * w;
    for (let dy = 0; dy < factor; dy++) {
      const srcRow = (oy * factor + dy) * sw;
      for (let ox = 0; ox < w; ox++) {
        let s = 0;
        const base = srcRow + ox * factor;
        for (let dx = 0; dx < factor; dx++) s += src[base + dx]!;
        out[outRow + ox]! += s;
      }
    }
  }
  for (let i = 0; i < out.length; i++) out[i]! *= norm;
  return { width: w, height: h, data: out };
}

/** Mean and standard deviation of a plane (population), used by several features for normalisation. */
export function planeMeanStd(plane: Plane): { mean: number; std: number } {
  const d = plane.data;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    s += v;
    s2 += v * v;
  }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(Math.max(0, s2 / d.length - mean * mean)) };
}
