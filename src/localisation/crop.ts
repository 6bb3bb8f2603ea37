// Full-resolution crops of a rectified document: a region given in canonical-document pixels is mapped through
// the document's homography back to the input image and warped at the document's native resolution.
import type { Box, Point, Quad } from '../domain/types.js';
import { applyHomography, homographyFromPoints, warpQuad } from '../image/homography.js';
import type { RgbImage } from '../image/types.js';

export interface CropRequest {
  readonly scale?: number;
  readonly maxSide?: number;
}

export function makeDocumentCropper(full: RgbImage, quad: Quad, canonicalWidth: number, canonicalHeight: number, nativeLongSide: number) {
  const toInput = homographyFromPoints([[0, 0], [canonicalWidth, 0], [canonicalWidth, canonicalHeight], [0, canonicalHeight]], quad);
  return async (region: Box, options: CropRequest = {}): Promise<RgbImage> => {
    if (!(region.width > 0 && region.height > 0)) throw new Error(`crop region must have a positive size, got ${region.width}x${region.height}`);
    const corners: Point[] = [
      [region.x, region.y], [region.x + region.width, region.y],
      [region.x + region.width, region.y + region.height], [region.x, region.y + region.height],
    ];
    const regionQuad = corners.map(([x, y]) => applyHomography(toInput, x, y)) as unknown as Quad;
    const native = nativeLongSide / canonicalWidth;
    let scale = native * (options.scale ?? 1);
    const maxSide = options.maxSide ?? 2048;
    scale = Math.min(scale, maxSide / Math.max(region.width, region.height));
    const width = Math.max(1, Math.round(region.width * scale));
    const height = Math.max(1, Math.round(region.height * scale));
    return warpQuad(full, regionQuad, width, height);
  };
}
