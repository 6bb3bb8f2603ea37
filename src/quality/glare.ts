// Glare: specular highlights on the document, i.e. near-saturated, colourless patches clearly brighter than the
// document's own white. Measured on a coarse cell grid of the rectified document so that a single speck or the
// white background of the card (which is not clipped) does not count.
import type { RgbImage } from '../image/types.js';

export interface GlareStats {
  /** Fraction of document cells that are mostly specular. */
  readonly glareFraction: number;
  /** Fraction of pixels near saturation anywhere on the document. */
  readonly saturatedFraction: number;
}

export function glareStats(doc: RgbImage, cellsX = 32, cellsY = 20): GlareStats {
  const { width, height, data } = doc;
  const cellCount = new Float64Array(cellsX * cellsY);
  const cellHot = new Float64Array(cellsX * cellsY);
  let saturated = 0;
  for (let y = 0; y < height; y++) {
    const cy = Math.min(cellsY - 1, Math.floor((y * cellsY) / height));
    for (let x = 0; x < width; x++) {
      const cx = Math.min(cellsX - 1, Math.floor((x * cellsX) / width));
      const p = (y * width + x) * 3;
      const r = data[p] as number, g = data[p + 1] as number, b = data[p + 2] as number;
      const min = Math.min(r, g, b), max = Math.max(r, g, b);
      // Specular reflection is the light's colour: bright in every channel, little chroma.
      const hot = min >= 245 && max - min <= 20;
      if (hot) saturated++;
      const c = cy * cellsX + cx;
      cellCount[c]! += 1;
      if (hot) cellHot[c]! += 1;
    }
  }
  let glareCells = 0;
  for (let c = 0; c < cellCount.length; c++) if (cellCount[c]! > 0 && cellHot[c]! / cellCount[c]! >= 0.6) glareCells++;
  return { glareFraction: glareCells / cellCount.length, saturatedFraction: saturated / (width * height) };
}
