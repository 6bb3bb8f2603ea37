import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compressibleTexture, jpegRoundTrip, jpegRoundTripWithTable, lumaQuantTable, toGreyBytes, withRegionFrom } from '../../test/features/jpeg-codec.js';
import sharp from 'sharp';
import { alignedDqMap, clippedBlocks, estimatePrimary, strongestWindow, windowEvidence } from './aligned-dq.js';
import { ANALYSED_FREQUENCIES, gridCoefficients } from './jpeg-dct.js';
import type { Plane } from './planes.js';

const SIZE = 512;
const texture = (seed: number): Plane => compressibleTexture(SIZE, seed);
const paste = withRegionFrom;

/** The luma table sharp writes at this quality (the camera's first steps, to check the estimate against). */
async function tableAt(quality: number): Promise<number[]> {
  const bytes = await sharp(toGreyBytes(texture(1)), { raw: { width: SIZE, height: SIZE, channels: 1 } }).jpeg({ quality }).toBuffer();
  return lumaQuantTable(bytes);
}

const PATCH = { x: 200, y: 240, w: 96, h: 48 };
const WINDOW: readonly [number, number] = [3, 6];

async function evidence(camera: number, last: number, edit: boolean): Promise<{ strongest: number; at: readonly [number, number] | null; strength: number }> {
  const first = await jpegRoundTrip(texture(7), camera);
  // The edit: a never-compressed field pasted between the two encodes (a retyped or spliced field).
  const before = edit ? paste(first, texture(8), PATCH.x, PATCH.y, PATCH.w, PATCH.h) : first;
  const second = await jpegRoundTripWithTable(before, last);
  const map = alignedDqMap(gridCoefficients(second.plane, 0, 0), second.table);
  const w = strongestWindow(windowEvidence(map, WINDOW[0], WINDOW[1]));
  return { strongest: w.evidence, at: w.at, strength: map.strength };
}

const overlapsPatch = (at: readonly [number, number]): boolean =>
  at[0] * 8 < PATCH.x + PATCH.w && (at[0] + WINDOW[1]) * 8 > PATCH.x && at[1] * 8 < PATCH.y + PATCH.h && (at[1] + WINDOW[0]) * 8 > PATCH.y;

test('the primary step of an aligned double compression is estimated from the histogram alone', async () => {
  const camera = await tableAt(60);
  const resaved = await jpegRoundTripWithTable(await jpegRoundTrip(texture(7), 60), 90);
  const grid = gridCoefficients(resaved.plane, 0, 0);
  // Most of the 10 low frequencies name the camera's step exactly (measured: 8 of 10; the others are off or none).
  const exact = ANALYSED_FREQUENCIES.filter((f, i) => estimatePrimary(grid.coefficients[i]!, resaved.table[f]!).primary === camera[f]);
  assert.ok(exact.length >= 7, `exact on ${exact.length} of 10 frequencies`);
  const fit = estimatePrimary(grid.coefficients[1]!, resaved.table[ANALYSED_FREQUENCIES[1]!]!);
  assert.ok(fit.gain > 0.05 && fit.logRatio !== null, `gain ${fit.gain}`);
  // A single encode names no primary step on any frequency: no evidence anywhere.
  const single = await jpegRoundTripWithTable(texture(7), 90);
  const map = alignedDqMap(gridCoefficients(single.plane, 0, 0), single.table);
  assert.ok(map.estimates.length > 0 && map.estimates.every((e) => e.primary === null), JSON.stringify(map.estimates));
  assert.equal(map.strength, 0);
  assert.equal(strongestWindow(windowEvidence(map, 3, 6)).evidence, 0);
});

test('a field pasted between two encodes stands out, finer last encode (q60 then q90)', async () => {
  const clean = await evidence(60, 90, false);
  const edited = await evidence(60, 90, true);
  assert.ok(clean.strength > 0.05, `the re-save shows double quantisation (${clean.strength})`);
  assert.ok(edited.strongest > clean.strongest + 20, `edited window ${edited.strongest} nats vs re-save ${clean.strongest}`);
  assert.ok(edited.at !== null && overlapsPatch(edited.at), `window at ${edited.at}`);
});

// A coarser last encode leaves only a weak periodic pattern (two camera steps of 4 in three last steps of 6):
// weaker evidence, still on the field. With a much coarser last step (q90 then q75) nothing is named at all.
test('a field pasted between two encodes stands out, coarser last encode (q86 then q80)', async () => {
  const clean = await evidence(86, 80, false);
  const edited = await evidence(86, 80, true);
  assert.ok(edited.strongest > clean.strongest + 3, `edited window ${edited.strongest} nats vs re-save ${clean.strongest}`);
  assert.ok(edited.at !== null && overlapsPatch(edited.at), `window at ${edited.at}`);
});

test('flat or tiny input: nothing is modelled, every output finite', () => {
  const flat: Plane = { width: 64, height: 64, data: new Float32Array(64 * 64).fill(128) };
  const map = alignedDqMap(gridCoefficients(flat, 0, 0), new Array<number>(64).fill(4));
  assert.ok(map.estimates.every((e) => e.primary === null));
  assert.equal(map.strength, 0);
  const w = windowEvidence(map, 3, 6);
  assert.ok(w.sums.every((s) => Number.isNaN(s)));
  assert.deepEqual(strongestWindow(w), { evidence: 0, at: null });
});

test('clipped blocks (a channel at 0 or 255) are found on the grid and left out of the map', async () => {
  const width = 64;
  const image = { width, data: new Uint8Array(width * 32 * 3).fill(128) };
  // One blue channel at 255 in the block at column 2, row 1 of a grid starting at (3, 5) of a crop at (1, 1).
  image.data[((1 + 5 + 8 + 3) * width + 1 + 3 + 16 + 6) * 3 + 2] = 255;
  const mask = clippedBlocks(image, 1, 1, { cols: 6, rows: 2, x0: 3, y0: 5 });
  assert.deepEqual(Array.from(mask), [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);

  const resaved = await jpegRoundTripWithTable(await jpegRoundTrip(texture(7), 60), 90);
  const grid = gridCoefficients(resaved.plane, 0, 0);
  const skip = new Uint8Array(grid.cols * grid.rows);
  skip[5] = 1;
  const all = alignedDqMap(grid, resaved.table);
  const some = alignedDqMap(grid, resaved.table, { skip });
  assert.ok(all.count[5]! > 0, 'the block is scored without the mask');
  assert.deepEqual([some.count[5], some.evidence[5]], [0, 0]);
});
