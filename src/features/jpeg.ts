// JPEG history features. Every JPEG encode quantises 8x8 DCT blocks on a grid anchored at the image origin.
// That leaves (1) blocking discontinuities every 8 pixels whose phase shows where the grid was, (2) DCT
// coefficients sitting on multiples of the quantisation step, and (3) after a second encode with another step,
// periodic gaps in the coefficient histogram. Cropping, splicing or re-saving an edited image disturbs all three
// locally: a pasted region keeps its own grid phase and quantiser (DESIGN.md, digital manipulations / portrait).
// The pieces live in jpeg-grid.ts (blocking), jpeg-dct.ts (coefficients, steps, histograms) and jpeg-comb.ts
// (grid-phase search and the tile map); this module combines them and re-exports them.
import type { Plane } from './planes.js';
import { estimateGrid, type GridEstimate } from './jpeg-grid.js';
import { ANALYSED_FREQUENCIES, estimateQuantiser, gridCoefficients, histogramPeriodicity } from './jpeg-dct.js';
import { gridCombScan, type CombScan } from './jpeg-comb.js';

export { estimateGrid, type AxisGrid, type GridEstimate } from './jpeg-grid.js';
export { ANALYSED_FREQUENCIES, combFit, estimateQuantiser, gridCoefficients, histogramPeriodicity } from './jpeg-dct.js';
export { gridCombScan, gridPhaseMap, type CombScan, type GridPhaseMap } from './jpeg-comb.js';

export interface CompressionTrace {
  /** Blocking-energy grid (visible blocking of low and medium qualities). */
  readonly grid: GridEstimate;
  /** Quantiser-comb grid scan (finds high-quality grids and second, shifted grids). */
  readonly comb: CombScan;
  /** Grid phase used for the DCT analysis: the comb scan's when it found a comb, else the blocking grid's. */
  readonly phaseX: number;
  readonly phaseY: number;
  /** Quantisation step per analysed frequency: from the file's table when given, else estimated (1 = none found). */
  readonly quantisers: number[];
  /** Histogram periodicity per analysed frequency (null where the histogram is too thin). */
  readonly periodicity: Array<number | null>;
  /** Mean periodicity over the frequencies that could be measured: the aligned double-compression cue. */
  readonly doubleCompression: number;
  /** Comb fit at the second-best grid phase: the non-aligned double-compression cue. */
  readonly shiftedGrid: number;
}

/**
 * The table as seen after the decoder rotated the image by 90 or 270 degrees (EXIF orientation 5-8): rows and
 * columns of every 8x8 block swap, so step (u, v) becomes step (v, u). 180-degree turns and flips keep the table.
 */
export function transposeQuantTable(table: ArrayLike<number>): number[] {
  if (table.length !== 64) throw new RangeError(`a quantisation table has 64 steps, got ${table.length}`);
  const out = new Array<number>(64);
  for (let v = 0; v < 8; v++) for (let u = 0; u < 8; u++) out[u * 8 + v] = table[v * 8 + u]!;
  return out;
}

/**
 * Everything this module knows about an image's JPEG history, from the luma plane. `quantTable` is the file's luma
 * quantisation table (64 steps, natural order v * 8 + u) when the input was a JPEG: with it the double-compression
 * histograms use the last encoder's exact steps. Without it the steps are estimated from the pixels, which finds
 * the coarser of two aligned encodes and so misses double compression whose first encode was the coarser one.
 * Pixels must be on the stored grid up to a whole-pixel shift (crops and EXIF turns are fine: the comb scan finds
 * the phase); after a 90 / 270-degree EXIF turn pass transposeQuantTable(table).
 */
export function compressionTrace(plane: Plane, quantTable?: ArrayLike<number>): CompressionTrace {
  if (quantTable !== undefined && (quantTable.length !== 64 || !Array.from(quantTable).every((q) => Number.isInteger(q) && q >= 1 && q <= 65535))) {
    throw new RangeError('quantTable must hold 64 integer steps 1..65535 in natural order (index v * 8 + u)');
  }
  const grid = estimateGrid(plane);
  const comb = gridCombScan(plane);
  const useComb = comb.primaryFit >= 0.3;
  const phaseX = useComb ? comb.phaseX : grid.x.phase;
  const phaseY = useComb ? comb.phaseY : grid.y.phase;
  const { coefficients } = gridCoefficients(plane, phaseX, phaseY);
  const quantisers = coefficients.map((c, f) => (quantTable ? quantTable[ANALYSED_FREQUENCIES[f]!]! : estimateQuantiser(c)));
  const periodicity = coefficients.map((c, f) => (quantisers[f]! >= 2 ? histogramPeriodicity(c, quantisers[f]!) : null));
  const measured = periodicity.filter((p): p is number => p !== null);
  const doubleCompression = measured.length > 0 ? measured.reduce((a, b) => a + b, 0) / measured.length : 0;
  return { grid, comb, phaseX, phaseY, quantisers, periodicity, doubleCompression, shiftedGrid: comb.secondaryFit };
}

export interface QuantisationFitMap {
  /** Side of each region in pixels (a multiple of 8, on the image grid). */
  readonly regionSize: number;
  /** Pixel position of region (0, 0): the image's grid origin. */
  readonly originX: number;
  readonly originY: number;
  readonly cols: number;
  readonly rows: number;
  /** Mean comb fit of each region's coefficients to the image-wide quantisers (NaN where there was nothing to fit). */
  readonly fit: Float32Array;
  /** The image-wide quantisers the regions were compared with. */
  readonly quantisers: number[];
}

/**
 * Block-level compression consistency: how well each region's DCT coefficients sit on the image-wide quantiser
 * comb. Regions compressed with another quality, on another grid, or not at all (pasted into a decoded image
 * that was then saved losslessly) fit worse than the rest.
 */
export function quantisationFitMap(plane: Plane, regionSize = 64): QuantisationFitMap {
  if (!Number.isInteger(regionSize) || regionSize < 32 || regionSize % 8 !== 0) {
    throw new RangeError(`quantisation region size must be a multiple of 8 and at least 32, got ${regionSize}`);
  }
  const grid = estimateGrid(plane);
  const all = gridCoefficients(plane, grid.x.phase, grid.y.phase);
  const quantisers = all.coefficients.map((c) => estimateQuantiser(c));
  const per = regionSize / 8;
  const cols = Math.floor(all.cols / per);
  const rows = Math.floor(all.rows / per);
  const fit = new Float32Array(cols * rows);
  for (let ry = 0; ry < rows; ry++) {
    for (let rx = 0; rx < cols; rx++) {
      let s = 0;
      let n = 0;
      for (let f = 0; f < quantisers.length; f++) {
        const q = quantisers[f]!;
        if (q < 2) continue;
        const half = q / 2;
        const w = (2 * Math.PI) / q;
        const coeff = all.coefficients[f]!;
        for (let by = ry * per; by < (ry + 1) * per; by++) {
          for (let bx = rx * per; bx < (rx + 1) * per; bx++) {
            const c = coeff[by * all.cols + bx]!;
            if (Math.abs(c) < half) continue;
            s += Math.cos(w * c);
            n++;
          }
        }
      }
      fit[ry * cols + rx] = n >= 8 ? s / n : Number.NaN;
    }
  }
  return { regionSize, originX: all.x0, originY: all.y0, cols, rows, fit, quantisers };
}
