// Which pixels of a rectified document were inside the photo. A document partly outside the frame is rectified
// with black where the photo ends: that black is not the document, and its straight border with the document is
// the sharpest edge of the raster, so blur and exposure must not read it.
import type { Quad } from '../domain/types.js';
import { applyHomography, homographyFromPoints } from '../image/homography.js';

/**
 * 1 where the pixel of the width x height rectification of `quad` maps at least `margin` frame pixels inside the
 * frameWidth x frameHeight photo, 0 elsewhere.
 */
export function inFrameMask(quad: Quad, frameWidth: number, frameHeight: number, width: number, height: number, margin: number): Uint8Array {
  const h = homographyFromPoints([[0, 0], [width, 0], [width, height], [0, height]], quad);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [u, v] = applyHomography(h, x + 0.5, y + 0.5);
      if (u >= margin && v >= margin && u <= frameWidth - margin && v <= frameHeight - margin) mask[y * width + x] = 1;
    }
  }
  return mask;
}
