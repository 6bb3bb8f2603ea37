import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, Quad } from '../domain/types.js';
import { FOCAL_FRACTION, ID1_ASPECT, ID3_ASPECT, formatFromAspect, trueAspect } from './aspect.js';

/** Projects a w x h mm rectangle, rotated (tilt about x, then y, then roll) at distance d, with the assumed focal. */
function project(wMm: number, hMm: number, tiltX: number, tiltY: number, roll: number, distance: number, W: number, H: number): Quad {
  const f = FOCAL_FRACTION * Math.max(W, H);
  const corners: [number, number][] = [[-wMm / 2, -hMm / 2], [wMm / 2, -hMm / 2], [wMm / 2, hMm / 2], [-wMm / 2, hMm / 2]];
  return corners.map(([x0, y0]) => {
    let x = x0 * Math.cos(roll) - y0 * Math.sin(roll), y = x0 * Math.sin(roll) + y0 * Math.cos(roll), z = 0;
    [y, z] = [y * Math.cos(tiltX) - z * Math.sin(tiltX), y * Math.sin(tiltX) + z * Math.cos(tiltX)];
    [x, z] = [x * Math.cos(tiltY) + z * Math.sin(tiltY), -x * Math.sin(tiltY) + z * Math.cos(tiltY)];
    z += distance;
    return [W / 2 + (f * x) / z, H / 2 + (f * y) / z] as Point;
  }) as unknown as Quad;
}

test('recovers the ID-1 and ID-3 aspect ratios under strong perspective', () => {
  for (const [w, h, expected] of [[85.6, 53.98, ID1_ASPECT], [125, 88, ID3_ASPECT]] as const) {
    for (const [tx, ty, roll] of [[0, 0, 0], [0.5, 0, 0.3], [-0.4, 0.35, 1.2], [0.2, -0.5, 2.5]] as const) {
      const quad = project(w, h, tx, ty, roll, 250, 1920, 1080);
      const aspect = trueAspect(quad, 1920, 1080);
      assert.ok(Math.abs(aspect - expected) < 0.01, `${w}x${h} tilt ${tx},${ty} roll ${roll}: ${aspect}`);
    }
  }
});

test('the format follows the aspect ratio; squares and strips are UNKNOWN', () => {
  assert.equal(formatFromAspect(ID1_ASPECT), 'ID_CARD');
  assert.equal(formatFromAspect(ID3_ASPECT), 'PASSPORT');
  assert.equal(formatFromAspect(1.05), 'UNKNOWN');
  assert.equal(formatFromAspect(2.4), 'UNKNOWN');
});
