// JPEG blocking grid: every encode quantises 8x8 blocks on a grid anchored at the image origin, and coarse
// quantisation leaves discontinuities every 8 pixels. Their phase says where the grid was (a crop or a paste moves
// it), their strength how coarse the encode was.
import type { Plane, Rect } from './planes.js';

/** Blocking energy per grid phase along one axis: element k covers boundaries between pixels k-1 and k (mod 8). */
export interface AxisGrid {
  readonly energy: Float64Array;
  /** Phase (0..7) of the strongest boundary: the first column / row of a block. */
  readonly phase: number;
  /** Energy at the phase over the median of all 8 phases, minus 1 (0 = no grid). */
  readonly strength: number;
  /** Same measure for the strongest phase other than `phase` and its neighbours: a second, shifted grid. */
  readonly secondaryPhase: number;
  readonly secondaryStrength: number;
}

export interface GridEstimate {
  readonly x: AxisGrid;
  readonly y: AxisGrid;
  /** Mean of the two axes' strengths. */
  readonly blockiness: number;
}

// Gradients above this are edges of content, not blocking; clipping them keeps one strong edge from voting.
const GRADIENT_CLIP = 24;

function axisGrid(energy: Float64Array): AxisGrid {
  let phase = 0;
  for (let k = 1; k < 8; k++) if (energy[k]! > energy[phase]!) phase = k;
  const sorted = Array.from(energy).sort((a, b) => a - b);
  const median = 0.5 * (sorted[3]! + sorted[4]!);
  const strength = median > 0 ? energy[phase]! / median - 1 : 0;
  let secondaryPhase = -1;
  for (let k = 0; k < 8; k++) {
    const d = Math.min((k - phase + 8) % 8, (phase - k + 8) % 8);
    if (d <= 1) continue;
    if (secondaryPhase < 0 || energy[k]! > energy[secondaryPhase]!) secondaryPhase = k;
  }
  const secondaryStrength = median > 0 ? energy[secondaryPhase]! / median - 1 : 0;
  return { energy, phase, strength, secondaryPhase, secondaryStrength };
}

function assertRegion(plane: Plane, r: Rect): void {
  if (r.x < 0 || r.y < 0 || r.width < 16 || r.height < 16 || r.x + r.width > plane.width || r.y + r.height > plane.height) {
    throw new RangeError(`grid region ${r.width}x${r.height} at (${r.x}, ${r.y}) must be at least 16x16 and inside the ${plane.width}x${plane.height} plane`);
  }
}

/**
 * Blocking-grid estimate over a region: mean clipped |first difference| across columns (x) and rows (y), folded
 * modulo 8. Phases are absolute image coordinates mod 8, so a region's phase can be compared with the image's.
 */
export function estimateGrid(plane: Plane, region?: Rect): GridEstimate {
  const r = region ?? { x: 0, y: 0, width: plane.width, height: plane.height };
  assertRegion(plane, r);
  const { width: w, data } = plane;
  const ex = new Float64Array(8);
  const ey = new Float64Array(8);
  const x0 = Math.max(1, r.x);
  const y0 = Math.max(1, r.y);
  for (let y = y0; y < r.y + r.height; y++) {
    const row = y * w;
    for (let x = x0; x < r.x + r.width; x++) {
      const i = row + x;
      const v = data[i]!;
      ex[x & 7]! += Math.min(GRADIENT_CLIP, Math.abs(v - data[i - 1]!));
      ey[y & 7]! += Math.min(GRADIENT_CLIP, Math.abs(v - data[i - w]!));
    }
  }
  const gx = axisGrid(ex);
  const gy = axisGrid(ey);
  return { x: gx, y: gy, blockiness: 0.5 * (gx.strength + gy.strength) };
}
