// The portrait on a rectified, landscape document: the best face in the left or right square of the document that
// fits the layout of a data page's main portrait (size, side and height, src/portrait/layout.ts), and the photo area
// around it. Two detector passes at 224 px for a document whose orientation is known, four when the face must also
// tell which way up the document is (the turned document's windows are the same squares turned by 180 degrees).
// Only when no portrait passes the threshold, a second scale: squares of 0.85 x the height at 192 px, where the face
// fills more of the detector's input (lab val: 93.9 -> 95.3 % found on the right box, docs/quality.md "Round 5").
import type { Box } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { fitsPortraitLayout, type PortraitLayout } from './layout.js';
import type { FaceBox, TinyFaceDetector } from './tiny-face-detector.js';
import { sideWindows, turnedWindow, type DetectorWindow } from './windows.js';

export interface PortraitThresholds extends PortraitLayout {
  /** Minimum detector score for the portrait's face (chosen on lab val, docs/quality.md "Round 5"). */
  readonly minScore: number;
}

export const DEFAULT_PORTRAIT_THRESHOLDS: PortraitThresholds = Object.freeze({ minScore: 0.4, minHeightFraction: 0.15, maxHeightFraction: 0.6, sideFraction: 0.35, minCentreY: 0.25, maxCentreY: 0.85 });

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

/** The second scale: window side as a fraction of the document's height, and the detector's input side. */
const SECOND_SCALE = { fraction: 0.85, inputSize: 192 } as const;

/** The portrait of a document shown upright. */
export async function findPortrait(detector: TinyFaceDetector, doc: RgbImage, thresholds: PortraitThresholds = DEFAULT_PORTRAIT_THRESHOLDS): Promise<PortraitSearch> {
  const first = await bestFace(detector, sideWindows(doc), undefined, doc.width, doc.height, thresholds);
  if (first !== null && first.score >= thresholds.minScore) return searchResult(first, doc.width, doc.height, thresholds);
  const second = await bestFace(detector, sideWindows(doc, SECOND_SCALE.fraction), SECOND_SCALE.inputSize, doc.width, doc.height, thresholds);
  return searchResult(better(first, second), doc.width, doc.height, thresholds);
}

/** The portrait searched on the document as shown and turned by 180 degrees (turned: the second is upright). */
export async function findPortraitEitherWay(detector: TinyFaceDetector, doc: RgbImage, thresholds: PortraitThresholds = DEFAULT_PORTRAIT_THRESHOLDS): Promise<{ asShown: PortraitSearch; turned: PortraitSearch }> {
  const { width, height } = doc;
  const windows = sideWindows(doc);
  let asShown = await bestFace(detector, windows, undefined, width, height, thresholds);
  let turned = await bestFace(detector, windows.map((w) => turnedWindow(w, width, height)), undefined, width, height, thresholds);
  if (!((asShown?.score ?? 0) >= thresholds.minScore || (turned?.score ?? 0) >= thresholds.minScore)) {
    const smaller = sideWindows(doc, SECOND_SCALE.fraction);
    asShown = better(asShown, await bestFace(detector, smaller, SECOND_SCALE.inputSize, width, height, thresholds));
    turned = better(turned, await bestFace(detector, smaller.map((w) => turnedWindow(w, width, height)), SECOND_SCALE.inputSize, width, height, thresholds));
  }
  return { asShown: searchResult(asShown, width, height, thresholds), turned: searchResult(turned, width, height, thresholds) };
}

/** The highest-scoring face in the windows that fits the portrait layout, in document pixels. */
async function bestFace(detector: TinyFaceDetector, windows: readonly DetectorWindow[], inputSize: number | undefined, width: number, height: number, layout: PortraitLayout): Promise<FaceBox | null> {
  let best: FaceBox | null = null;
  for (const w of windows) {
    for (const f of await detector.detect(w.image, WEAKEST_FACE, inputSize)) {
      const face = { ...f, x: f.x + w.x0, y: f.y + w.y0 };
      if ((best === null || face.score > best.score) && fitsPortraitLayout(face, width, height, layout)) best = face;
    }
  }
  return best;
}

function better(a: FaceBox | null, b: FaceBox | null): FaceBox | null {
  if (a === null) return b;
  return b !== null && b.score > a.score ? b : a;
}

function searchResult(face: FaceBox | null, width: number, height: number, thresholds: PortraitThresholds): PortraitSearch {
  if (face === null) return { best: null, found: false };
  return { best: { face, photo: photoAround(face, width, height) }, found: face.score >= thresholds.minScore };
}

function photoAround(face: Box, width: number, height: number): Box {
  const w = face.width * 1.6, h = face.height * 1.9;
  const cx = face.x + face.width / 2, top = face.y - face.height * 0.45;
  const x0 = Math.max(0, cx - w / 2), y0 = Math.max(0, top);
  const x1 = Math.min(width, cx + w / 2), y1 = Math.min(height, top + h);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
