// Training targets of the learned localiser: per output cell, the share of the cell covered by any document
// (supersampled point-in-polygon), so the net learns soft document interiors at its output stride.
import type { Point } from '../../src/domain/types.js';
import { insideConvex } from '../../src/localisation/geometry.js';

/**
 * Coverage mask (maskSide x maskSide, 0..255) of `quads` given in input-square pixels; each cell is `stride` input
 * pixels wide and sampled `samples` x `samples` times.
 */
export function coverageMask(quads: readonly (readonly Point[])[], maskSide: number, stride: number, samples = 4): Uint8Array {
  const out = new Uint8Array(maskSide * maskSide);
  for (let cy = 0; cy < maskSide; cy++) {
    for (let cx = 0; cx < maskSide; cx++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (cx + (sx + 0.5) / samples) * stride, y = (cy + (sy + 0.5) / samples) * stride;
          if (quads.some((q) => insideConvex(q, x, y))) hits++;
        }
      }
      out[cy * maskSide + cx] = Math.round((255 * hits) / (samples * samples));
    }
  }
  return out;
}
