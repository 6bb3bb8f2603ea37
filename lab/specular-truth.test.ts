import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RgbImage } from '../src/image/types.js';
import { linearToSrgb8 } from './capture/color.js';
import type { Vec3 } from './capture/geometry.js';
import { lookAtCamera, tablePlane } from './capture/geometry.js';
import { newFrame, renderSurface, surfaceCorners } from './capture/render.js';
import type { Lighting, Material } from './capture/render.js';
import { MipTexture } from './capture/texture.js';
import { showsRealGlare, specularTruth } from './specular-truth.js';

const CARD_W = 85.6, CARD_H = 54;
const LAMINATE: Material = { kind: 'diffuse', specular: 0.06, shininess: 1500, mirror: 0.02, holograms: [], hologramStrength: 0 };

/** A white laminated card seen from straight above, lit by one lamp at `lamp`, developed with a fixed exposure. */
function shootCard(lamp: Vec3, withoutSpecular: boolean): RgbImage {
  const W = 480, H = 320;
  const cam = lookAtCamera(W, H, 1000, [0, 0, 250], [0, 0, 0], 0);
  const page = { width: 86, height: 54, data: new Uint8ClampedArray(86 * 54 * 4).fill(235) };
  const d2 = lamp[0] ** 2 + lamp[1] ** 2 + lamp[2] ** 2;
  // Irradiance about 1 at the card whatever the lamp's distance (as lab/capture/lighting.ts scales the key light).
  const strength = (d2 / 1e6) / Math.max(0.2, lamp[2] / Math.sqrt(d2));
  const light: Lighting = { ambient: [0.2, 0.2, 0.2], lights: [{ position: lamp, color: [strength, strength, strength], radiusMm: 100 }], ceilingMm: 2500, ceilingPanels: [], roomRadiance: [0.1, 0.1, 0.1], photographerRadiusMm: 0 };
  const frame = newFrame(W, H);
  const surface = { plane: tablePlane([-CARD_W / 2, CARD_H / 2, 0], 0), widthMm: CARD_W, heightMm: CARD_H, cornerRadiusMm: 3, texture: MipTexture.fromRgba8(page, 1), material: LAMINATE, samplesPerAxis: 1, shadow: null };
  renderSurface(frame, cam, surface, light, { psfPx: 0.4, ...(withoutSpecular ? { withoutSpecular: true } : {}) });
  // Crop the card (fronto-parallel: an axis-aligned rectangle), inset past the rounded corners, and expose it so
  // that the diffusely lit white lands near sRGB 215 (as a metered phone photo of a card on a table roughly does).
  const corners = surfaceCorners(cam, surface);
  const x0 = Math.ceil(Math.min(...corners.map((c) => c[0]))) + 4, x1 = Math.floor(Math.max(...corners.map((c) => c[0]))) - 4;
  const y0 = Math.ceil(Math.min(...corners.map((c) => c[1]))) + 4, y1 = Math.floor(Math.max(...corners.map((c) => c[1]))) - 4;
  const out = new Uint8Array((x1 - x0) * (y1 - y0) * 3);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) {
    out[((y - y0) * (x1 - x0) + (x - x0)) * 3 + c] = linearToSrgb8(frame.data[(y * W + x) * 3 + c]! * 0.65);
  }
  return { width: x1 - x0, height: y1 - y0, data: out };
}

test('a card under a lamp at the mirror angle shows the lamp as glare; the same card lit from the side does not', () => {
  // The lamp behind the camera, high above: its reflection falls on the card's middle.
  const mirror = specularTruth(shootCard([40, 30, 1500], false), shootCard([40, 30, 1500], true));
  assert.ok(mirror.specularFraction > 0.05, `highlight covers ${mirror.specularFraction} of the cells`);
  assert.equal(mirror.diffuseFraction, 0, 'without the reflection nothing on the white card clips');
  assert.equal(showsRealGlare(mirror), true);
  // A low lamp to the side: the mirror direction points away from the camera.
  const side = specularTruth(shootCard([1500, 0, 300], false), shootCard([1500, 0, 300], true));
  assert.equal(side.specularFraction, 0);
  assert.equal(side.glareFraction, 0);
  assert.equal(showsRealGlare(side), false);
});

test('clipped white print is not the lamp: cells clipped with and without reflections count as diffuse', () => {
  const w = 320, h = 200;
  const page = (patch: (x: number, y: number) => boolean): RgbImage => {
    const data = new Uint8Array(w * h * 3).fill(200);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (patch(x, y)) data.fill(252, (y * w + x) * 3, (y * w + x) * 3 + 3);
    return { width: w, height: h, data };
  };
  const print = (x: number, y: number): boolean => x < 40 && y < 40;
  const lamp = (x: number, y: number): boolean => x >= 200 && x < 260 && y >= 100 && y < 160;
  const t = specularTruth(page((x, y) => print(x, y) || lamp(x, y)), page(print));
  // 40x40 px of a 10x10 px cell grid = 16 cells of 640; the lamp's 60x60 = 36 cells.
  assert.equal(t.diffuseFraction, 16 / 640);
  assert.equal(t.specularFraction, 36 / 640);
  assert.equal(t.glareFraction, 52 / 640);
});
