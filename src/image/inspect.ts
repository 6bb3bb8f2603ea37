import sharp from 'sharp';
import { DocliveError } from '../errors.js';

// Header-only inspection of an uploaded image, before anything decodes its pixels: the format must be one the
// analysis reads and the pixel count must stay under the limit (a decompression bomb is a few KB of PNG or JPEG
// that claims e.g. 50000 x 50000 pixels). Full decoding happens later, in the analysis engine.

/** Formats the analysis decodes, as sharp names them, and as the API documentation names them. */
export const ACCEPTED_FORMATS = Object.freeze({ jpeg: 'JPEG', png: 'PNG', webp: 'WebP' } as const);
export type AcceptedFormat = keyof typeof ACCEPTED_FORMATS;
export const ACCEPTED_FORMATS_TEXT = Object.values(ACCEPTED_FORMATS).join(', ');

/** Below this many pixels on the shorter side a document's texture cannot be analysed. */
export const MIN_IMAGE_SIDE = 64;

export interface ImageHeader {
  readonly format: AcceptedFormat;
  /** Width and height after EXIF orientation (a portrait phone photo stored landscape reports portrait). */
  readonly width: number;
  readonly height: number;
}

export async function inspectImage(bytes: Uint8Array, maxImagePixels: number): Promise<ImageHeader> {
  let metadata: sharp.Metadata;
  try {
    // limitInputPixels: false -- the limit is checked below with our own message; metadata() reads headers only.
    metadata = await sharp(bytes, { limitInputPixels: false, failOn: 'none' }).metadata();
  } catch {
    throw new DocliveError('NOT_AN_IMAGE', `The data is not an image in any format doclive reads. Accepted formats: ${ACCEPTED_FORMATS_TEXT}.`);
  }
  const format = metadata.format as string | undefined;
  if (format === undefined || !(format in ACCEPTED_FORMATS)) {
    const name = describeFormat(metadata);
    throw new DocliveError('UNSUPPORTED_IMAGE_FORMAT', `Image format ${name} is not accepted. Accepted formats: ${ACCEPTED_FORMATS_TEXT}.`);
  }
  const { width, height } = orientedSize(metadata);
  if (!(width > 0 && height > 0)) {
    throw new DocliveError('NOT_AN_IMAGE', `The image header gives no size. Accepted formats: ${ACCEPTED_FORMATS_TEXT}.`);
  }
  if (width * height > maxImagePixels) {
    throw new DocliveError(
      'IMAGE_TOO_MANY_PIXELS',
      `The image has ${width} x ${height} = ${width * height} pixels; at most ${maxImagePixels} are accepted (IDLIVEDOC_SERVER_MAX_IMAGE_PIXELS). Send a smaller image.`,
    );
  }
  if (Math.min(width, height) < MIN_IMAGE_SIDE) {
    throw new DocliveError(
      'IMAGE_TOO_SMALL',
      `The image is ${width} x ${height} pixels; both sides must be at least ${MIN_IMAGE_SIDE} pixels for a document to be analysed.`,
    );
  }
  return { format: format as AcceptedFormat, width, height };
}

function orientedSize(metadata: sharp.Metadata): { width: number; height: number } {
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  // EXIF orientations 5-8 rotate by 90 degrees.
  return (metadata.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}

function describeFormat(metadata: sharp.Metadata): string {
  if (metadata.format === 'heif') return metadata.compression === 'av1' ? 'AVIF' : 'HEIF';
  return (metadata.format ?? 'unknown').toUpperCase();
}
