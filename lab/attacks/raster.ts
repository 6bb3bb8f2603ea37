// 8-bit RGB rasters for the edits made on encoded captures, and the only place the attacks call the codec (sharp).
// Encoders strip all metadata (sharp's default): an edited or screenshot file carries no camera EXIF.
import sharp from 'sharp';
import type { Rgba8 } from '../types.js';
import { gaussianKernel } from '../capture/filters.js';

/** 8-bit sRGB, 3 channels interleaved. */
export interface Rgb8 {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export function createRgb(width: number, height: number): Rgb8 {
  return { width, height, data: new Uint8Array(width * height * 3) };
}

export function cloneRgb(image: Rgb8): Rgb8 {
  return { width: image.width, height: image.height, data: new Uint8Array(image.data) };
}

export async function decodeRgb(bytes: Uint8Array): Promise<Rgb8> {
  const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decodeRgb: expected 3 channels after removing alpha, got ${info.channels}`);
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/**
 * One baseline JPEG encode (libjpeg-turbo, 4:2:0 chroma like phone and editor defaults unless told otherwise);
 * `exif` IFD0 tags (e.g. Make, Model, Software) are written when given, otherwise the file has no metadata.
 */
export async function encodeJpeg(image: Rgb8, quality: number, chroma: '4:2:0' | '4:4:4' = '4:2:0', exif?: Readonly<Record<string, string>> | null): Promise<Uint8Array> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg({
    quality: Math.round(quality),
    chromaSubsampling: chroma,
    mozjpeg: false,
  });
  if (exif) pipeline = pipeline.withExif({ IFD0: { ...exif } });
  const out = await pipeline.toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

export async function encodePng(image: Rgb8): Promise<Uint8Array> {
  const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** JPEG round trip: what a region looks like after it was saved once at `quality`. */
export async function jpegRoundTrip(image: Rgb8, quality: number): Promise<Rgb8> {
  return decodeRgb(await encodeJpeg(image, quality));
}

/** Lanczos resize (what galleries, messengers and editors use to scale photos). */
export async function resizeRgb(image: Rgb8, width: number, height: number): Promise<Rgb8> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** The colour channels of an RGBA raster (e.g. canvas getImageData), alpha ignored: for opaque drawings. */
export function dropAlpha(image: Rgba8): Rgb8 {
  const out = createRgb(image.width, image.height);
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    out.data[i * 3] = image.data[i * 4]!;
    out.data[i * 3 + 1] = image.data[i * 4 + 1]!;
    out.data[i * 3 + 2] = image.data[i * 4 + 2]!;
  }
  return out;
}

export function rgbaToRgb(image: Rgba8, background: readonly [number, number, number] = [255, 255, 255]): Rgb8 {
  const out = createRgb(image.width, image.height);
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const a = (image.data[i * 4 + 3] ?? 255) / 255;
    for (let c = 0; c < 3; c++) {
      out.data[i * 3 + c] = Math.round((image.data[i * 4 + c] ?? 0) * a + (background[c] ?? 0) * (1 - a));
    }
  }
  return out;
}

/** Copies a rectangle out of an image (clamped to its bounds). */
export function cropRgb(image: Rgb8, x: number, y: number, width: number, height: number): Rgb8 {
  const out = createRgb(width, height);
  for (let j = 0; j < height; j++) {
    const sy = Math.min(image.height - 1, Math.max(0, y + j));
    for (let i = 0; i < width; i++) {
      const sx = Math.min(image.width - 1, Math.max(0, x + i));
      const s = (sy * image.width + sx) * 3;
      const d = (j * width + i) * 3;
      out.data[d] = image.data[s] ?? 0;
      out.data[d + 1] = image.data[s + 1] ?? 0;
      out.data[d + 2] = image.data[s + 2] ?? 0;
    }
  }
  return out;
}

/** Separable Gaussian blur in place (sigma in pixels); sigma <= 0.05 leaves the image as it is. */
export function gaussianBlurRgb(image: Rgb8, sigma: number): void {
  if (sigma <= 0.05) return;
  const radius = Math.max(1, Math.ceil(sigma * 3));
  const kernel = gaussianKernel(sigma, radius);
  const { width, height, data } = image;
  const tmp = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const sx = Math.min(width - 1, Math.max(0, x + k));
          acc += (kernel[k + radius] ?? 0) * (data[(y * width + sx) * 3 + c] ?? 0);
        }
        tmp[(y * width + x) * 3 + c] = acc;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const sy = Math.min(height - 1, Math.max(0, y + k));
          acc += (kernel[k + radius] ?? 0) * (tmp[(sy * width + x) * 3 + c] ?? 0);
        }
        data[(y * width + x) * 3 + c] = Math.round(acc);
      }
    }
  }
}
