// Whether a quad's print stops short of its border. A document keeps a quiet margin inside its edge; a block cut out
// of a newspaper page by a wrong quad has print right up to its sides. Measured on the DLC tuning part's newspaper
// frames (docs/quality.md, "Localisation round 7"): for the true card, strokes in the ring just outside exceed those
// in its own margin on 12 of 14 frames; for the wrongly chosen blocks it is the other way round on 8 of 10.
import type { Point, Quad } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { rectify } from './rectify.js';
import { strokeMask } from './text-evidence.js';

export interface PrintAtBorder {
  /** Share of stroke pixels in the ring just outside the quad. */
  readonly outside: number;
  /** Share of stroke pixels in the band just inside the quad (its margin). */
  readonly inside: number;
}

/** The quad is grown by this factor about its centre: the original then spans [0.1, 0.9] of the grown raster. */
const GROWTH = 1.25;
const RING = (GROWTH - 1) / (2 * GROWTH);
/** Width of the margin band inside the quad, as a fraction of the grown raster (0.06 = 7.5 % of the quad). */
const MARGIN = 0.06;
/** Long side of the grown raster the strokes are found on (the stroke filter is tuned near the 640 px canonical). */
const RASTER_LONG_SIDE = 500;

/** Stroke shares outside and just inside `quad` (landscape order, full-image pixels; `aspect` its true width / height). */
export async function printAtBorder(full: RgbImage, quad: Quad, aspect: number): Promise<PrintAtBorder> {
  const width = RASTER_LONG_SIDE;
  const height = Math.round(RASTER_LONG_SIDE / Math.min(2, Math.max(1, aspect)));
  const grown = await rectify(full, grow(quad, GROWTH), width, height);
  const { mask } = strokeMask(grown);
  let outStrokes = 0, outPixels = 0, inStrokes = 0, inPixels = 0;
  for (let j = 0; j < height; j++) {
    const v = j / height;
    for (let i = 0; i < width; i++) {
      const u = i / width;
      const d = Math.min(u, 1 - u, v, 1 - v);
      if (d < RING) { outStrokes += mask[j * width + i]!; outPixels++; }
      else if (d < RING + MARGIN) { inStrokes += mask[j * width + i]!; inPixels++; }
    }
  }
  return { outside: outStrokes / Math.max(1, outPixels), inside: inStrokes / Math.max(1, inPixels) };
}

/**
 * Stroke share in the ring outside from which a quad lies on print (a newspaper): on the DLC tuning part's newspaper
 * frames the rings hold 0.05-0.25; a plain desk or a hand holds next to none.
 */
export const ON_PRINT_RING_STROKES = 0.04;

/** A quad lying on print whose own margin holds more print than its surroundings: a block of the printed page. */
export function printCrowdsBorder(print: PrintAtBorder): boolean {
  return print.outside >= ON_PRINT_RING_STROKES && print.inside > print.outside;
}

/** A quad whose margin is quieter than its surroundings (a document lying on print, or on a plain desk). */
export function marginIsQuiet(print: PrintAtBorder): boolean {
  return print.inside < print.outside;
}

function grow(quad: Quad, factor: number): Quad {
  const cx = quad.reduce((s, p) => s + p[0], 0) / 4;
  const cy = quad.reduce((s, p) => s + p[1], 0) / 4;
  return quad.map(([x, y]) => [cx + factor * (x - cx), cy + factor * (y - cy)] as Point) as unknown as Quad;
}
