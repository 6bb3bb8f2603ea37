// What the phone (or the messenger it was sent through) writes: a JPEG at phone quality with camera EXIF, or a
// downscaled, re-encoded JPEG with the metadata stripped.
import sharp from 'sharp';
import type { Rng } from '../rng.js';
import type { DevelopedImage } from './sensor.js';

export interface EncodeChoice {
  readonly path: 'phone' | 'messenger';
  readonly quality: number;
  /** Long side after the messenger's downscale (null = unchanged). */
  readonly longSide: number | null;
  readonly phoneModel: readonly [string, string];
}

const PHONES: readonly (readonly [string, string])[] = [
  ['Apple', 'iPhone 12'], ['Apple', 'iPhone 13 mini'], ['Apple', 'iPhone 14 Pro'], ['Apple', 'iPhone SE (2nd generation)'],
  ['samsung', 'SM-G991B'], ['samsung', 'SM-A525F'], ['samsung', 'SM-S911B'], ['Google', 'Pixel 6a'], ['Google', 'Pixel 7'],
  ['Xiaomi', 'Redmi Note 10 Pro'], ['Xiaomi', '2201117TG'], ['OnePlus', 'LE2113'], ['motorola', 'moto g(60)'], ['HUAWEI', 'ELS-NX9'],
];

export function drawEncoding(rng: Rng, longSide: number): EncodeChoice {
  const messenger = rng.bool(0.25);
  return {
    path: messenger ? 'messenger' : 'phone',
    quality: messenger ? rng.int(70, 80) : rng.int(85, 95),
    longSide: messenger && longSide > 1600 ? 1600 : null,
    phoneModel: rng.pick(PHONES),
  };
}

export async function encodeCapture(img: DevelopedImage, choice: EncodeChoice): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  let pipeline = sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), { raw: { width: img.width, height: img.height, channels: 3 } });
  let width = img.width;
  let height = img.height;
  if (choice.longSide !== null) {
    const scale = choice.longSide / Math.max(width, height);
    width = Math.round(width * scale);
    height = Math.round(height * scale);
    pipeline = pipeline.resize(width, height, { kernel: 'lanczos3' });
  }
  pipeline = pipeline.jpeg({ quality: choice.quality, chromaSubsampling: '4:2:0' });
  if (choice.path === 'phone') {
    pipeline = pipeline.withExif({ IFD0: { Make: choice.phoneModel[0], Model: choice.phoneModel[1] } });
  }
  const buf = await pipeline.toBuffer();
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), width, height };
}
