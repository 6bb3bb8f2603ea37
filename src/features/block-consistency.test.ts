import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compressibleTexture, jpegRoundTrip, jpegRoundTripWithTable, withRegionFrom } from '../../test/features/jpeg-codec.js';
import { atypicalityScores, blockTypicality, mostAtypicalWindow, typicalityStrength } from './block-consistency.js';
import type { Plane } from './planes.js';

const SIZE = 512;
const texture = (seed: number): Plane => compressibleTexture(SIZE, seed);
const paste = withRegionFrom;

// A coarse first encode (quality 60) then a finer second one (90) on the same grid: the "camera then re-save" case.
// The edited copy gets a never-compressed 48 x 96 px patch (the retyped field) between the two encodes.
const PATCH = { x: 200, y: 240, w: 96, h: 48 };

test('a re-saved image has a double-quantisation signature and no atypical window; an edited field is found', async () => {
  const camera = await jpegRoundTrip(texture(7), 60);
  const resaved = await jpegRoundTripWithTable(camera, 90);
  const edited = await jpegRoundTripWithTable(paste(camera, texture(8), PATCH.x, PATCH.y, PATCH.w, PATCH.h), 90);

  const single = await jpegRoundTripWithTable(texture(7), 90);
  const strengthSingle = typicalityStrength(blockTypicality(single.plane, single.table, 0, 0));
  const resavedBt = blockTypicality(resaved.plane, resaved.table, 0, 0);
  assert.ok(typicalityStrength(resavedBt) > strengthSingle + 0.3, `double ${typicalityStrength(resavedBt)} vs single ${strengthSingle}`);

  const clean = mostAtypicalWindow(resavedBt, 4, 8);
  const editedBt = blockTypicality(edited.plane, edited.table, 0, 0);
  const found = mostAtypicalWindow(editedBt, 4, 8);
  assert.ok(found.z > clean.z + 3, `edited window z ${found.z} vs re-save ${clean.z}`);
  assert.ok(found.drop > 0.5, `the edited window lacks most of the document's typicality (${found.drop})`);
  assert.ok(found.at !== null);
  const [bx, by] = found.at;
  // The window (8 x 4 blocks) overlaps the patch.
  assert.ok(bx * 8 < PATCH.x + PATCH.w && (bx + 8) * 8 > PATCH.x && by * 8 < PATCH.y + PATCH.h && (by + 4) * 8 > PATCH.y, `window at block ${bx},${by}`);

  // The per-window map holds that window's z at its maximum (the map other evidence is combined with).
  const map = atypicalityScores(editedBt, 4, 8);
  assert.equal(map.cols, editedBt.cols - 8 + 1);
  let best = Number.NEGATIVE_INFINITY;
  let at = -1;
  map.z.forEach((z, i) => {
    if (z > best) (best = z), (at = i);
  });
  assert.ok(Math.abs(best - found.z) < 1e-3, `map max ${best} vs window z ${found.z}`);
  assert.deepEqual([at % map.cols, Math.floor(at / map.cols)], [bx, by]);
});

test('no table steps >= 2 or too little texture: nothing is measured, every output finite', () => {
  const flat: Plane = { width: 64, height: 64, data: new Float32Array(64 * 64).fill(128) };
  const bt = blockTypicality(flat, new Array<number>(64).fill(4), 0, 0);
  assert.equal(bt.frequencies, 0);
  const w = mostAtypicalWindow(bt, 4, 8);
  assert.deepEqual([w.z, w.drop, w.at], [0, 0, null]);
  assert.ok(atypicalityScores(bt, 4, 8).z.every((z) => Number.isNaN(z)), 'no window is scored');
  assert.ok(Number.isFinite(typicalityStrength(bt)));
});
