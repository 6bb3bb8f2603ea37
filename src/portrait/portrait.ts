// The portrait on a rectified, landscape document: the best face large enough to be the main portrait (the small
// ghost image and faces in the background print do not count), and the photo area around it.
import type { Box } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { boxIou, type FaceBox, type TinyFaceDetector } from './tiny-face-detector.js';

export interface PortraitThresholds {
  /** Minimum detector score for a face (face-api's own default is 0.5). */
  readonly minScore: number;
  /** Minimum face height as a fraction of the document height: main portraits are 25-45 %, ghosts about 10-15 %. */
  readonly minHeightFraction: number;
}

export const DEFAULT_PORTRAIT_THRESHOLDS: PortraitThresholds = Object.freeze({ minScore: 0.5, minHeightFraction: 0.16 });

export interface Portrait {
  readonly face: FaceBox;
  /** Estimated photo area (face box grown to the usual 35 x 45 mm portrait framing), clipped to the document. */
  readonly photo: Box;
}

/** Faces below minScore are still returned here (orientation uses the weak ones too); found = score >= minScore. */
export interface PortraitSearch {
  readonly best: Portrait | null;
  readonly found: boolean;
}

/** Lowest face score considered at all: below it the detector's answer is noise. */
const WEAKEST_FACE = 0.05;

export async function findPortrait(detector: TinyFaceDetector, doc: RgbImage, thresholds: PortraitThresholds = DEFAULT_PORTRAIT_THRESHOLDS): Promise<PortraitSearch> {
  const faces = await detectInWindows(detector, doc);
  const main = faces.find((f) => f.height >= thresholds.minHeightFraction * doc.height);
  if (main === undefined) return { best: null, found: false };
  return { best: { face: main, photo: photoAround(main, doc.width, doc.height) }, found: main.score >= thresholds.minScore };
}

/**
 * Faces on the whole document and on its left and right squares (side = the document's height), best first, each
 * contrast-stretched first. On the whole landscape document the detector's square input is a third empty and the
 * portrait's face spans under two of its grid cells, at the edge of its smallest anchor, where its scores drop; in
 * a square window the same face is 1.6x larger and ID-1 and passport portraits sit whole in the left (or, mirrored
 * layouts, the right) square. Faded, dim and grey-copy portraits score higher once stretched (measured on lab val,
 * docs/quality.md).
 */
async function detectInWindows(detector: TinyFaceDetector, doc: RgbImage): Promise<FaceBox[]> {
  const all = [...await detector.detect(stretchContrast(doc), WEAKEST_FACE)];
  if (doc.width > doc.height) {
    for (const x0 of [0, doc.width - doc.height]) {
      const window = stretchContrast(cropColumns(doc, x0, doc.height));
      for (const f of await detector.detect(window, WEAKEST_FACE)) all.push({ ...f, x: f.x + x0 });
    }
  }
  all.sort((p, q) => q.score - p.score);
  const kept: FaceBox[] = [];
  for (const b of all) if (kept.every((k) => boxIou(k, b) <= 0.4)) kept.push(b);
  return kept;
}

function cropColumns(image: RgbImage, x0: number, width: number): RgbImage {
  const data = new Uint8Array(width * image.height * 3);
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray((y * image.width + x0) * 3, (y * image.width + x0 + width) * 3), y * width * 3);
  return { width, height: image.height, data };
}

function photoAround(face: Box, width: number, height: number): Box {
  const w = face.width * 1.6, h = face.height * 1.9;
  const cx = face.x + face.width / 2, top = face.y - face.height * 0.45;
  const x0 = Math.max(0, cx - w / 2), y0 = Math.max(0, top);
  const x1 = Math.min(width, cx + w / 2), y1 = Math.min(height, top + h);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** Luma's 1st..99th percentiles stretched to 0..255 (the same gain on every channel: colours keep their hue). */
function stretchContrast(image: RgbImage): RgbImage {
  const src = image.data;
  const hist = new Uint32Array(256);
  const n = image.width * image.height;
  for (let i = 0, j = 0; i < n; i++, j += 3) hist[Math.round(0.299 * src[j]! + 0.587 * src[j + 1]! + 0.114 * src[j + 2]!)]!++;
  let acc = 0, lo = 0, hi = 255;
  for (let v = 0; v < 256; v++) { acc += hist[v]!; if (acc < 0.01 * n) lo = v; if (acc <= 0.99 * n) hi = v; }
  if (hi - lo < 10) return image;
  const k = 255 / (hi - lo);
  // One table lookup per byte instead of a callback per byte (same values; ~10 ms less per call on a 640-px document).
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.max(0, Math.min(255, Math.round((v - lo) * k)));
  const data = new Uint8Array(src.length);
  for (let i = 0; i < data.length; i++) data[i] = table[src[i]!]!;
  return { ...image, data };
}
