// Decodes the uploaded bytes once: EXIF orientation applied, sRGB, 8-bit RGB planes, plus the JPEG quantisation
// tables (read from the original bytes, before anything re-encodes them).
import sharp from 'sharp';
import { DocliveError } from '../errors.js';
import type { RgbImage } from './types.js';
import { readExifFacts, type ExifFacts } from './exif.js';
import { readQuantTables, type QuantTable } from './jpeg-quant.js';

export const ACCEPTED_FORMATS = ['jpeg', 'png', 'webp', 'tiff', 'heif', 'avif', 'gif', 'bmp'] as const;
/** Below this the document cannot be localised or judged. */
export const MIN_IMAGE_SIDE = 64;

export interface DecodedImage {
  readonly image: RgbImage;
  readonly format: string;
  /** Quantisation tables for JPEG input, null otherwise. */
  readonly quantTables: readonly QuantTable[] | null;
  /** Size of the encoded file, for compression estimates. */
  readonly byteLength: number;
  /** Camera and software tags of the file's EXIF (all null when it has none). */
  readonly exif: ExifFacts;
}

export interface DecodeOptions {
  readonly maxImagePixels: number;
}

export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<DecodedImage> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new DocliveError('NOT_AN_IMAGE', `The data is not an image doclive can read; accepted formats: ${ACCEPTED_FORMATS.join(', ')}.`, { cause });
  }
  const format = metadata.format ?? 'unknown';
  if (!(ACCEPTED_FORMATS as readonly string[]).includes(format)) {
    throw new DocliveError('UNSUPPORTED_IMAGE_FORMAT', `Image format "${format}" is not accepted; accepted formats: ${ACCEPTED_FORMATS.join(', ')}.`);
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width * height > options.maxImagePixels) {
    throw new DocliveError('IMAGE_TOO_MANY_PIXELS', `The image has ${width}x${height} = ${width * height} pixels; at most ${options.maxImagePixels} are accepted (IDLIVEDOC_SERVER_MAX_IMAGE_PIXELS).`);
  }
  if (Math.min(width, height) < MIN_IMAGE_SIDE) {
    throw new DocliveError('IMAGE_TOO_SMALL', `The image is ${width}x${height}; both sides must be at least ${MIN_IMAGE_SIDE} pixels.`);
  }
  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    raw = await sharp(input, { limitInputPixels: options.maxImagePixels, failOn: 'error', pages: 1 })
      .rotate() // EXIF orientation
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw new DocliveError('IMAGE_DECODE_FAILED', `The ${format} image header was read but its pixels could not be decoded (truncated or corrupt file); send a complete image file.`, { cause });
  }
  const { info } = raw;
  let data = new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength);
  if (info.channels !== 3) data = toRgb(data, info.width * info.height, info.channels);
  return {
    image: { width: info.width, height: info.height, data },
    format,
    quantTables: format === 'jpeg' ? readQuantTables(bytes) : null,
    byteLength: bytes.byteLength,
    exif: readExifFacts(metadata.exif),
  };
}

/** Grey (1 channel) or grey+alpha (2) to RGB; sharp keeps single-channel images single-channel. */
function toRgb(data: Uint8Array, pixels: number, channels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const v = data[i * channels] as number;
    const r = channels >= 3 ? (data[i * channels] as number) : v;
    const g = channels >= 3 ? (data[i * channels + 1] as number) : v;
    const b = channels >= 3 ? (data[i * channels + 2] as number) : v;
    out[i * 3] = r; out[i * 3 + 1] = g; out[i * 3 + 2] = b;
  }
  return out;
}
