// Where the main portrait of an ID-1 or ID-3 data page can be: the face of the holder's photo, 15-60 % of the
// document's height (lab faces 19-35 %, a tightly cropped real face 45 %, ghost images 10-15 %, the detector's
// artefacts on lab passports 85-130 %), centred in the outer 35 % of the document's width
// (left, or right on mirrored layouts; lab faces at 8-19 % and 84-87 %). A face box elsewhere is a ghost image, a
// face in the background print, an emblem or a detector artefact (boxes taller than the document), not the portrait.
import type { Box } from '../domain/types.js';

export interface PortraitLayout {
  readonly minHeightFraction: number;
  readonly maxHeightFraction: number;
  /** The face centre lies within this fraction of the document's width from its left or right edge. */
  readonly sideFraction: number;
}

export function fitsPortraitLayout(face: Box, docWidth: number, docHeight: number, layout: PortraitLayout): boolean {
  const h = face.height / docHeight;
  if (h < layout.minHeightFraction || h > layout.maxHeightFraction) return false;
  const cx = (face.x + face.width / 2) / docWidth;
  return cx <= layout.sideFraction || cx >= 1 - layout.sideFraction;
}
