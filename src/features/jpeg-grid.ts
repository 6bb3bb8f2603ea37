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
  const x1 = r.x + r.width;
  // Whole 8-pixel groups of a row: from the first multiple of 8 at or after x0 to the last one before x1.
  const groupStart = Math.min(x1, (x0 + 7) & ~7);
  const groupEnd = Math.max(groupStart, x1 & ~7);
  for (let y = y0; y < r.y + r.height; y++) {
    const row = y * w;
    // The sums live in locals inside the row (a typed-array read-modify-write per pixel was most of the cost).
    // Every sum still adds the same terms in the same order (x ascending, row after row), so the result is
    // bit-identical: the row's y sum goes back to ey at the row's end, the 8 x sums to ex around the grouped part.
    let sy = ey[y & 7]!;
    let x = x0;
    for (; x < groupStart; x++) {
      const i = row + x;
      const v = data[i]!;
      ex[x & 7]! += Math.min(GRADIENT_CLIP, Math.abs(v - data[i - 1]!));
      sy += Math.min(GRADIENT_CLIP, Math.abs(v - data[i - w]!));
    }
    let s0 = ex[0]!, s1 = ex[1]!, s2 = ex[2]!, s3 = ex[3]!, s4 = ex[4]!, s5 = ex[5]!, s6 = ex[6]!, s7 = ex[7]!;
    for (; x < groupEnd; x += 8) {
      const i = row + x;
      const a0 = data[i]!, a1 = data[i + 1]!, a2 = data[i + 2]!, a3 = data[i + 3]!;
      const a4 = data[i + 4]!, a5 = data[i + 5]!, a6 = data[i + 6]!, a7 = data[i + 7]!;
      const u = i - w;
      s0 += Math.min(GRADIENT_CLIP, Math.abs(a0 - data[i - 1]!));
      sy += Math.min(GRADIENT_CLIP, Math.abs(a0 - data[u]!));
      s1 += Math.min(GRADIENT_CLIP, Math.abs(a1 - a0));
      sy += Math.min(GRADIENT_CLIP, Math.abs(a1 - data[u + 1]!));
      s2 += Math.min(GRADIENT_CLIP, Math.abs(a2 - a1));
      sy += Math.min(GRADIENT_CLIP, Math.abs(a2 - data[u + 2]!));
      s3 += Math.min(GRADIENT_CLIP, Math.abs(a3 - a2));
      sy += Math.min(GRADIENT_CLIP, Math.abs(a3 - data[u + 3]!));
      s4 += Math.min(GRADIENT_CLIP, Math.abs(a4 - a3));
      sy += Math.min(GRADIENT_CLIP, Math.abs(a4 - data[u + 4]!));
      s5 += Math.min(GRADIENT_CLIP, Math.abs(a5 - a4));
      sy += Math.min(GRADIENT_CLIP, Math.abs(a5 - data[u + 5]!));
      s6 += Math.min(GRADIENT_CLIP, Math.abs(a6 - a5));
      sy += Math.min(GRADIENT_CLIP, Math.abs(a6 - data[u + 6]!));
      s7 += Math.min(GRADIENT_CLIP, Math.abs(a7 - a6));
      sy += Math.min(GRADIENT_CLIP, Math.abs(a7 - data[u + 7]!));
    }
    ex[0] = s0, ex[1] = s1, ex[2] = s2, ex[3] = s3, ex[4] = s4, ex[5] = s5, ex[6] = s6, ex[7] = s7;
    for (; x < x1; x++) {
      const i = row + x;
      const v = data[i]!;
      ex[x & 7]! += Math.min(GRADIENT_CLIP, Math.abs(v - data[i - 1]!));
      sy += Math.min(GRADIENT_CLIP, Math.abs(v - data[i - w]!));
    }
    ey[y & 7] = sy;
  }
  const gx = axisGrid(ex);
  const gy = axisGrid(ey);
  return { x: gx, y: gy, blockiness: 0.5 * (gx.strength + gy.strength) };
}
