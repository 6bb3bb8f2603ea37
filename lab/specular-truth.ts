// Glare ground truth cell by cell: which of the product's glare cells (src/quality/glare.ts) the reflections of the
// lights cause, from a rectified document with them and the same document rendered without them.
import type { RgbImage } from '../src/image/types.js';
import { glareCells } from '../src/quality/glare.js';
import { DEFAULT_QUALITY_THRESHOLDS } from '../src/quality/thresholds.js';

/** Cell shares of one image: what the warning sees and what the lamp's reflection caused. */
export interface SpecularTruth {
  /** Cells specular in the image with reflections (what glareStats counts). */
  readonly glareFraction: number;
  /** Cells specular even without any reflection (white print or paper clipped by the exposure). */
  readonly diffuseFraction: number;
  /** Cells specular only because of the reflection: the lamp's glare. */
  readonly specularFraction: number;
}

/** Compares the rectified document with and without the reflections, cell by cell (the product's cells). */
export function specularTruth(withReflections: RgbImage, withoutReflections: RgbImage): SpecularTruth {
  const a = glareCells(withReflections).specular, b = glareCells(withoutReflections).specular;
  let glare = 0, diffuse = 0, specular = 0;
  for (let c = 0; c < a.length; c++) {
    glare += a[c]!;
    diffuse += b[c]!;
    if (a[c] === 1 && b[c] === 0) specular++;
  }
  return { glareFraction: glare / a.length, diffuseFraction: diffuse / a.length, specularFraction: specular / a.length };
}

/** The label for the clean set: the lamp's reflection covers at least the warning threshold's share of cells. */
export function showsRealGlare(t: SpecularTruth, cellFraction = DEFAULT_QUALITY_THRESHOLDS.glareCellFraction): boolean {
  return t.specularFraction >= cellFraction;
}
