// Test helpers: decode an encoded lab image and read pixels / luminance.
import sharp from 'sharp';
import { homographyFromQuads, applyHomography } from '../../lab/capture/geometry.js';
import type { LabQuad } from '../../lab/types.js';

export interface Decoded {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export async function decode(bytes: Uint8Array): Promise<Decoded> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Mean luma of a (2r+1)^2 window, or null when it leaves the image. */
export function lumaAt(img: Decoded, x: number, y: number, r = 1): number | null {
  const cx = Math.round(x);
  const cy = Math.round(y);
  if (cx - r < 0 || cy - r < 0 || cx + r >= img.width || cy + r >= img.height) return null;
  let s = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const o = ((cy + dy) * img.width + cx + dx) * 3;
      s += 0.299 * img.data[o]! + 0.587 * img.data[o + 1]! + 0.114 * img.data[o + 2]!;
    }
  }
  return s / (2 * r + 1) ** 2;
}

/** Maps document-relative coordinates (0..1, 0..1) to image pixels through the ground-truth quad. */
export function quadMapper(quad: LabQuad): (fx: number, fy: number) => readonly [number, number] {
  const h = homographyFromQuads([[0, 0], [1, 0], [1, 1], [0, 1]], quad);
  return (fx, fy) => applyHomography(h, fx, fy);
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
