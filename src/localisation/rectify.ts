// Rectification of a localised document: perspective warp to a canonical landscape raster, from an image level
// close to the document's own resolution (warping a 4K frame straight down to 640 px would alias).
import type { DocumentType, Point, Quad } from '../domain/types.js';
import { downscale } from '../image/raster.js';
import { warpQuad } from '../image/homography.js';
import type { RgbImage } from '../image/types.js';
import { ID1_ASPECT, ID3_ASPECT } from './aspect.js';

/** Canonical size of the rectified document: 640 px on the long side (about 190 dpi for an ID-1 card). */
export const CANONICAL_LONG_SIDE = 640;

export function canonicalSize(type: DocumentType, measuredAspect: number): { width: number; height: number } {
  const aspect = type === 'ID_CARD' ? ID1_ASPECT : type === 'PASSPORT' ? ID3_ASPECT : Math.min(2, Math.max(1, measuredAspect));
  return { width: CANONICAL_LONG_SIDE, height: Math.round(CANONICAL_LONG_SIDE / aspect) };
}

/** Corners reordered so that corner 0 -> 1 is a long side (landscape reading), keeping the clockwise order. */
export function landscapeOrder(quad: Quad): Quad {
  const len = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const horizontal = len(quad[0], quad[1]) + len(quad[2], quad[3]);
  const vertical = len(quad[1], quad[2]) + len(quad[3], quad[0]);
  return horizontal >= vertical ? quad : [quad[1], quad[2], quad[3], quad[0]];
}

/** The quad's corners rotated by 180 degrees (document upside down). */
export function rotateQuad180(quad: Quad): Quad {
  return [quad[2], quad[3], quad[0], quad[1]];
}

/** Mean length of the quad's long sides, pixels. */
export function longSideLength(quad: Quad): number {
  const len = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
  return Math.max((len(quad[0], quad[1]) + len(quad[2], quad[3])) / 2, (len(quad[1], quad[2]) + len(quad[3], quad[0])) / 2);
}

/**
 * Warps `quad` (in `image` pixels) to width x height. When the document is more than twice the target size, the
 * image is first area-downscaled (libvips) so that the warp samples at most about 2 source pixels per target pixel.
 */
export async function rectify(image: RgbImage, quad: Quad, width: number, height: number): Promise<RgbImage> {
  const ratio = longSideLength(quad) / Math.max(width, height);
  if (ratio <= 2) return warpQuad(image, quad, width, height);
  const scale = 1.5 / ratio;
  const smaller = await downscale(image, Math.max(image.width, image.height) * scale);
  const sx = smaller.width / image.width, sy = smaller.height / image.height;
  const scaled = quad.map(([x, y]) => [x * sx, y * sy] as Point) as unknown as Quad;
  return warpQuad(smaller, scaled, width, height);
}

export function rotate180(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  const n = width * height;
  for (let i = 0; i < n; i++) {
    const j = n - 1 - i;
    out[j * 3] = data[i * 3] as number; out[j * 3 + 1] = data[i * 3 + 1] as number; out[j * 3 + 2] = data[i * 3 + 2] as number;
  }
  return { width, height, data: out };
}
