import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../lab/rng.js';
import { operatingPoints } from './metrics.js';
import { detSpec, renderSvg, thinCurve } from './plots.js';

test('curve thinning keeps the ends and the shape within a thousandth, with far fewer points', () => {
  const rng = new Rng('thin');
  const points = operatingPoints({
    bonaFide: Array.from({ length: 5000 }, () => rng.normal(1, 1)),
    attack: Array.from({ length: 5000 }, () => rng.normal(-1, 1)),
  });
  assert.ok(points);
  const thin = thinCurve(points);
  assert.ok(thin.length < points.length / 3, `${thin.length} of ${points.length}`);
  assert.deepEqual(thin[0], points[0]);
  assert.deepEqual(thin[thin.length - 1], points[points.length - 1]);
  // every dropped point lies within 0.001 (linear) of the kept point before it
  let k = 0;
  for (const p of points) {
    while (k + 1 < thin.length && (thin[k + 1] as (typeof thin)[number]).threshold <= p.threshold) k += 1;
    const kept = thin[k] as (typeof thin)[number];
    assert.ok(Math.abs(p.apcer - kept.apcer) < 0.001 && Math.abs(p.bpcer - kept.bpcer) < 0.001);
  }
});

test('a DET spec renders to SVG with its title and axes', async () => {
  const svg = await renderSvg(detSpec([{ label: 'SCREEN_REPLAY', points: [{ threshold: -Infinity, apcer: 1, bpcer: 0 }, { threshold: 0, apcer: 0.1, bpcer: 0.2 }, { threshold: 1, apcer: 0, bpcer: 1 }] }], 'my DET'));
  assert.match(svg, /^<svg/);
  assert.match(svg, /my DET/);
  assert.match(svg, /APCER/);
  assert.match(svg, /BPCER/);
});
