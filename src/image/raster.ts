// Small raster operations the front-end runs at working resolution (a few hundred pixels a side).
import sharp from 'sharp';
import { createPlane, type Plane, type RgbImage } from './types.js';

/** Area-averaged downscale (libvips) so that the longer side is at most `maxSide`; returns the input when smaller. */
export async function downscale(image: RgbImage, maxSide: number): Promise<RgbImage> {
  const scale = maxSide / Math.max(image.width, image.height);
  if (scale >= 1) return image;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { kernel: 'linear', fit: 'fill' })
    .raw()
    .toBuffer();
  return { width, height, data: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) };
}

/** Rec. 601 luma in 0..255. */
export function luma(image: RgbImage): Plane {
  const out = createPlane(image.width, image.height);
  const d = image.data;
  for (let i = 0, p = 0; i < out.data.length; i++, p += 3) {
    out.data[i] = 0.299 * (d[p] as number) + 0.587 * (d[p + 1] as number) + 0.114 * (d[p + 2] as number);
  }
  return out;
}

/**
 * Separable box blur with the given radius, applied `passes` times (3 passes approximate a Gaussian). Two planes
 * whatever the number of passes (rows into a scratch plane, columns back into the result): each pass reads only
 * what the previous one wrote, so the values are those of a fresh plane per axis and pass, with less garbage.
 */
// The row pass's output, reused across calls: it never leaves boxBlur, and each row pass overwrites all of it.
let rowScratch = new Float32Array(0);

export function boxBlur(plane: Plane, radius: number, passes = 1): Plane {
  if (passes < 1) return plane;
  const n = plane.width * plane.height;
  if (rowScratch.length < n) rowScratch = new Float32Array(n);
  const rows: Plane = { width: plane.width, height: plane.height, data: rowScratch.subarray(0, n) };
  const result = createPlane(plane.width, plane.height);
  let current = plane;
  for (let p = 0; p < passes; p++) {
    blurRows(current, radius, rows);
    blurColumns(rows, radius, result);
    current = result;
  }
  return current;
}

function blurRows(src: Plane, radius: number, out: Plane): Plane {
  const { width, height, data } = src;
  const window = 2 * radius + 1;
  for (let y = 0; y < height; y++) {
    const base = y * width;
    let sum = 0;
    for (let k = -radius; k <= radius; k++) sum += data[base + clamp(k, 0, width - 1)]!;
    for (let x = 0; x < width; x++) {
      out.data[base + x] = sum / window;
      const add = x + radius + 1 < width ? x + radius + 1 : width - 1;
      const remove = x - radius > 0 ? x - radius : 0;
      sum += data[base + add]! - data[base + remove]!;
    }
  }
  return out;
}

/** The vertical pass as running sums of whole rows: sequential memory access instead of walking down columns. */
function blurColumns(src: Plane, radius: number, out: Plane): Plane {
  const { width, height, data } = src;
  const window = 2 * radius + 1;
  const sums = new Float64Array(width);
  for (let k = -radius; k <= radius; k++) {
    const row = clamp(k, 0, height - 1) * width;
    for (let x = 0; x < width; x++) sums[x] = sums[x]! + data[row + x]!;
  }
  for (let y = 0; y < height; y++) {
    const base = y * width;
    const add = (y + radius + 1 < height ? y + radius + 1 : height - 1) * width;
    const remove = (y - radius > 0 ? y - radius : 0) * width;
    for (let x = 0; x < width; x++) {
      out.data[base + x] = sums[x]! / window;
      sums[x] = sums[x]! + data[add + x]! - data[remove + x]!;
    }
  }
  return out;
}

export interface Gradients {
  readonly gx: Plane;
  readonly gy: Plane;
  readonly magnitude: Plane;
}

/** Sobel gradients (borders replicated). */
export function sobel(plane: Plane): Gradients {
  const { width, height, data } = plane;
  const gx = createPlane(width, height);
  const gy = createPlane(width, height);
  const magnitude = createPlane(width, height);
  for (let y = 0; y < height; y++) {
    const ym = y > 0 ? y - 1 : 0;
    const yp = y < height - 1 ? y + 1 : y;
    for (let x = 0; x < width; x++) {
      const xm = x > 0 ? x - 1 : 0;
      const xp = x < width - 1 ? x + 1 : x;
      const a = data[ym * width + xm] as number, b = data[ym * width + x] as number, c = data[ym * width + xp] as number;
      const d = data[y * width + xm] as number, f = data[y * width + xp] as number;
      const g = data[yp * width + xm] as number, h = data[yp * width + x] as number, k = data[yp * width + xp] as number;
      const sx = c + 2 * f + k - a - 2 * d - g;
      const sy = g + 2 * h + k - a - 2 * b - c;
      const i = y * width + x;
      gx.data[i] = sx;
      gy.data[i] = sy;
      magnitude.data[i] = Math.sqrt(sx * sx + sy * sy);
    }
  }
  return { gx, gy, magnitude };
}

/** Bilinear sample of a plane at (x, y); coordinates are clamped to the plane. */
export function sampleBilinear(plane: Plane, x: number, y: number): number {
  const { width, height, data } = plane;
  const cx = clamp(x, 0, width - 1);
  const cy = clamp(y, 0, height - 1);
  const x0 = Math.floor(cx), y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, width - 1), y1 = Math.min(y0 + 1, height - 1);
  const fx = cx - x0, fy = cy - y0;
  const top = (data[y0 * width + x0] as number) * (1 - fx) + (data[y0 * width + x1] as number) * fx;
  const bottom = (data[y1 * width + x0] as number) * (1 - fx) + (data[y1 * width + x1] as number) * fx;
  return top * (1 - fy) + bottom * fy;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
