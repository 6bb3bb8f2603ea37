// Test-only: round-trips a grey plane through sharp's JPEG encoder to give features real compression history.
import sharp from 'sharp';
import { cropPlane, type Plane } from '../../src/features/planes.js';
import { addGaussianNoise, fractalTexture } from './synthetic.js';

export function toGreyBytes(plane: Plane): Buffer {
  const bytes = Buffer.alloc(plane.width * plane.height);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(plane.data[i]!)));
  return bytes;
}

export function fromGreyBytes(bytes: Uint8Array, width: number, height: number): Plane {
  return { width, height, data: Float32Array.from(bytes) };
}

/** Encodes at the given quality (baseline, standard tables, no trellis) and decodes back to a grey plane. */
export async function jpegRoundTrip(plane: Plane, quality: number): Promise<Plane> {
  const jpeg = await sharp(toGreyBytes(plane), { raw: { width: plane.width, height: plane.height, channels: 1 } })
    .jpeg({ quality, chromaSubsampling: '4:4:4' })
    .toBuffer();
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected 1 decoded channel, got ${info.channels}`);
  return fromGreyBytes(data, info.width, info.height);
}

/** Rounds a plane to 8-bit values (what a lossless save such as PNG would keep). */
export function quantise8(plane: Plane): Plane {
  return fromGreyBytes(toGreyBytes(plane), plane.width, plane.height);
}

const ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63];

/** The first (luma) 8-bit quantisation table of a baseline JPEG, in natural order (index v * 8 + u). */
export function lumaQuantTable(jpeg: Uint8Array): number[] {
  let i = 2;
  while (i + 4 <= jpeg.length) {
    const marker = (jpeg[i]! << 8) | jpeg[i + 1]!;
    const length = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    if (marker === 0xffdb) {
      const table = new Array<number>(64);
      for (let k = 0; k < 64; k++) table[ZIGZAG[k]!] = jpeg[i + 5 + k]!;
      return table;
    }
    i += 2 + length;
  }
  throw new Error('no DQT marker found');
}

/** Like jpegRoundTrip, also returning the encoder's luma quantisation table. */
export async function jpegRoundTripWithTable(plane: Plane, quality: number): Promise<{ plane: Plane; table: number[] }> {
  const jpeg = await sharp(toGreyBytes(plane), { raw: { width: plane.width, height: plane.height, channels: 1 } })
    .jpeg({ quality, chromaSubsampling: '4:4:4' })
    .toBuffer();
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { plane: fromGreyBytes(data, info.width, info.height), table: lumaQuantTable(jpeg) };
}

/** A size x size 8-bit textured plane with sensor-like noise: content whose DCT histograms show compression history. */
export function compressibleTexture(size: number, seed: number): Plane {
  return quantise8(cropPlane(addGaussianNoise(fractalTexture(size, size, seed), 3, seed + 1000), { x: 0, y: 0, width: size, height: size }));
}

/** `target` with the w x h rectangle at (x, y) taken from `source` at the same place (an edited field). */
export function withRegionFrom(target: Plane, source: Plane, x: number, y: number, w: number, h: number): Plane {
  const out = target.data.slice();
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[(y + r) * target.width + x + c] = source.data[(y + r) * source.width + x + c]!;
  return { width: target.width, height: target.height, data: out };
}
