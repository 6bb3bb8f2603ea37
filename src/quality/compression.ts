// Compression: the JPEG quality the encoder used (from the file's own quantisation tables), and blockiness (the
// 8x8 grid that coarse quantisation leaves, still visible after re-encoding at high quality or as PNG).
import type { Plane } from '../image/types.js';

/**
 * Mean absolute luma step across column / row boundaries at the strongest 8-pixel phase, divided by the mean step
 * at the other phases. 1 = no grid; coarse JPEG gives well above 1. Phase-free, so crops and EXIF rotations that
 * move the grid do not matter. Flat areas are skipped: they carry no evidence either way.
 */
export function blockiness(luma: Plane): number {
  const { width, height, data } = luma;
  const colSteps = new Float64Array(8), rowSteps = new Float64Array(8);
  const colCounts = new Float64Array(8), rowCounts = new Float64Array(8);
  for (let y = 1; y < height - 1; y += 2) {
    const row = y * width;
    for (let x = 1; x < width - 2; x++) {
      const d = Math.abs((data[row + x + 1] as number) - (data[row + x] as number));
      // Only count steps in regions that are smooth beside the step (a block edge, not texture).
      const left = Math.abs((data[row + x] as number) - (data[row + x - 1] as number));
      const right = Math.abs((data[row + x + 2] as number) - (data[row + x + 1] as number));
      if (left > 6 || right > 6 || d > 30) continue;
      colSteps[(x + 1) % 8]! += d; colCounts[(x + 1) % 8]! += 1;
    }
  }
  for (let y = 1; y < height - 2; y++) {
    for (let x = 1; x < width - 1; x += 2) {
      const i = y * width + x;
      const d = Math.abs((data[i + width] as number) - (data[i] as number));
      const up = Math.abs((data[i] as number) - (data[i - width] as number));
      const down = Math.abs((data[i + 2 * width] as number) - (data[i + width] as number));
      if (up > 6 || down > 6 || d > 30) continue;
      rowSteps[(y + 1) % 8]! += d; rowCounts[(y + 1) % 8]! += 1;
    }
  }
  return Math.max(phaseRatio(colSteps, colCounts), phaseRatio(rowSteps, rowCounts));
}

/** Grey levels added to both sides of the ratio: below this, steps are too small to mean anything. */
const STEP_FLOOR = 0.1;

function phaseRatio(steps: Float64Array, counts: Float64Array): number {
  const means = Array.from(steps, (s, k) => (counts[k]! > 0 ? s / counts[k]! : 0));
  let best = 0;
  for (let k = 1; k < 8; k++) if (means[k]! > means[best]!) best = k;
  const others = means.filter((_, k) => k !== best);
  const rest = others.reduce((a, b) => a + b, 0) / others.length;
  // Perfectly flat blocks (only DC left) have no step inside at all: the floor keeps that the blockiest case.
  return (means[best]! + STEP_FLOOR) / (rest + STEP_FLOOR);
}
