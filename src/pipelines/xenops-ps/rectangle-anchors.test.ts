// The rectangle search from the layout's portrait box and the front-end's photo box: a sheet stuck (turned 1 degree,
// offset 0.5 mm, cut 4 % larger) over the portrait of a synthetic ID-1 card whose photo box estimate is 0.2 widths
// off, under a dark header band whose edge runs straight across the card 1 mm above the sheet. The sheet's top
// must win over the longer, stronger header edge (it runs on past the sheet's corners), and the rectangle must be
// found where the sheet is, not where the photo box says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Box } from '../../domain/types.js';
import type { Plane } from '../../features/planes.js';
import { portraitAnchors } from './portrait-anchors.js';
import { fitPortraitRectangle } from './rectangle.js';

const W = 640;
const H = 404;
const PX_PER_MM = W / 85.6;
// The ID-1 layout box (3.8 mm from the left, 11 mm from the top, 31.5 mm tall, 0.78 as wide), in canonical px.
const LAYOUT = { x: 3.8 * PX_PER_MM, y: 11 * (H / 53.98), w: 0.78 * 31.5 * PX_PER_MM, h: 31.5 * (H / 53.98) };
const SHEET = {
  cx: LAYOUT.x + LAYOUT.w / 2 + 0.5 * PX_PER_MM,
  cy: LAYOUT.y + LAYOUT.h / 2 - 0.3 * PX_PER_MM,
  halfW: (1.04 * LAYOUT.w) / 2,
  halfH: (1.04 * LAYOUT.h) / 2,
  turnDeg: 1,
};
/** Bottom of the header band: 1 mm above the sheet's top. */
const HEADER_BOTTOM = Math.round(SHEET.cy - SHEET.halfH - PX_PER_MM);
const FACE: Box = { x: SHEET.cx - 45, y: SHEET.cy - 60, width: 90, height: 100 };
// The front-end's photo box: 0.2 portrait widths to the right of and below the sheet (as measured on lab snapshots).
const PHOTO: Box = { x: LAYOUT.x + 0.2 * LAYOUT.w, y: LAYOUT.y + 0.15 * LAYOUT.w, width: LAYOUT.w, height: LAYOUT.h };

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function card(): Plane {
  const next = random(11);
  const data = new Float32Array(W * H);
  const t = (SHEET.turnDeg * Math.PI) / 180;
  const [cos, sin] = [Math.cos(t), Math.sin(t)];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const dx = x + 0.5 - SHEET.cx;
      const dy = y + 0.5 - SHEET.cy;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      const inside = Math.min(SHEET.halfW - Math.abs(u), SHEET.halfH - Math.abs(v));
      let value = y < HEADER_BOTTOM ? 70 : 205 + 10 * (Math.sin(x / 4) + Math.sin(y / 5));
      if (inside >= 0) value = 185 - 70 * Math.exp(-((u / 50) ** 2 + (v / 65) ** 2)) + 8 * Math.sin(u / 6) * Math.cos(v / 9);
      // A faint shadow below and right of the sheet (light from the top left).
      else if ((u > SHEET.halfW && u < SHEET.halfW + 2 && Math.abs(v) < SHEET.halfH) || (v > SHEET.halfH && v < SHEET.halfH + 2 && Math.abs(u) < SHEET.halfW)) value *= 0.8;
      data[y * W + x] = Math.max(0, Math.min(255, value + 3 * (next() - 0.5)));
    }
  }
  return { width: W, height: H, data };
}

/** The sheet's corner (su, sv) = (+-1, +-1) in canonical px. */
function sheetCorner(su: number, sv: number): [number, number] {
  const t = (SHEET.turnDeg * Math.PI) / 180;
  const u = su * SHEET.halfW;
  const v = sv * SHEET.halfH;
  return [SHEET.cx + u * Math.cos(t) - v * Math.sin(t), SHEET.cy + u * Math.sin(t) + v * Math.cos(t)];
}

describe('fitPortraitRectangle from the layout and photo anchors', () => {
  const luma = card();
  const anchors = portraitAnchors(FACE, PHOTO, W, H);
  const fit = fitPortraitRectangle(luma, FACE, anchors);

  it('offers the ID-1 layout boxes that hold the face, and the photo box last', () => {
    assert.ok(anchors.some((a) => a.source === 'layout' && Math.abs(a.box.y - LAYOUT.y) < 0.5 && Math.abs(a.box.height - LAYOUT.h) < 0.5));
    assert.equal(anchors.at(-1)!.source, 'photo');
  });

  it('finds the turned sheet where it is, from the layout box, not where the photo box says', () => {
    assert.equal(fit.layoutAnchored, 1);
    assert.ok(Math.abs(fit.angleDeg - SHEET.turnDeg) <= 0.25, `angle ${fit.angleDeg}`);
    const expected = [sheetCorner(-1, -1), sheetCorner(1, -1), sheetCorner(1, 1), sheetCorner(-1, 1)];
    fit.corners.forEach(([x, y], i) => {
      const [ex, ey] = expected[i]!;
      // Within 4 px: the right and bottom sides may be taken at the outer edge of the 2-px shadow.
      assert.ok(Math.hypot(x - ex, y - ey) < 4, `corner ${i}: ${x.toFixed(1)},${y.toFixed(1)} vs ${ex.toFixed(1)},${ey.toFixed(1)}`);
    });
    // The fitted sheet is 0.5 mm off the layout box and 4 % larger: a small but non-zero deviation.
    assert.ok(fit.anchorDeviation > 0.01 && fit.anchorDeviation < 0.06, `deviation ${fit.anchorDeviation}`);
  });

  it('takes the sheet top, which ends at its corners, over the header edge that runs on past them', () => {
    const top = fit.sides.find((s) => s.side === 'top')!;
    assert.ok(top.extension < 0.3, `sheet top extension ${top.extension}`);
    const topY = (fit.corners[0]![1] + fit.corners[1]![1]) / 2;
    assert.ok(topY > HEADER_BOTTOM + 4, `top at ${topY.toFixed(1)}, header edge at ${HEADER_BOTTOM}`);
  });

  it('gives no layout anchor for a face outside every layout box, and stays finite', () => {
    const face: Box = { x: 300, y: 150, width: 60, height: 70 };
    const only = portraitAnchors(face, { x: 280, y: 120, width: 100, height: 140 }, W, H);
    assert.deepEqual(only.map((a) => a.source), ['photo']);
    const f = fitPortraitRectangle(luma, face, only);
    assert.equal(f.layoutAnchored, 0);
    for (const [name, v] of Object.entries(f)) if (typeof v === 'number') assert.ok(Number.isFinite(v), name);
  });
});
