// The closed-rectangle fit tells a stuck-on sheet (a sharp rectangle turned 1 degree, hiding the card's guilloche,
// with a cast shadow on two sides only) from a printed portrait (axis-aligned, soft edge, a printed frame line on
// all four sides, the card's guilloche printed across it), on synthetic canonical cards built here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Box } from '../../domain/types.js';
import type { Plane } from '../../features/planes.js';
import type { PortraitAnchor } from './portrait-anchors.js';
import { fitPortraitRectangle } from './rectangle.js';

const W = 640;
const H = 403;
const CENTRE = { x: 140, y: 190 };
const HALF = { w: 80, h: 100 };
const FACE: Box = { x: 100, y: 150, width: 80, height: 90 };
// The front-end's photo box is off the true one by several pixels, as measured on lab snapshots.
const PHOTO: Box = { x: 66, y: 84, width: 150, height: 214 };
const FROM_PHOTO: PortraitAnchor[] = [{ box: PHOTO, reach: 0.3, source: 'photo' }];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The card's own print: paper with a pattern of blobs (a rosette-like background print). */
const guilloche = (x: number, y: number): number => 205 + 12 * (Math.sin(x / 4) + Math.sin(y / 4));

function card(kind: 'stuck' | 'printed', turnDeg: number): Plane {
  const next = random(kind === 'stuck' ? 3 : 4);
  const data = new Float32Array(W * H);
  const t = (turnDeg * Math.PI) / 180;
  const [cos, sin] = [Math.cos(t), Math.sin(t)];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const dx = x + 0.5 - CENTRE.x;
      const dy = y + 0.5 - CENTRE.y;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      // Distance into the photo (positive inside).
      const inside = Math.min(HALF.w - Math.abs(u), HALF.h - Math.abs(v));
      // An ID photo: a light plain backdrop, a darker head in the middle.
      const face = 175 - 60 * Math.exp(-((u / 45) ** 2 + (v / 55) ** 2)) + 10 * Math.sin(u / 7) * Math.cos(v / 11);
      let value: number;
      if (kind === 'stuck') {
        value = inside >= 0 ? face : guilloche(x, y);
        // Light from the top left: the shadow falls outside the right and bottom sides, 3 px wide.
        const outsideRight = u > HALF.w && u < HALF.w + 3 && Math.abs(v) < HALF.h;
        const outsideBottom = v > HALF.h && v < HALF.h + 3 && Math.abs(u) < HALF.w;
        if (outsideRight || outsideBottom) value *= 0.65;
      } else {
        // A printed portrait blends over ~4 px into the card; the guilloche is printed over both.
        const w = Math.max(0, Math.min(1, (inside + 2) / 4));
        value = face * w + 205 * (1 - w) + (guilloche(x, y) - 205);
        // The printed frame: a 2-px dark line 4 px outside every side.
        if (inside <= -4 && inside > -6) value -= 70;
      }
      data[y * W + x] = Math.max(0, Math.min(255, value + 3 * (next() - 0.5)));
    }
  }
  return { width: W, height: H, data };
}

describe('fitPortraitRectangle', () => {
  const stuck = fitPortraitRectangle(card('stuck', 1), FACE, FROM_PHOTO);
  const printed = fitPortraitRectangle(card('printed', 0), FACE, FROM_PHOTO);

  it('finds the turned sheet as one rectangle: its angle and its four sides where they are', () => {
    assert.ok(Math.abs(stuck.angleDeg - 1) <= 0.25, `angle ${stuck.angleDeg}`);
    assert.ok(stuck.angleGain > 0.2, `gain ${stuck.angleGain}`);
    // Corners within 2 px of the sheet's (left-top corner of a 160x200 sheet turned 1 degree about its centre).
    const t = Math.PI / 180;
    const expected: [number, number] = [CENTRE.x - HALF.w * Math.cos(t) + HALF.h * Math.sin(t), CENTRE.y - HALF.w * Math.sin(t) - HALF.h * Math.cos(t)];
    const [x, y] = stuck.corners[0]!;
    assert.ok(Math.hypot(x - expected[0], y - expected[1]) < 2, `corner ${x},${y} vs ${expected}`);
    assert.ok(stuck.continuityMin >= 0.75, `continuity ${stuck.continuityMin}`);
  });

  it('finds the printed portrait axis-aligned, gaining nothing from a turn', () => {
    assert.equal(printed.angleDeg, 0);
    assert.equal(printed.angleGain, 0);
  });

  it('reads the one-sided cast shadow as asymmetric and the printed frame as symmetric', () => {
    assert.ok(stuck.shadowAsymmetry > 0.6, `stuck ${stuck.shadowAsymmetry}`);
    assert.ok(printed.shadowAsymmetry < 0.45, `printed ${printed.shadowAsymmetry}`);
    // Both have a dark band somewhere along the edge: the sheet's shadow, the printed frame line.
    assert.ok(stuck.shadowMin < -20 && printed.shadowMin < -20, `${stuck.shadowMin} ${printed.shadowMin}`);
  });

  it('sees the card print crossing the printed portrait edge, and not the sheet edge', () => {
    assert.ok(printed.crossingMean > 0.5, `printed ${printed.crossingMean}`);
    assert.ok(stuck.crossingMean < 0.3, `stuck ${stuck.crossingMean}`);
  });

  it('returns finite numbers when the window is too small to search', () => {
    const tiny = fitPortraitRectangle({ width: 12, height: 12, data: new Float32Array(144) }, { x: 4, y: 4, width: 3, height: 3 }, [{ box: { x: 2, y: 2, width: 8, height: 8 }, reach: 0.3, source: 'photo' }]);
    for (const [name, v] of Object.entries(tiny)) if (typeof v === 'number') assert.ok(Number.isFinite(v), name);
  });
});
