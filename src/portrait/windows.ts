// What the face detector is shown of a rectified landscape document: its left and right squares (side = the
// document's height, or a fraction of it centred vertically), where ID-1 and ID-3 data pages put the portrait (left,
// or right on mirrored layouts), each turned grey and stretched to its luma 1st..99th percentiles. In a square window
// the portrait's face is 1.6x larger in the detector's input than on the whole document padded to a square; grey
// takes away the colour casts of screens and lamps and the tint of washed-out portraits (lab val, docs/quality.md
// "Round 5").
import type { GreyImage, RgbImage } from '../image/types.js';

export interface DetectorWindow {
  /** Contrast-stretched grey levels of the window (one channel: the detector repeats it as R, G and B). */
  readonly image: GreyImage;
  /** Top-left corner of the window in document pixels. */
  readonly x0: number;
  readonly y0: number;
}

/**
 * The left and right squares of a landscape document, of side `fraction` x its height, centred vertically (one
 * window, the whole document, when it is not wider than high).
 */
export function sideWindows(doc: RgbImage, fraction = 1): DetectorWindow[] {
  if (doc.width <= doc.height) return [{ image: stretchedLevels(doc), x0: 0, y0: 0 }];
  const side = Math.max(1, Math.round(doc.height * Math.min(1, fraction)));
  const y0 = Math.floor((doc.height - side) / 2);
  // Read straight from the document: the same pixels as stretchedLevels(crop(...)) without the copy.
  return [0, doc.width - side].map((x0) => ({ image: stretchedLevels(doc, x0, y0, side, side), x0, y0 }));
}

/** A window of the document turned by 180 degrees: the same pixels, seen from the other corner of the document. */
export function turnedWindow(window: DetectorWindow, docWidth: number, docHeight: number): DetectorWindow {
  const { width, height, grey } = window.image;
  // One byte per pixel, so reversing the bytes (natively) reverses the pixels.
  return { image: { width, height, grey: grey.slice().reverse() }, x0: docWidth - window.x0 - width, y0: docHeight - window.y0 - height };
}

export function crop(image: RgbImage, x0: number, y0: number, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((y + y0) * image.width + x0) * 3;
    data.set(image.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { width, height, data };
}

/**
 * Luma with its 1st..99th percentiles stretched to 0..255, one byte per pixel; of the whole image, or of its
 * width x height region at x0, y0.
 */
export function stretchedLevels(image: RgbImage, x0 = 0, y0 = 0, width = image.width, height = image.height): GreyImage {
  const src = image.data;
  const n = width * height;
  const grey = new Uint8Array(n);
  const hist = new Uint32Array(256);
  for (let y = 0, i = 0; y < height; y++) {
    for (let j = ((y + y0) * image.width + x0) * 3, end = i + width; i < end; i++, j += 3) {
      // Integer BT.601 weights (77 + 150 + 29 = 256).
      const v = (77 * src[j]! + 150 * src[j + 1]! + 29 * src[j + 2]!) >> 8;
      grey[i] = v;
      hist[v]!++;
    }
  }
  let acc = 0, lo = 0, hi = 255;
  for (let v = 0; v < 256; v++) { acc += hist[v]!; if (acc < 0.01 * n) lo = v; if (acc <= 0.99 * n) hi = v; }
  const table = new Uint8Array(256);
  // A flat window (hi - lo < 10) is left as it is: stretching it would only amplify noise.
  const k = hi - lo < 10 ? 1 : 255 / (hi - lo), base = hi - lo < 10 ? 0 : lo;
  for (let v = 0; v < 256; v++) table[v] = Math.max(0, Math.min(255, Math.round((v - base) * k)));
  for (let i = 0; i < n; i++) grey[i] = table[grey[i]!]!;
  return { width, height, grey };
}

/** stretchedLevels written to all three channels (R = G = B): the lab's face tools show the detector RGB images. */
export function stretchedGrey(image: RgbImage, x0 = 0, y0 = 0, width = image.width, height = image.height): RgbImage {
  const { grey } = stretchedLevels(image, x0, y0, width, height);
  const data = new Uint8Array(grey.length * 3);
  for (let i = 0, j = 0; i < grey.length; i++, j += 3) { const v = grey[i]!; data[j] = v; data[j + 1] = v; data[j + 2] = v; }
  return { width, height, data };
}
