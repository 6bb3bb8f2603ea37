// The portrait on a rectified, landscape document: the best face large enough to be the main portrait (the small
// ghost image and faces in the background print do not count), and the photo area around it.
import type { Box } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import type { FaceBox, TinyFaceDetector } from './tiny-face-detector.js';

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
  const faces = await detector.detect(doc, WEAKEST_FACE);
  const main = faces.find((f) => f.height >= thresholds.minHeightFraction * doc.height);
  if (main === undefined) return { best: null, found: false };
  return { best: { face: main, photo: photoAround(main, doc.width, doc.height) }, found: main.score >= thresholds.minScore };
}

function photoAround(face: Box, width: number, height: number): Box {
  const w = face.width * 1.6, h = face.height * 1.9;
  const cx = face.x + face.width / 2, top = face.y - face.height * 0.45;
  const x0 = Math.max(0, cx - w / 2), y0 = Math.max(0, top);
  const x1 = Math.min(width, cx + w / 2), y1 = Math.min(height, top + h);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
