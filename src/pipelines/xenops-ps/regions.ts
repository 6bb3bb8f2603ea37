// Where xenops-ps looks, in canonical-document pixels (640 px wide, upright, landscape): the portrait's photo box
// from the front-end, an inner window well inside it (inside any stuck-on sheet or pasted face, even when the box
// estimate is a few pixels off), and a reference window of the same size on the rest of the card (the text side,
// opposite the portrait). Comparing the two cancels what the whole capture shares: camera noise, JPEG history,
// light, blur. The same windows are mapped into the uploaded image for the JPEG grid, which only exists there.
import type { Box, Point, Quad } from '../../domain/types.js';
import { applyHomography, homographyFromPoints, type Matrix3 } from '../../image/homography.js';
import { insideConvex } from '../../localisation/geometry.js';

export interface Windows {
  /** Square window centred in the photo (canonical px). */
  readonly inner: Box;
  /** Square window of the same size on the card, away from the portrait. */
  readonly reference: Box;
}

function clampBox(b: Box, width: number, height: number): Box {
  const x = Math.max(0, Math.min(width - 1, b.x));
  const y = Math.max(0, Math.min(height - 1, b.y));
  return { x, y, width: Math.max(1, Math.min(width - x, b.width)), height: Math.max(1, Math.min(height - y, b.height)) };
}

/**
 * Inner and reference windows (`photo` places the card's reference window beyond the photo's edge). `maxCanonicalSide` bounds the window so that its native-resolution crop stays small
 * (speed); both windows have the same size so their statistics are comparable.
 */
export function portraitWindows(face: Box, photo: Box, width: number, height: number, maxCanonicalSide: number): Windows {
  // Centred on the face: the face is always inside whatever was substituted, the photo box is only an estimate.
  const side = Math.max(8, Math.min(face.width * 0.9, face.height * 0.9, maxCanonicalSide, width * 0.3, height * 0.45));
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const inner = clampBox({ x: cx - side / 2, y: cy - side / 2, width: side, height: side }, width, height);
  // The card rest: the side of the card opposite the portrait, centred between the photo's edge and the card's.
  const leftPortrait = cx < width / 2;
  const restX0 = leftPortrait ? photo.x + photo.width : 0;
  const restX1 = leftPortrait ? width : photo.x;
  const rx = Math.max(0, Math.min(width - side, (restX0 + restX1) / 2 - side / 2));
  const ry = Math.max(0, Math.min(height - side, height / 2 - side / 2));
  const reference = clampBox({ x: rx, y: ry, width: side, height: side }, width, height);
  return { inner, reference };
}

/** Homography from canonical-document pixels to the uploaded image. */
export function canonicalToImage(quad: Quad, width: number, height: number): Matrix3 {
  return homographyFromPoints([[0, 0], [width, 0], [width, height], [0, height]], quad);
}

export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The largest axis-aligned square of the uploaded image, with its origin on the 8x8 JPEG grid (so grid phases stay
 * absolute), that lies inside the canonical box `box` seen through `toImage`; at most `maxSide` pixels; null when
 * smaller than `minSide`.
 */
export function imageSquareInside(box: Box, toImage: Matrix3, imageWidth: number, imageHeight: number, maxSide: number, minSide: number): PixelRect | null {
  const poly: Point[] = [
    applyHomography(toImage, box.x, box.y), applyHomography(toImage, box.x + box.width, box.y),
    applyHomography(toImage, box.x + box.width, box.y + box.height), applyHomography(toImage, box.x, box.y + box.height),
  ];
  const [cx, cy] = applyHomography(toImage, box.x + box.width / 2, box.y + box.height / 2);
  let lo = 0;
  let hi = maxSide;
  const fits = (s: number): boolean => {
    const h = s / 2;
    return insideConvex(poly, cx - h, cy - h) && insideConvex(poly, cx + h, cy - h) && insideConvex(poly, cx + h, cy + h) && insideConvex(poly, cx - h, cy + h);
  };
  for (let i = 0; i < 12; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  // Snap the origin up to the grid and the side down to whole blocks, staying inside.
  const x0 = Math.ceil((cx - lo / 2) / 8) * 8;
  const y0 = Math.ceil((cy - lo / 2) / 8) * 8;
  const x1 = Math.min(imageWidth, Math.floor(cx + lo / 2));
  const y1 = Math.min(imageHeight, Math.floor(cy + lo / 2));
  const side = Math.floor(Math.min(x1 - x0, y1 - y0) / 8) * 8;
  if (x0 < 0 || y0 < 0 || side < minSide) return null;
  return { x: x0, y: y0, width: side, height: side };
}
