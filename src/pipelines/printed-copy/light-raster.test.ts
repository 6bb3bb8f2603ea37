import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimatedPlanes } from './light-raster.js';

describe('decimatedPlanes', () => {
  it('keeps every second pixel of every second row, odd sizes included', () => {
    const width = 5;
    const height = 3;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) data.set([i, 100 + i, 200 - i], i * 3);
    const p = decimatedPlanes({ width, height, data });
    assert.equal(p.width, 3);
    assert.equal(p.height, 2);
    // Source pixels (0,0) (2,0) (4,0) / (0,2) (2,2) (4,2) = indices 0 2 4 / 10 12 14.
    assert.deepEqual(Array.from(p.r), [0, 2, 4, 10, 12, 14]);
    assert.deepEqual(Array.from(p.g), [100, 102, 104, 110, 112, 114]);
    assert.deepEqual(Array.from(p.b), [200, 198, 196, 190, 188, 186]);
  });

  it('keeps pixel noise (no averaging): a checkerboard stays a checkerboard at step 1 and alternates rows at step 2', () => {
    const width = 4;
    const height = 4;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(y % 2 === 0 ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
    assert.deepEqual(Array.from(decimatedPlanes({ width, height, data }, 1).r), Array.from({ length: 16 }, (_, i) => (Math.floor(i / 4) % 2 === 0 ? 255 : 0)));
    // Even rows only: all white (a mean would have given 127.5).
    assert.deepEqual(Array.from(decimatedPlanes({ width, height, data }).r), [255, 255, 255, 255]);
  });

  it('rejects a step that is not a positive integer, saying what is accepted', () => {
    const image = { width: 2, height: 2, data: new Uint8Array(12) };
    assert.throws(() => decimatedPlanes(image, 0), /positive integer/);
    assert.throws(() => decimatedPlanes(image, 1.5), /positive integer/);
  });
});
