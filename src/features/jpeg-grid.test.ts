// estimateGrid sums in locals over 8-pixel groups (speed): its energies must equal, to the bit, the plain per-pixel
// loop it replaced (the shipped models were fitted on those values).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateGrid } from './jpeg-grid.js';
import type { Plane, Rect } from './planes.js';

/** The loop before the grouping: one typed-array update per pixel and axis. */
function plainEnergies(plane: Plane, r: Rect): { ex: Float64Array; ey: Float64Array } {
  const { width: w, data } = plane;
  const ex = new Float64Array(8);
  const ey = new Float64Array(8);
  for (let y = Math.max(1, r.y); y < r.y + r.height; y++) {
    for (let x = Math.max(1, r.x); x < r.x + r.width; x++) {
      const i = y * w + x;
      ex[x & 7]! += Math.min(24, Math.abs(data[i]! - data[i - 1]!));
      ey[y & 7]! += Math.min(24, Math.abs(data[i]! - data[i - w]!));
    }
  }
  return { ex, ey };
}

describe('estimateGrid', () => {
  it('gives the plain loop\'s energies to the bit, for regions starting and ending at every phase', () => {
    let seed = 11;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const [w, h] of [[16, 16], [37, 29], [64, 40], [203, 97]] as const) {
      // Quantised noise plus blocks: many clipped and many small steps.
      const data = Float32Array.from({ length: w * h }, (_, i) => Math.round(255 * next()) * 0.5 + ((i % w) >> 3) * 7.3);
      const plane = { width: w, height: h, data };
      const regions: Rect[] = [{ x: 0, y: 0, width: w, height: h }];
      for (let k = 0; k < 12; k++) {
        const rw = 16 + Math.floor(next() * (w - 15));
        const rh = 16 + Math.floor(next() * (h - 15));
        regions.push({ x: Math.floor(next() * (w - rw + 1)), y: Math.floor(next() * (h - rh + 1)), width: rw, height: rh });
      }
      for (const r of regions) {
        const got = estimateGrid(plane, r);
        const want = plainEnergies(plane, r);
        assert.deepEqual(Array.from(got.x.energy), Array.from(want.ex), `x energies, ${w}x${h} region ${JSON.stringify(r)}`);
        assert.deepEqual(Array.from(got.y.energy), Array.from(want.ey), `y energies, ${w}x${h} region ${JSON.stringify(r)}`);
      }
    }
  });
});
