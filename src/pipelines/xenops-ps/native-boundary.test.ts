// The native-resolution boundary measures respond to a stuck-on photo (a 1-pixel-sharp cut edge and a thin cast
// shadow, both a few native pixels wide) and not to a printed portrait (a soft printed border, no shadow), on a
// synthetic 3x-native card built here: the canonical document is 640 px wide, the "upload" 1920 px.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Box } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';
import { measureNativeBoundary } from './native-boundary.js';

const NATIVE = 3;
const W = 640;
const H = 403;
// Photo (canonical px) and the face inside it.
const PHOTO = { x0: 60, x1: 220, y0: 90, y1: 290 };
const FACE: Box = { x: 95, y: 140, width: 90, height: 100 };

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The native card: paper 215, photo backdrop 170; `stuck` = sharp edge + 4 native px shadow below the bottom side. */
function nativeCard(stuck: boolean, turnDeg = 0): RgbImage {
  const tan = Math.tan((turnDeg * Math.PI) / 180);
  const cx = ((PHOTO.x0 + PHOTO.x1) / 2) * NATIVE;
  const cy = ((PHOTO.y0 + PHOTO.y1) / 2) * NATIVE;
  const w = W * NATIVE;
  const h = H * NATIVE;
  const next = random(stuck ? 11 : 12);
  const data = new Uint8Array(w * h * 3);
  const [x0, x1, y0, y1] = [PHOTO.x0 * NATIVE, PHOTO.x1 * NATIVE, PHOTO.y0 * NATIVE, PHOTO.y1 * NATIVE];
  for (let y = 0; y < h; y++) {
    for (let xi = 0; xi < w; xi++) {
      // The sheet turned by turnDeg about the photo's centre (small-angle shear).
      const x = xi - (y - cy) * tan;
      const yy = y + (xi - cx) * tan;
      // Distance into the photo (positive inside), in native px.
      const d = Math.min(x - x0, x1 - x, yy - y0, y1 - yy);
      let v: number;
      if (stuck) {
        v = d >= 0 ? 170 : 215;
        if (d < 0 && x >= x0 && x < x1 && yy >= y1 && yy < y1 + 4) v -= 70;
      } else {
        // A printed border blends over ~9 native px (3 canonical px).
        const t = Math.max(0, Math.min(1, (d + 4.5) / 9));
        v = 215 - 45 * t;
      }
      const i = (y * w + xi) * 3;
      data.fill(Math.max(0, Math.min(255, Math.round(v + 2 * (next() - 0.5) * 2))), i, i + 3);
    }
  }
  return { width: w, height: h, data };
}

/** document.crop for an axis-aligned document filling the upload: nearest-neighbour resampling at the asked scale. */
function cropper(image: RgbImage) {
  return async (region: Box, options: { scale: number; maxSide: number }): Promise<RgbImage> => {
    const scale = Math.min(NATIVE * options.scale, options.maxSide / Math.max(region.width, region.height));
    const width = Math.max(1, Math.round(region.width * scale));
    const height = Math.max(1, Math.round(region.height * scale));
    const out = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const sx = Math.min(image.width - 1, Math.floor((region.x + (x + 0.5) / scale) * NATIVE));
        const sy = Math.min(image.height - 1, Math.floor((region.y + (y + 0.5) / scale) * NATIVE));
        out.set(image.data.subarray((sy * image.width + sx) * 3, (sy * image.width + sx) * 3 + 3), (y * width + x) * 3);
      }
    }
    return { width, height, data: out };
  };
}

describe('xenops-ps native boundary', () => {
  it('sees the stuck-on sheet (sharp step, one-sided shadow) and not the printed border', async () => {
    const printed = await measureNativeBoundary(cropper(nativeCard(false)), FACE, W, H, NATIVE);
    const stuck = await measureNativeBoundary(cropper(nativeCard(true)), FACE, W, H, NATIVE);
    assert.equal(stuck.pxPerCanonical, 2, 'bands at twice the canonical resolution (below native 3)');
    const left = (b: typeof printed) => b.sides.find((s) => s.side === 'left')!;
    // The left band starts 0.8 face widths left of the face box.
    assert.ok(Math.abs(left(stuck).position! / 2 + FACE.x - 0.8 * FACE.width - PHOTO.x0) <= 1, `left edge found at band px ${left(stuck).position}`);
    assert.ok(stuck.shadowMax > 15, `shadow under the sheet (below the darker photo side): ${stuck.shadowMax}`);
    assert.ok(printed.shadowMax < 5, `no shadow beside a printed border: ${printed.shadowMax}`);
    assert.ok(stuck.shadowSpread > 15, `the shadow is one-sided: ${stuck.shadowSpread}`);
    assert.ok(stuck.stepWidthMin < printed.stepWidthMin, `cut edge sharper: ${stuck.stepWidthMin} vs ${printed.stepWidthMin}`);
    assert.ok(stuck.tiltMax < 0.5, `an axis-aligned sheet has no tilt: ${stuck.tiltMax}`);
    assert.ok(stuck.rotationAbs < 0.3, `nor a rotation: ${stuck.rotationAbs}`);
  });

  it('measures a sheet turned by 1.5 degrees and still sees its shadow once the side is straightened', async () => {
    const turned = await measureNativeBoundary(cropper(nativeCard(true, 1.5)), FACE, W, H, NATIVE);
    assert.ok(turned.tiltMean > 0.9 && turned.tiltMean < 2.2, `tilt ${turned.tiltMean}`);
    assert.ok(turned.shadowMax > 15, `shadow ${turned.shadowMax}`);
    assert.ok(turned.lineResidualMean < 2, `the sides are straight lines: ${turned.lineResidualMean}`);
    // All four sides vote for the same turn of the whole sheet.
    assert.ok(turned.rotationAbs > 0.9 && turned.rotationAbs < 2.2, `rotation ${turned.rotationAbs}`);
    assert.ok(turned.rotationAgreement > 2, `sides agree: ${turned.rotationAgreement} (spread ${turned.rotationSpread})`);
  });
});
