// JPEG grid inside the portrait against the card, on the uploaded pixels (a warp would destroy the grid). A face
// pasted from its own JPEG save keeps that save's 8x8 grid, at a phase that is almost never the final image's; the
// rest of the card carries only the capture's (and the final save's) grid at the image origin.
import { estimateGrid, gridCombScan, type CombScan, type GridEstimate } from '../../features/jpeg.js';
import { lumaOfRect } from '../../features/planes.js';
import type { RgbImage } from '../../image/types.js';
import type { PixelRect } from './regions.js';

export interface GridWindow {
  readonly comb: CombScan;
  readonly grid: GridEstimate;
}

/** Comb scan and blocking grid of one window; phases are absolute because the window starts on the 8x8 grid. */
export function gridWindow(image: RgbImage, rect: PixelRect): GridWindow {
  const luma = lumaOfRect(image, rect);
  return { comb: gridCombScan(luma, 160), grid: estimateGrid(luma) };
}

export interface GridComparison {
  /** Best comb fit inside the portrait, and the fit inside at the card's phase. */
  readonly insideBest: number;
  readonly insideAtCardPhase: number;
  /** Best comb fit inside at a phase other than its primary, minus the card's fit at that phase: a pasted patch's
   *  own grid, which the final save's grid at the origin outweighs in the primary fit. */
  readonly shiftedCombGain: number;
  /** 1 when the inside shows a shifted comb (fit >= 0.45) at a phase where the card shows none (< 0.35). */
  readonly phaseMismatch: number;
  /** Blocking strength inside over the card's (log ratio). */
  readonly blockingLogRatio: number;
  /** Axes (0-2) on which the inside's blocking phase differs from the card's while both show blocking. */
  readonly blockingPhaseMismatch: number;
}

export function compareGrids(inside: GridWindow, card: GridWindow): GridComparison {
  const cardPhase = card.comb.phaseY * 8 + card.comb.phaseX;
  const insidePhase = inside.comb.phaseY * 8 + inside.comb.phaseX;
  const both = inside.comb.primaryFit >= 0.3 && card.comb.primaryFit >= 0.3;
  const axisMismatch = (a: GridEstimate['x'], b: GridEstimate['x']): number => (a.strength > 0.1 && b.strength > 0.1 && a.phase !== b.phase ? 1 : 0);
  // The inside's strongest comb off the card's grid (its primary when that already differs).
  const shiftedPhase = insidePhase !== cardPhase ? insidePhase : inside.comb.secondaryPhaseY * 8 + inside.comb.secondaryPhaseX;
  const shiftedFit = inside.comb.fit[shiftedPhase]!;
  const cardThere = card.comb.fit[shiftedPhase]!;
  return {
    insideBest: inside.comb.primaryFit,
    insideAtCardPhase: inside.comb.fit[cardPhase]!,
    shiftedCombGain: shiftedFit - cardThere,
    phaseMismatch: (both && cardPhase !== insidePhase) || (shiftedFit >= 0.45 && cardThere < 0.35) ? 1 : 0,
    blockingLogRatio: Math.log((inside.grid.blockiness + 0.02) / (card.grid.blockiness + 0.02)),
    blockingPhaseMismatch: axisMismatch(inside.grid.x, card.grid.x) + axisMismatch(inside.grid.y, card.grid.y),
  };
}
