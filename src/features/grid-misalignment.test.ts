import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compressibleTexture, jpegRoundTrip } from '../../test/features/jpeg-codec.js';
import { misalignmentScores, mostMisalignedWindow, phaseStepMap } from './grid-misalignment.js';
import { cropPlane, type Plane } from './planes.js';

const SIZE = 384;
const texture = (seed: number, size = SIZE): Plane => compressibleTexture(size, seed);

/** `patch` pasted into `target` with its top-left at (x, y). */
function paste(target: Plane, patch: Plane, x: number, y: number): Plane {
  const out = target.data.slice();
  for (let r = 0; r < patch.height; r++) for (let c = 0; c < patch.width; c++) out[(y + r) * target.width + x + c] = patch.data[r * patch.width + c]!;
  return { width: target.width, height: target.height, data: out };
}

// A spliced field: a 64 x 32 px patch of another JPEG (quality 50, its own grid) pasted at (203, 157), i.e. its
// grid at column phase 3 and row phase 5 of the image's; then the whole image saved once more at quality 90.
const AT = { x: 203, y: 157 };

async function cases(): Promise<{ clean: Plane; resaved: Plane; spliced: Plane }> {
  const camera = await jpegRoundTrip(texture(11), 90);
  const donor = await jpegRoundTrip(texture(12, 128), 50);
  const patch = cropPlane(donor, { x: 16, y: 16, width: 64, height: 32 });
  return {
    clean: camera,
    resaved: await jpegRoundTrip(camera, 90),
    spliced: await jpegRoundTrip(paste(camera, patch, AT.x, AT.y), 90),
  };
}

test('a pasted block with its own JPEG grid is the most misaligned window, and scores above any window of a clean or re-saved capture', async () => {
  const { clean, resaved, spliced } = await cases();
  const best = (p: Plane) => mostMisalignedWindow(phaseStepMap(p, 0, 0), 2, 4);
  const s = best(spliced);
  const c = best(clean);
  const r = best(resaved);
  assert.ok(s.at !== null);
  // The window lies inside the patch (blocks of the image's grid: columns 26..33, rows 20..23).
  const [bx, by] = s.at!;
  assert.ok(bx * 8 >= AT.x - 8 && bx * 8 + 32 <= AT.x + 64 + 8, `window column ${bx}`);
  assert.ok(by * 8 >= AT.y - 8 && by * 8 + 16 <= AT.y + 32 + 8, `window row ${by}`);
  // Its peaks sit at the patch's grid phases.
  assert.deepEqual(s.phase, [AT.x % 8, AT.y % 8]);
  assert.ok(s.score > 1.2 * Math.max(c.score, r.score), `spliced ${s.score.toFixed(2)} vs clean ${c.score.toFixed(2)}, re-saved ${r.score.toFixed(2)}`);
  assert.ok(s.z > 1.3 * Math.max(c.z, r.z), `z spliced ${s.z.toFixed(1)} vs clean ${c.z.toFixed(1)}, re-saved ${r.z.toFixed(1)}`);
});

test('an aligned re-save adds no shifted grid; a whole image cropped off the grid before re-saving shows one everywhere', async () => {
  const { clean, resaved } = await cases();
  const global = (p: Plane) => misalignmentScores(phaseStepMap(p, 0, 0), 2, 4).global;
  const cropped = await jpegRoundTrip(cropPlane(await jpegRoundTrip(texture(11), 50), { x: 3, y: 5, width: SIZE - 8, height: SIZE - 8 }), 90);
  assert.ok(Math.abs(global(resaved) - global(clean)) < 0.05, `re-saved ${global(resaved).toFixed(3)} vs clean ${global(clean).toFixed(3)}`);
  assert.ok(global(cropped) > global(resaved) + 0.1, `cropped re-save ${global(cropped).toFixed(3)} vs aligned ${global(resaved).toFixed(3)}`);
});

test('phaseStepMap rejects phases that are not integers 0..7; flat planes have no window', () => {
  const flat: Plane = { width: 64, height: 64, data: new Float32Array(64 * 64).fill(128) };
  assert.throws(() => phaseStepMap(flat, 8, 0), /grid phases must be integers 0..7, got \(8, 0\)/);
  assert.throws(() => phaseStepMap(flat, 0.5, 0), /integers 0..7/);
  const w = mostMisalignedWindow(phaseStepMap(flat, 0, 0), 2, 4);
  assert.equal(w.at, null);
  assert.equal(w.score, 0);
});
