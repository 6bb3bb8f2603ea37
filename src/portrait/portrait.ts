// The portrait on a rectified, landscape document: the best face in the left or right square of the document that
// fits the layout of a data page's main portrait (size and side, src/portrait/layout.ts), and the photo area
// around it. Two detector passes for a document whose orientation is known, four when the face must also tell
// which way up the document is (the turned document's windows are the same squares turned by 180 degrees).
import type { Box } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { fitsPortraitLayout, type PortraitLayout } from './layout.js';
import type { FaceBox, TinyFaceDetector } from './tiny-face-detector.js';
import { sideWindows, turnedWindow, type DetectorWindow } from './windows.js';

export interface PortraitThresholds extends PortraitLayout {
  /** Minimum detector score for the portrait's face (chosen on lab val, docs/quality.md "Round 5"). */
  readonly minScore: number;
}

export const DEFAULT_PORTRAIT_THRESHOLDS: PortraitThresholds = Object.freeze({ minScore: 0.3, minHeightFraction: 0.15, maxHeightFraction: 0.6, sideFraction: 0.35, minCentreY: 0.25, maxCentreY: 0.7 });

export interface Portrait {
  readonly face: FaceBox;
  /** Estimated photo area (face box grown to the usual 35 x 45 mm portrait framing), clipped to the document. */
  readonly photo: Box;
}

/** Faces below minScore are still returned here (orientation and verification use the weak ones too); found = score >= minScore. */
export interface PortraitSearch {
  readonly best: Portrait | null;
  readonly found: boolean;
}

/** Lowest face score considered at all: below it the detector's answer is noise. */
const WEAKEST_FACE = 0.05;

/** The portrait of a document shown upright. */
export async function findPortrait(detector: TinyFaceDetector, doc: RgbImage, thresholds: PortraitThresholds = DEFAULT_PORTRAIT_THRESHOLDS): Promise<PortraitSearch> {
  return searchWindows(detector, sideWindows(doc), doc.width, doc.height, thresholds);
}

/** The portrait searched on the document as shown and turned by 180 degrees (turned: the second is upright). */
export async function findPortraitEitherWay(detector: TinyFaceDetector, doc: RgbImage, thresholds: PortraitThresholds = DEFAULT_PORTRAIT_THRESHOLDS): Promise<{ asShown: PortraitSearch; turned: PortraitSearch }> {
  const windows = sideWindows(doc);
  const asShown = await searchWindows(detector, windows, doc.width, doc.height, thresholds);
  const turned = await searchWindows(detector, windows.map((w) => turnedWindow(w, doc.width)), doc.width, doc.height, thresholds);
  return { asShown, turned };
}

async function searchWindows(detector: TinyFaceDetector, windows: readonly DetectorWindow[], width: number, height: number, thresholds: PortraitThresholds): Promise<PortraitSearch> {
  let best: FaceBox | null = null;
  for (const w of windows) {
    for (const f of await detector.detect(w.image, WEAKEST_FACE)) {
      const face = { ...f, x: f.x + w.x0 };
      if ((best === null || face.score > best.score) && fitsPortraitLayout(face, width, height, thresholds)) best = face;
    }
  }
  if (best === null) return { best: null, found: false };
  return { best: { face: best, photo: photoAround(best, width, height) }, found: best.score >= thresholds.minScore };
}

function photoAround(face: Box, width: number, height: number): Box {
  const w = face.width * 1.6, h = face.height * 1.9;
  const cx = face.x + face.width / 2, top = face.y - face.height * 0.45;
  const x0 = Math.max(0, cx - w / 2), y0 = Math.max(0, top);
  const x1 = Math.min(width, cx + w / 2), y1 = Math.min(height, top + h);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
