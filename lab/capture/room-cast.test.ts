import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { illuminantRgb, type Rgb } from './color.js';
import { partialWhiteBalance } from './awb.js';
import { applyColourShading, castEstimate, drawRoomCast, frameMeanColour, withLocalLamp, type RoomCast } from './room-cast.js';
import { captureSubject, type Subject } from './scene.js';
import { MATTE } from './render.js';
import type { SurfaceTexture } from './texture.js';
import sharp from 'sharp';

const NO_CAST: RoomCast = { greyWorldWeight: 0, estimateCctK: 6500, estimateTint: 0, adaptation: 1, localLamp: null, shading: { redLinear: 0, blueLinear: 0, redRadial: 0, blueRadial: 0, angleDeg: 0 } };

/** Colour a neutral sheet takes on: the light divided by the (partially applied) AWB estimate, luminance-free. */
function sheetColour(light: Rgb, estimate: Rgb, adaptation: number): Rgb {
  const wb = partialWhiteBalance(estimate, adaptation);
  return [light[0] / wb[0], light[1] / wb[1], light[2] / wb[2]];
}

test('grey world pulls the cast estimate towards the frame colour; without its weight the frame does not matter', () => {
  const room = illuminantRgb(5500);
  const orange: Rgb = [1.6, 0.9, 0.4];
  const none = castEstimate(room, orange, NO_CAST);
  const noFrame = castEstimate(room, null, { ...NO_CAST, greyWorldWeight: 0.5 });
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(none[c]! - noFrame[c]!) < 1e-9);
  // An orange table fills the frame: the estimate turns more orange, so a grey sheet on it comes out bluer.
  const pulled = castEstimate(room, orange, { ...NO_CAST, greyWorldWeight: 0.5 });
  assert.ok(pulled[0] / pulled[2] > (none[0] / none[2]) * 1.2, `R/B of the estimate ${pulled[0] / pulled[2]} vs ${none[0] / none[2]}`);
  const before = sheetColour(room, none, 1);
  const after = sheetColour(room, pulled, 1);
  assert.ok(after[2] / after[0] > (before[2] / before[0]) * 1.2, `sheet B/R ${after[2] / after[0]} vs ${before[2] / before[0]}: bluer`);
});

test('a too-green estimate leaves a magenta sheet; a too-warm one a blue sheet', () => {
  const room = illuminantRgb(5000);
  const base = sheetColour(room, castEstimate(room, null, NO_CAST), 1);
  const green = sheetColour(room, castEstimate(room, null, { ...NO_CAST, estimateTint: 0.1 }), 1);
  assert.ok(green[1] / green[0] < (base[1] / base[0]) * 0.93 && green[1] / green[2] < (base[1] / base[2]) * 0.93, `magenta: G/R ${green[1] / green[0]} vs ${base[1] / base[0]}`);
  const warm = sheetColour(room, castEstimate(room, null, { ...NO_CAST, estimateCctK: 4000 }), 1);
  assert.ok(warm[2] / warm[0] > (base[2] / base[0]) * 1.1, `blue: B/R ${warm[2] / warm[0]} vs ${base[2] / base[0]}`);
});

test('colour shading tints one side of the frame against the other and leaves green alone', () => {
  const W = 40;
  const H = 20;
  const frame = { width: W, height: H, data: new Float32Array(W * H * 3).fill(0.5) };
  applyColourShading(frame, { ...NO_CAST, shading: { redLinear: 0.08, blueLinear: -0.06, redRadial: 0, blueRadial: 0, angleDeg: 0 } });
  const at = (x: number, c: number): number => frame.data[(10 * W + x) * 3 + c]!;
  assert.ok(at(W - 1, 0) > at(0, 0) * 1.06, `red right ${at(W - 1, 0)} vs left ${at(0, 0)}`);
  assert.ok(at(W - 1, 2) < at(0, 2) * 0.96, `blue right ${at(W - 1, 2)} vs left ${at(0, 2)}`);
  assert.equal(at(0, 1), 0.5);
  assert.equal(at(W - 1, 1), 0.5);
  const mean = frameMeanColour(frame);
  assert.ok(mean && Math.abs(0.2126 * mean[0] + 0.7152 * mean[1] + 0.0722 * mean[2] - 1) < 1e-9);
});

test('the local lamp adds one light; draws are seeded and cover both sides of the locus', () => {
  const lighting = { ambient: [0.2, 0.2, 0.2] as Rgb, lights: [], ceilingMm: 2000, ceilingPanels: [], roomRadiance: [0.1, 0.1, 0.1] as Rgb, photographerRadiusMm: 150 };
  const casts = Array.from({ length: 200 }, (_, i) => drawRoomCast(new Rng(`cast-${i}`)));
  assert.deepEqual(drawRoomCast(new Rng('cast-3')), casts[3]);
  const lamp = casts.find((c) => c.localLamp !== null)!;
  assert.equal(withLocalLamp(lighting, lamp, [0, 0, 0]).lights.length, 1);
  assert.equal(withLocalLamp(lighting, { ...lamp, localLamp: null }, [0, 0, 0]).lights.length, 0);
  const warm = casts.filter((c) => c.estimateCctK < 5000).length;
  const cool = casts.filter((c) => c.estimateCctK > 8000).length;
  assert.ok(warm > 20 && cool > 10, `estimates too warm ${warm}, too cool ${cool}`);
  assert.ok(casts.every((c) => c.adaptation >= 0.3 && c.adaptation <= 1));
});

const greyTexture: SurfaceTexture = {
  sample(_u, _v, _hu, _hv, out) {
    out.fill(0.7, 0, 3);
    return 1;
  },
};

/** A flat matte grey sheet (reflectance 0.7) of A5 size lying on the table. */
const greySheet: Subject = {
  kind: 'paper', widthMm: 210, heightMm: 148, cornerRadiusMm: 0, thicknessMm: 0.1,
  documentCorners: [[0, 0], [210, 0], [210, 148], [0, 148]], portraitCorners: null, documentWidthMm: 210, documentHeightMm: 148, holdable: false,
  build: (plane, shadow) => [{ plane, widthMm: 210, heightMm: 148, cornerRadiusMm: 0, texture: greyTexture, material: MATTE, samplesPerAxis: 1, shadow }],
};

/** Mean sRGB colour of the sheet's centre in a capture of `seed`. */
async function sheetCentre(seed: string, roomCast: boolean): Promise<{ rgb: Rgb; recorded: boolean }> {
  const shot = await captureSubject(new Rng(seed), greySheet, { resolution: [320, 240], photoBackdrops: false, roomCast });
  const [q0, , q2] = shot.quads[0]!;
  const { data, info } = await sharp(Buffer.from(shot.bytes)).raw().toBuffer({ resolveWithObject: true });
  const cx = Math.round((q0[0] + q2[0]) / 2);
  const cy = Math.round((q0[1] + q2[1]) / 2);
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = cy - 8; y <= cy + 8; y++) {
    for (let x = cx - 8; x <= cx + 8; x++) {
      if (x < 0 || y < 0 || x >= info.width || y >= info.height) continue;
      for (let c = 0; c < 3; c++) sum[c]! += data[(y * info.width + x) * info.channels + c]!;
      n++;
    }
  }
  return { rgb: sum.map((v) => v / n) as unknown as Rgb, recorded: 'roomCast' in (shot.params.lighting as Record<string, unknown>) };
}

test('captures with room casts tint a grey sheet differently from the default light of the same seed', async () => {
  const shifts: number[] = [];
  for (let i = 0; i < 4; i++) {
    const plain = await sheetCentre(`room-cast-capture-${i}`, false);
    const cast = await sheetCentre(`room-cast-capture-${i}`, true);
    assert.ok(cast.recorded && !plain.recorded, 'the sidecar records the cast only when it is on');
    // The tint (R - G, B - G) moves; the scene around it (same seed, same streams) is the same.
    shifts.push(Math.hypot(cast.rgb[0] - cast.rgb[1] - (plain.rgb[0] - plain.rgb[1]), cast.rgb[2] - cast.rgb[1] - (plain.rgb[2] - plain.rgb[1])));
  }
  assert.ok(shifts.filter((s) => s > 3).length >= 3, `tint shifts (grey levels) ${shifts.map((s) => s.toFixed(1))}`);
});
