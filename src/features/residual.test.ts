import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addGaussianNoise, planeFrom, smoothContent } from '../../test/features/synthetic.js';
import { medianResidual, noiseInconsistency, noiseLevelMap, noiseSigma } from './residual.js';

test('the global noise estimate is within 10 % of the injected sigma, over smooth content', () => {
  for (const sigma of [1, 2.5, 5, 12]) {
    const noisy = addGaussianNoise(smoothContent(512, 384, 4), sigma, 100 + sigma);
    const estimate = noiseSigma(noisy);
    assert.ok(Math.abs(estimate - sigma) / sigma < 0.1, `sigma ${sigma}: estimated ${estimate.toFixed(3)}`);
  }
  assert.ok(noiseSigma(smoothContent(256, 256)) < 0.1, 'noise-free content estimates (near) zero');
});

test('block noise levels follow the injected sigma and a region with another sigma is flagged', () => {
  const base = addGaussianNoise(smoothContent(512, 512, 2), 2, 21);
  const region = { x: 192, y: 128, width: 128, height: 160 };
  const spliced = addGaussianNoise(base, 5, 22, region); // total sigma sqrt(2^2 + 5^2) = 5.4 inside
  const map = noiseLevelMap(spliced, 32);
  assert.equal(map.cols, 16);
  const inside = (bx: number, by: number) => bx * 32 >= region.x && (bx + 1) * 32 <= region.x + region.width && by * 32 >= region.y && (by + 1) * 32 <= region.y + region.height;
  const result = noiseInconsistency(map);
  let insideFlagged = 0;
  let insideCount = 0;
  let outsideFlagged = 0;
  for (let by = 0; by < map.rows; by++) {
    for (let bx = 0; bx < map.cols; bx++) {
      const i = by * map.cols + bx;
      if (inside(bx, by)) {
        insideCount++;
        if (result.z[i]! > 3) insideFlagged++;
        assert.ok(Math.abs(map.values[i]! - Math.hypot(2, 5)) / Math.hypot(2, 5) < 0.25);
      } else if (Math.abs(result.z[i]!) > 3 && (bx * 32 + 32 <= region.x || bx * 32 >= region.x + region.width || by * 32 + 32 <= region.y || by * 32 >= region.y + region.height)) {
        outsideFlagged++;
      }
    }
  }
  assert.equal(insideFlagged, insideCount, 'every block fully inside the region is an outlier');
  assert.ok(outsideFlagged <= 2, `at most 2 false alarms outside, got ${outsideFlagged}`);
  assert.ok(result.maxAbsZ > 5 && result.outlierFraction > 0.05);
  const uniform = noiseInconsistency(noiseLevelMap(base, 32));
  assert.ok(uniform.outlierFraction < 0.02 && uniform.spread < 1.4, `uniform noise spread ${uniform.spread}`);
});

test('the median residual removes edges and keeps isolated noise', () => {
  const step = planeFrom(16, 16, (x) => (x < 8 ? 20 : 200));
  const r = medianResidual(step);
  assert.ok(r.data.every((v) => v === 0), 'a clean step edge leaves no residual');
  const spike = planeFrom(16, 16, (x, y) => (x === 5 && y === 5 ? 150 : 100));
  assert.equal(medianResidual(spike).data[5 * 16 + 5], 50);
});

test('bad block sizes are refused', () => {
  assert.throws(() => noiseLevelMap(smoothContent(64, 64), 7), /even integer >= 8/);
  assert.throws(() => noiseLevelMap(smoothContent(16, 16), 32), /smaller than one 32x32/);
});

test('the median residual equals the plane minus a sorted-window median everywhere inside', () => {
  const p = addGaussianNoise(smoothContent(40, 30, 6), 10, 7);
  const r = medianResidual(p);
  for (let y = 1; y < 29; y++) {
    for (let x = 1; x < 39; x++) {
      const win: number[] = [];
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) win.push(p.data[(y + dy) * 40 + x + dx]!);
      win.sort((a, b) => a - b);
      assert.ok(Math.abs(r.data[y * 40 + x]! - (p.data[y * 40 + x]! - win[4]!)) < 1e-4);
    }
  }
});

test('noiseLevelMap block medians equal those of a full sort (selection, many ties and distinct values)', () => {
  const w = 96;
  const h = 64;
  let seed = 11;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  // Left half quantised to whole grey levels (ties everywhere), right half continuous.
  const plane = planeFrom(w, h, (x) => (x < 48 ? Math.round(rand() * 6) : rand() * 9.3));
  const map = noiseLevelMap(plane, 16);
  for (let by = 0; by < map.rows; by++) {
    for (let bx = 0; bx < map.cols; bx++) {
      const coeffs: number[] = [];
      for (let y = by * 16; y < by * 16 + 16; y += 2) {
        for (let x = bx * 16; x < bx * 16 + 16; x += 2) {
          const i = y * w + x;
          const d = plane.data;
          coeffs.push(Math.fround(Math.abs(d[i]! - d[i + 1]! - d[i + w]! + d[i + w + 1]!) * 0.5));
        }
      }
      const sorted = Float32Array.from(coeffs).sort();
      const expected = 0.5 * (sorted[(sorted.length >> 1) - 1]! + sorted[sorted.length >> 1]!);
      assert.equal(map.values[by * map.cols + bx], Math.fround(expected / 0.6744897501960817), `block (${bx}, ${by})`);
    }
  }
});
