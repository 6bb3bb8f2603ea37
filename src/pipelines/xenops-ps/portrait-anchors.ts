// Where to look for the photo's four sides. The front-end's `portrait.photo` is the face box grown to a standard
// framing, so it inherits the face detector's jitter: on the 318 lab train/val snapshots whose document type was
// detected right, its sides are a median 0.07-0.13 portrait widths off the true photo (sheet or printed portrait),
// only 18-43 % within 0.05. The data page's layout puts the portrait at a fixed place instead: ID-1 cards and TD3
// passport pages keep the portrait zone (ICAO 9303 zone V) a few mm from the near edge, below the header band, at
// one of a few standard sizes. Where the document's quad is right, the layout box is a median 0.005-0.036 widths off
// (62-82 % of sides within 0.05): the closer anchor for 56-88 % of sides. Where the quad is off (the detected type
// is wrong on 159 of 477 lab rows), only the layout's outer side stays close, so the photo box remains a candidate
// and the rectangle search keeps the strongest closed rectangle of all candidates (rectangle.ts).
// The layout boxes are those of common ID-1 and TD3 arrangements (the lab renders the same ones, lab/documents/
// layout.ts): on cards of other layouts they fail the face test below or lose to the photo box.
import type { Box } from '../../domain/types.js';
import { boxIntersectionArea } from '../../portrait/boxes.js';

/** A box to start the rectangle search from and how far (share of its width) each side may be from its own. */
export interface PortraitAnchor {
  readonly box: Box;
  readonly reach: number;
  readonly source: 'layout' | 'photo';
}

interface LayoutMm {
  readonly widthMm: number;
  readonly heightMm: number;
  /** Portrait's outer side from the document's near edge, its top from the top edge, its size (mm). */
  readonly boxes: readonly { readonly margin: number; readonly top: number; readonly w: number; readonly h: number }[];
}

// ID-1 (85.6 x 53.98 mm): outer side 3.8 mm from the edge (10.5 mm beside a vertical header band), top 11 mm below
// the header, 24.8 mm tall with a machine-readable zone on the front and 31.5 mm without, 0.78 as wide as tall.
const ID1: LayoutMm = {
  widthMm: 85.6,
  heightMm: 53.98,
  boxes: [3.8, 10.5].flatMap((margin) => [24.8, 31.5].map((h) => ({ margin, top: 11, w: 0.78 * h, h }))),
};
// TD3 passport data page (125 x 88 mm): ICAO zone V at 6 mm from the left, below a 14-mm header, 31.5 x 40.5 mm.
const TD3: LayoutMm = { widthMm: 125, heightMm: 88, boxes: [{ margin: 6, top: 14, w: 31.5, h: 40.5 }] };

/**
 * A sheet is the printed portrait offset by up to ~1 mm and cut up to ~10 % larger or smaller: 0.12 of the width
 * covers it around a layout box. Around the photo box, 0.3 (its sides' spread, see above).
 */
const LAYOUT_REACH = 0.12;
const PHOTO_REACH = 0.3;
/** Share of the face box that must lie inside a layout box for the box to be a candidate. */
const MIN_FACE_INSIDE = 0.8;

function overlapShare(face: Box, box: Box): number {
  const area = face.width * face.height;
  return area > 0 ? boxIntersectionArea(face, box) / area : 0;
}

/**
 * Candidate anchors for a canonical document of width x height with `face` on it: the layout boxes (both ID-1 and
 * TD3 geometries, whatever type was detected, on the face's side) that hold the face, then the front-end's photo
 * box. Layout boxes are scaled to the canonical raster per axis, so a page rectified to the other aspect keeps its
 * portrait's top and outer side in place.
 */
export function portraitAnchors(face: Box, photo: Box, width: number, height: number): PortraitAnchor[] {
  const anchors: PortraitAnchor[] = [];
  const faceOnLeft = face.x + face.width / 2 < width / 2;
  for (const layout of [ID1, TD3]) {
    const sx = width / layout.widthMm;
    const sy = height / layout.heightMm;
    for (const b of layout.boxes) {
      const x = faceOnLeft ? b.margin : layout.widthMm - b.margin - b.w;
      const box: Box = { x: x * sx, y: b.top * sy, width: b.w * sx, height: b.h * sy };
      if (overlapShare(face, box) >= MIN_FACE_INSIDE) anchors.push({ box, reach: LAYOUT_REACH, source: 'layout' });
    }
  }
  anchors.push({ box: photo, reach: PHOTO_REACH, source: 'photo' });
  return anchors;
}
