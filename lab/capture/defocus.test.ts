import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backgroundReduction, coarseCamera, reducedSigma, upsampleRgb } from './defocus.js';
import { gaussianBlurDirect } from './filters.js';
import { lookAtCamera, project } from './geometry.js';
import { Rng } from '../rng.js';

/** k x k box mean of an RGB raster: what rendering with one box-filtered sample per coarse pixel produces. */
function boxDown(src: Float32Array, w: number, h: number, k: number): Float32Array {
  const cw = w / k;
  const ch = h / k;
  const out = new Float32Array(cw * ch * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
    const o = ((Math.floor(y / k) * cw + Math.floor(x / k)) * 3) + c;
    out[o] = out[o]! + src[(y * w + x) * 3 + c]! / (k * k);
  }
  return out;
}

/** A table-like test scene: a hard-edged bright rectangle, fine random grain and a smooth ramp. */
function scene(w: number, h: number): Float32Array {
  const rng = new Rng('defocus-test');
  const d = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const inside = x > w * 0.3 && x < w * 0.6 && y > h * 0.25 && y < h * 0.7 ? 0.6 : 0;
    for (let c = 0; c < 3; c++) d[(y * w + x) * 3 + c] = 0.2 + inside + 0.2 * (x / w) + rng.uniform(-0.15, 0.15);
  }
  return d;
}

for (const sigma of [4, 6, 9, 16]) {
  test(`a background blurred by sigma ${sigma} on the coarse raster matches the full-size Gaussian`, () => {
    const w = 256;
    const h = 192;
    const k = backgroundReduction(sigma);
    assert.ok(k > 1);
    const full = scene(w, h);
    const coarse = boxDown(full, w, h, k);
    gaussianBlurDirect(full, w, h, 3, sigma);
    gaussianBlurDirect(coarse, w / k, h / k, 3, reducedSigma(sigma, k));
    const up = new Float32Array(w * h * 3);
    upsampleRgb(coarse, w / k, h / k, k, up, w, h);
    // Compare away from the borders (edge clamping differs by design: full and coarse rasters clamp at other rows).
    let maxDiff = 0;
    let sumDiff = 0;
    let n = 0;
    const m = Math.ceil(3 * sigma);
    for (let y = m; y < h - m; y++) for (let x = m; x < w - m; x++) for (let c = 0; c < 3; c++) {
      const e = Math.abs(full[(y * w + x) * 3 + c]! - up[(y * w + x) * 3 + c]!);
      maxDiff = Math.max(maxDiff, e);
      sumDiff += e;
      n++;
    }
    // The scene spans 0.05-1.15; 0.008 is under 1 % of that. (The full-size three-box blur is off the exact Gaussian
    // by up to 0.031 here: its integer box widths miss the sigma.)
    assert.ok(maxDiff < 0.008, `max difference ${maxDiff.toFixed(4)}`);
    assert.ok(sumDiff / n < 0.0012, `mean difference ${(sumDiff / n).toFixed(5)}`);
  });
}

test('backgrounds blurred by less than 4 px stay at full size', () => {
  assert.equal(backgroundReduction(0), 1);
  assert.equal(backgroundReduction(3.9), 1);
  assert.equal(backgroundReduction(4), 2);
  assert.equal(backgroundReduction(8), 4);
  assert.equal(backgroundReduction(40), 4);
});

test('the coarse camera sees each world point at its frame position divided by k', () => {
  const cam = lookAtCamera(1920, 1080, 1500, [30, -40, 300], [0, 0, 0], 0.1);
  for (const k of [2, 4]) {
    const c = coarseCamera(cam, k);
    assert.equal(c.width, 1920 / k);
    assert.equal(c.height, 1080 / k);
    for (const p of [[0, 0, 0], [50, 20, 0], [-80, 60, 5]] as const) {
      const a = project(cam, p);
      const b = project(c, p);
      assert.ok(Math.abs(a[0] / k - b[0]) < 1e-9 && Math.abs(a[1] / k - b[1]) < 1e-9, `${a[0]},${a[1]} vs ${b[0]},${b[1]} at k=${k}`);
    }
  }
});
