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

export interface GlareCells {
  readonly cellsX: number;
  readonly cellsY: number;
  /** 1 where the cell (row-major) is mostly specular. */
  readonly specular: Uint8Array;
  /** Pixels near saturation anywhere on the document. */
  readonly saturatedPixels: number;
}

export function glareStats(doc: RgbImage, cellsX = 32, cellsY = 20): GlareStats {
  const cells = glareCells(doc, cellsX, cellsY);
  let glareCount = 0;
  for (const c of cells.specular) glareCount += c;
  return { glareFraction: glareCount / cells.specular.length, saturatedFraction: cells.saturatedPixels / (doc.width * doc.height) };
}

/** Which cells of the grid are specular (exported for lab/glare-truth.ts, which compares them cell by cell). */
export function glareCells(doc: RgbImage, cellsX = 32, cellsY = 20): GlareCells {
  const { width, height, data } = doc;
  const cellCount = new Float64Array(cellsX * cellsY);
  const cellHot = new Float64Array(cellsX * cellsY);
  // The cell column of each pixel column, computed once instead of once per pixel.
  const cellOfColumn = new Int32Array(width);
  for (let x = 0; x < width; x++) cellOfColumn[x] = Math.min(cellsX - 1, Math.floor((x * cellsX) / width));
  let saturated = 0;
  for (let y = 0; y < height; y++) {
    const row = Math.min(cellsY - 1, Math.floor((y * cellsY) / height)) * cellsX;
    for (let x = 0, p = y * width * 3; x < width; x++, p += 3) {
      const c = row + cellOfColumn[x]!;
      cellCount[c]! += 1;
      // Specular reflection is the light's colour: bright in every channel, little chroma. With 8-bit channels all
      // at or above 245 the spread between them is at most 10, so "little chroma" (<= 20) needs no test of its own.
      if (data[p]! < 245 || data[p + 1]! < 245 || data[p + 2]! < 245) continue;
      saturated++;
      cellHot[c]! += 1;
    }
  }
  const specular = new Uint8Array(cellsX * cellsY);
  for (let c = 0; c < cellCount.length; c++) if (cellCount[c]! > 0 && cellHot[c]! / cellCount[c]! >= 0.6) specular[c] = 1;
  return { cellsX, cellsY, specular, saturatedPixels: saturated };
}
