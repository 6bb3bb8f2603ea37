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

/** Separable box blur with the given radius, applied `passes` times (3 passes approximate a Gaussian). */
export function boxBlur(plane: Plane, radius: number, passes = 1): Plane {
  let current = plane;
  for (let p = 0; p < passes; p++) current = blurAxis(blurAxis(current, radius, true), radius, false);
  return current;
}

function blurAxis(src: Plane, radius: number, horizontal: boolean): Plane {
  const { width, height } = src;
  const out = createPlane(width, height);
  const lines = horizontal ? height : width;
  const length = horizontal ? width : height;
  const step = horizontal ? 1 : width;
  const window = 2 * radius + 1;
  for (let l = 0; l < lines; l++) {
    const base = horizontal ? l * width : l;
    let sum = 0;
    for (let k = -radius; k <= radius; k++) sum += src.data[base + clamp(k, 0, length - 1) * step] as number;
    for (let i = 0; i < length; i++) {
      out.data[base + i * step] = sum / window;
      const add = clamp(i + radius + 1, 0, length - 1);
      const remove = clamp(i - radius, 0, length - 1);
      sum += (src.data[base + add * step] as number) - (src.data[base + remove * step] as number);
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
      magnitude.data[i] = Math.hypot(sx, sy);
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
