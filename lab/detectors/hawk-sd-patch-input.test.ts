import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATCH_SIDE, PATCH_VALUES, patchOrigins, writePatchCHW } from './hawk-sd-patch-input.js';
import { patchCnnCues } from './hawk-sd-patch-scores.js';

const N = PATCH_SIDE * PATCH_SIDE;

test('writePatchCHW: the steps of the patch (the first column reads the pixel to its left) and the grid-line masks', () => {
  // Flat grey 100 with a +10 step entering at image column 21 (patch column 20) and one at the patch's own left edge.
  const w = 80;
  const h = 70;
  const data = new Float32Array(w * h).fill(100);
  for (let y = 0; y < h; y++) for (let x = 21; x < w; x++) data[y * w + x] = 110;
  for (let y = 0; y < h; y++) data[y * w] = 90; // column 0: left of the patch at x = 1
  const out = new Float32Array(PATCH_VALUES);
  writePatchCHW({ width: w, height: h, data }, 1, 1, out);
  const step10 = Math.log1p(10) / 2;
  assert.ok(Math.abs(out[5 * PATCH_SIDE + 20]! - step10) < 1e-6, 'x step at the edge');
  assert.ok(Math.abs(out[5 * PATCH_SIDE + 0]! - step10) < 1e-6, 'x step from the pixel left of the patch');
  assert.equal(out[5 * PATCH_SIDE + 7], 0, 'flat: no step');
  assert.equal(out[N + 5 * PATCH_SIDE + 20], 0, 'no y step');
  assert.equal(out[2 * N + 3 * PATCH_SIDE + 16], 1, 'column mask on a grid column');
  assert.equal(out[2 * N + 3 * PATCH_SIDE + 17], 0, 'column mask off the grid');
  assert.equal(out[3 * N + 8 * PATCH_SIDE + 5], 1, 'row mask on a grid row');
  assert.equal(out[3 * N + 9 * PATCH_SIDE + 5], 0, 'row mask off the grid');
  assert.throws(() => writePatchCHW({ width: w, height: h, data }, 0, 1, out), /needs 1 pixel above and left/);
});

test('patchOrigins: on the grid phase, inside the region with a pixel of margin, within the budget', () => {
  const region = { x: 3, y: 10, width: 700, height: 450 };
  for (const [phaseX, phaseY, budget] of [[0, 0, 1000], [5, 2, 48], [7, 7, 12]] as const) {
    const origins = patchOrigins(region, phaseX, phaseY, budget);
    assert.ok(origins.length > 0 && origins.length <= budget, `${origins.length} patches for a budget of ${budget}`);
    for (const [x, y] of origins) {
      assert.equal(((x % 8) + 8) % 8, phaseX);
      assert.equal(((y % 8) + 8) % 8, phaseY);
      assert.ok(x >= region.x + 1 && y >= region.y + 1 && x + PATCH_SIDE <= region.x + region.width && y + PATCH_SIDE <= region.y + region.height);
    }
  }
  // Budget large enough: adjacent patches (stride 64) tile the region.
  assert.equal(patchOrigins(region, 0, 0, 1000).length, 10 * 6);
  assert.deepEqual(patchOrigins({ x: 0, y: 0, width: 60, height: 200 }, 0, 0, 10), [], 'narrower than a patch');
});

test('patchCnnCues: the strongest patch and the mean of the three strongest', () => {
  const cues = patchCnnCues(Float32Array.from([0.1, 0.9, 0.2, 0.6, 0.3]));
  assert.ok(Math.abs(cues.max - 0.9) < 1e-6);
  assert.ok(Math.abs(cues.top - (0.9 + 0.6 + 0.3) / 3) < 1e-6);
  assert.deepEqual(patchCnnCues(new Float32Array(0)), { max: 0, top: 0 });
});
