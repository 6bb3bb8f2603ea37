import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIrradianceGrid, irradianceAt, lookupIrradiance } from './irradiance-grid.js';
import type { SurfaceShading } from './irradiance-grid.js';

// A card-sized plane seen in perspective at 2-4 px per mm with a desk lamp only 120 mm above one corner and a flash
// near the camera: the steepest lighting the scenes use. The grid must match exact per-pixel lighting to 0.1 %.
function shading(bend: SurfaceShading['bend']): SurfaceShading {
  return {
    // image (x, y) -> plane (u, v): mild perspective, u = (0.3 x) / w, v = (0.25 y) / w, w = 1 + 2e-4 x.
    imageToPlane: [0.3, 0, 0, 0, 0.25, 0, 2e-4, 0, 1],
    origin: [0, 0, 0],
    eu: [1, 0, 0],
    ev: [0, 1, 0],
    normal: [0, 0, 1],
    bend,
    lights: Float64Array.from([10, 5, 120, 0.8, 0.7, 0.5, 40, 30, 300, 0.3, 0.3, 0.3]),
  };
}

for (const bend of [null, { curvature: 0.004, alongU: true, mid: 40 }]) {
  test(`grid-interpolated irradiance equals the exact one within 0.1 % (${bend ? 'bent' : 'flat'} surface)`, () => {
    const sh = shading(bend);
    const [x0, y0, x1, y1] = [3, 5, 290, 210];
    const grid = buildIrradianceGrid(sh, x0, y0, x1, y1, 1);
    assert.ok(grid);
    const got = new Float64Array(3);
    const want = new Float64Array(3);
    let worst = 0;
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) {
      lookupIrradiance(grid, x, y, got);
      const w = 1 + 2e-4 * (x + 0.5);
      irradianceAt(sh, (0.3 * (x + 0.5)) / w, (0.25 * (y + 0.5)) / w, want, 0);
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(got[c]! - want[c]!) / want[c]!);
    }
    assert.ok(worst < 1e-3, `worst relative error ${worst}`);
    assert.ok(worst > 0, 'the grid interpolates (not exact everywhere)');
  });
}

test('no grid when part of the pixel box lies beyond the plane horizon', () => {
  const sh = { ...shading(null), imageToPlane: [0.3, 0, 0, 0, 0.25, 0, -0.01, 0, 1] };
  assert.equal(buildIrradianceGrid(sh, 0, 0, 200, 50, 1), null);
});
