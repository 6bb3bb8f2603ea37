import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addGaussianNoise, fractalTexture } from '../../test/features/synthetic.js';
import { jpegRoundTrip, jpegRoundTripWithTable, quantise8 } from '../../test/features/jpeg-codec.js';
import { ANALYSED_FREQUENCIES, compressionTrace, estimateGrid, gridCoefficients, estimateQuantiser, gridPhaseMap, quantisationFitMap, transposeQuantTable } from './jpeg.js';
import { cropPlane, type Plane } from './planes.js';

const FULL = { x: 0, y: 0, width: 512, height: 512 };
const texture = (seed: number, size = 520): Plane => addGaussianNoise(fractalTexture(size, size, seed), 2, seed + 1000);

function paste(target: Plane, patch: Plane, x: number, y: number): Plane {
  const out = target.data.slice();
  for (let r = 0; r < patch.height; r++) out.set(patch.data.subarray(r * patch.width, (r + 1) * patch.width), (y + r) * target.width + x);
  return { width: target.width, height: target.height, data: out };
}

test('blocking grid: none in a raw image, strong at phase (0, 0) after a JPEG encode, shifted after a crop', async () => {
  const raw = quantise8(cropPlane(texture(1), FULL));
  assert.ok(estimateGrid(raw).blockiness < 0.05);
  const q50 = await jpegRoundTrip(raw, 50);
  const g = estimateGrid(q50);
  assert.deepEqual([g.x.phase, g.y.phase], [0, 0]);
  assert.ok(g.blockiness > 0.5, `blockiness ${g.blockiness}`);
  const cropped = cropPlane(await jpegRoundTrip(quantise8(texture(1)), 50), { x: 3, y: 5, width: 512, height: 512 });
  const gc = estimateGrid(cropped);
  assert.deepEqual([gc.x.phase, gc.y.phase], [5, 3], 'a crop by (3, 5) moves the grid to (8 - 3, 8 - 5)');
});

test('the quantisation steps of a single encode are recovered from the pixels', async () => {
  for (const quality of [50, 75]) {
    const { plane, table } = await jpegRoundTripWithTable(cropPlane(texture(2), FULL), quality);
    const { coefficients } = gridCoefficients(plane, 0, 0);
    for (let f = 0; f < 4; f++) {
      assert.equal(estimateQuantiser(coefficients[f]!), table[ANALYSED_FREQUENCIES[f]!], `quality ${quality}, frequency ${ANALYSED_FREQUENCIES[f]}`);
    }
  }
  const raw = gridCoefficients(quantise8(cropPlane(texture(2), FULL)), 0, 0);
  assert.equal(estimateQuantiser(raw.coefficients[0]!), 1, 'a never-compressed image has no comb');
});

test('aligned double compression (coarse then fine) raises the histogram periodicity cue; single encodes do not', async () => {
  const base = cropPlane(texture(3), FULL);
  for (const quality of [75, 90]) {
    const single = await jpegRoundTripWithTable(base, quality);
    const trace = compressionTrace(single.plane, single.table);
    assert.ok(trace.doubleCompression < 0.25, `single ${quality}: ${trace.doubleCompression}`);
  }
  for (const [q1, q2] of [[50, 90], [70, 90], [60, 85]] as const) {
    const double = await jpegRoundTripWithTable(await jpegRoundTrip(base, q1), q2);
    const trace = compressionTrace(double.plane, double.table);
    assert.ok(trace.doubleCompression > 0.4, `double ${q1}->${q2}: ${trace.doubleCompression}`);
  }
});

test('a crop between two encodes leaves a second quantiser comb at the shifted grid phase', async () => {
  const src = texture(4);
  for (const [q1, q2] of [[50, 90], [70, 90], [60, 85]] as const) {
    const first = await jpegRoundTrip(src, q1);
    const shifted = await jpegRoundTripWithTable(cropPlane(first, { x: 3, y: 5, width: 512, height: 512 }), q2);
    const trace = compressionTrace(shifted.plane, shifted.table);
    assert.ok(trace.shiftedGrid > 0.4, `shifted ${q1}->${q2}: ${trace.shiftedGrid}`);
    const phases = [`${trace.comb.phaseX},${trace.comb.phaseY}`, `${trace.comb.secondaryPhaseX},${trace.comb.secondaryPhaseY}`].sort();
    assert.deepEqual(phases, ['0,0', '5,3'], 'the two combs sit at the final grid and at the first grid moved by the crop');
    const aligned = compressionTrace(await jpegRoundTrip(cropPlane(src, FULL), q2));
    assert.ok(aligned.shiftedGrid < 0.3, `single ${q2}: ${aligned.shiftedGrid}`);
  }
});

test('a patch pasted with another grid phase is localised by the tile phase map', async () => {
  const background = await jpegRoundTrip(cropPlane(texture(5), FULL), 70);
  const donor = await jpegRoundTrip(texture(6), 70);
  // The donor's 8x8 grid sits at phase 0 in the donor; taken from (3, 5) and pasted at (192, 128) it lands at
  // phase (192 - 3, 128 - 5) mod 8 = (5, 3) in the forgery.
  const patch = cropPlane(donor, { x: 3, y: 5, width: 128, height: 128 });
  const forged = await jpegRoundTrip(paste(background, patch, 192, 128), 92);
  const map = gridPhaseMap(forged, 64);
  const flagged: string[] = [];
  for (let ty = 0; ty < map.rows; ty++) for (let tx = 0; tx < map.cols; tx++) if (map.misaligned[ty * map.cols + tx]) flagged.push(`${tx},${ty}`);
  assert.deepEqual(flagged.sort(), ['3,2', '3,3', '4,2', '4,3']);
  assert.equal(map.phase[2 * map.cols + 3], 3 * 8 + 5);
});

test('a never-compressed patch in a JPEG-decoded image saved losslessly fits the quantiser comb worse', async () => {
  const background = await jpegRoundTrip(cropPlane(texture(7), FULL), 50);
  const patch = quantise8(cropPlane(texture(8), { x: 0, y: 0, width: 128, height: 128 }));
  const map = quantisationFitMap(paste(background, patch, 256, 64), 64);
  assert.equal(map.originX, 0);
  let insideMax = -Infinity;
  let outsideMin = Infinity;
  for (let ry = 0; ry < map.rows; ry++) {
    for (let rx = 0; rx < map.cols; rx++) {
      const fit = map.fit[ry * map.cols + rx]!;
      const inside = rx >= 4 && rx < 6 && ry >= 1 && ry < 3;
      if (inside) insideMax = Math.max(insideMax, fit);
      else outsideMin = Math.min(outsideMin, fit);
    }
  }
  assert.ok(insideMax < 0.3 && outsideMin > 0.6, `inside max ${insideMax}, outside min ${outsideMin}`);
});

test('bad arguments are refused with what is accepted', () => {
  const plane = cropPlane(texture(9, 64), { x: 0, y: 0, width: 64, height: 64 });
  assert.throws(() => compressionTrace(plane, [1, 2, 3]), /64 integer steps/);
  assert.throws(() => gridPhaseMap(plane, 20), /multiple of 8 and at least 32/);
  assert.throws(() => estimateGrid(plane, { x: 60, y: 0, width: 16, height: 16 }), /inside the 64x64 plane/);
});

test('a 90-degree turn transposes the steps the pixels show; transposeQuantTable gives the matching table', async () => {
  const { plane, table } = await jpegRoundTripWithTable(cropPlane(texture(10), FULL), 60);
  const turned = { width: plane.height, height: plane.width, data: new Float32Array(plane.data.length) };
  for (let y = 0; y < plane.height; y++) for (let x = 0; x < plane.width; x++) turned.data[x * turned.width + (plane.height - 1 - y)] = plane.data[y * plane.width + x]!;
  const trace = compressionTrace(turned, transposeQuantTable(table));
  const estimated = compressionTrace(turned);
  assert.deepEqual(estimated.quantisers.slice(0, 3), trace.quantisers.slice(0, 3));
  assert.notEqual(table[1], table[8], 'the test needs a table that is not symmetric at (0,1) / (1,0)');
  assert.throws(() => transposeQuantTable([1, 2]), /64 steps/);
});
