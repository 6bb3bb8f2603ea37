// Where the main portrait of an ID-1 or ID-3 data page can be: the face of the holder's photo,
// - 15-60 % of the document's height (lab faces 19-35 %, a tightly cropped real face 45 %, ghost images 10-15 %, the
//   detector's artefacts on lab passports 85-130 %),
// - centred in the outer 35 % of the document's width (left, or right on mirrored layouts; lab faces at 8-19 % and
//   84-87 %),
// - centred between 25 % and 85 % of its height (lab train faces 34-60 %, val 26-62 %, real Spanish and Finnish ID
//   cards of DLC-2021 76-80 %; the emblems and coats of arms the detector takes for faces sit in the top band, at
//   11-24 % on lab train).
// A face box elsewhere is a ghost image, a face in the background print, an emblem or a detector artefact.
import type { Box } from '../domain/types.js';

export interface PortraitLayout {
  readonly minHeightFraction: number;
  readonly maxHeightFraction: number;
  /** The face centre lies within this fraction of the document's width from its left or right edge. */
  readonly sideFraction: number;
  /** The face centre lies between these fractions of the document's height from its top. */
  readonly minCentreY: number;
  readonly maxCentreY: number;
}

export function fitsPortraitLayout(face: Box, docWidth: number, docHeight: number, layout: PortraitLayout): boolean {
  const h = face.height / docHeight;
  if (h < layout.minHeightFraction || h > layout.maxHeightFraction) return false;
  const cy = (face.y + face.height / 2) / docHeight;
  if (cy < layout.minCentreY || cy > layout.maxCentreY) return false;
  const cx = (face.x + face.width / 2) / docWidth;
  return cx <= layout.sideFraction || cx >= 1 - layout.sideFraction;
}
