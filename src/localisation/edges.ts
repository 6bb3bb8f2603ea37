// Colour edge map at working resolution: per pixel, the Sobel gradient of whichever RGB channel changes most, so
// that a white card on a beige desk (an edge mostly in blue) is as visible as a dark card on a white sheet.
import { boxBlur, sobel } from '../image/raster.js';
import { createPlane, type Plane, type RgbImage } from '../image/types.js';

export interface EdgeMap {
  readonly width: number;
  readonly height: number;
  readonly gx: Float32Array;
  readonly gy: Float32Array;
  readonly magnitude: Float32Array;
}

export function colourEdges(image: RgbImage): EdgeMap {
  const { width, height } = image;
  const n = width * height;
  const gx = new Float32Array(n), gy = new Float32Array(n), magnitude = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    const channel = createPlane(width, height);
    for (let i = 0; i < n; i++) channel.data[i] = image.data[i * 3 + c] as number;
    // Light smoothing: removes JPEG ringing and paper texture, keeps the document's border step.
    const g = sobel(boxBlur(channel, 1, 2));
    for (let i = 0; i < n; i++) {
      const m = g.magnitude.data[i] as number;
      if (m > (magnitude[i] as number)) {
        magnitude[i] = m;
        gx[i] = g.gx.data[i] as number;
        gy[i] = g.gy.data[i] as number;
      }
    }
  }
  return { width, height, gx, gy, magnitude };
}

/** Fraction of strong-edge pixels in a (2r+1)^2 window around each pixel: where there is print or texture. */
export function edgeDensity(edges: EdgeMap, threshold: number, radius: number): Plane {
  const mask = createPlane(edges.width, edges.height);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = (edges.magnitude[i] as number) > threshold ? 1 : 0;
  return boxBlur(mask, radius, 1);
}
