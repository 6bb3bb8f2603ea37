import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cmyPlanes, cropPlane, downsampleBox, lumaFromInterleaved, lumaFromRgb, opponentPlanes, toRgbPlanes } from './planes.js';

const rgbImage = { width: 2, height: 1, channels: 3, data: new Uint8Array([255, 0, 0, 10, 20, 30]) };

test('interleaved RGB splits into planes and luma uses the BT.601 weights', () => {
  const rgb = toRgbPlanes(rgbImage);
  assert.deepEqual([...rgb.r], [255, 10]);
  assert.deepEqual([...rgb.b], [0, 30]);
  const y = lumaFromRgb(rgb);
  assert.ok(Math.abs(y.data[0]! - 0.299 * 255) < 1e-3);
  assert.ok(Math.abs(y.data[1]! - (0.299 * 10 + 0.587 * 20 + 0.114 * 30)) < 1e-3);
  assert.deepEqual([...lumaFromInterleaved(rgbImage).data], [...y.data]);
});

test('RGBA drops alpha and grey input gives three equal planes', () => {
  const rgba = toRgbPlanes({ width: 1, height: 1, channels: 4, data: new Uint8Array([1, 2, 3, 200]) });
  assert.deepEqual([rgba.r[0], rgba.g[0], rgba.b[0]], [1, 2, 3]);
  const grey = toRgbPlanes({ width: 2, height: 1, channels: 1, data: new Uint8Array([7, 9]) });
  assert.deepEqual([...grey.g], [7, 9]);
});

test('without a channel count, the count is the bytes per pixel (RGB from src/image)', () => {
  const rgb = toRgbPlanes({ width: 2, height: 1, data: new Uint8Array([255, 0, 0, 10, 20, 30]) });
  assert.deepEqual([...rgb.g], [0, 20]);
  assert.throws(() => toRgbPlanes({ width: 2, height: 1, data: new Uint8Array(7) }), /7 bytes for 2x1 pixels/);
});

test('bad input is rejected with what is accepted', () => {
  assert.throws(() => toRgbPlanes({ width: 2, height: 2, channels: 3, data: new Uint8Array(5) }), /expected width\*height\*channels/);
  assert.throws(() => toRgbPlanes({ width: 1, height: 1, channels: 5, data: new Uint8Array(5) }), /channels must be 1, 2, 3 or 4/);
  const p = lumaFromInterleaved(rgbImage);
  assert.throws(() => cropPlane(p, { x: 1, y: 0, width: 2, height: 1 }), /inside the 2x1 plane/);
  assert.throws(() => downsampleBox(p, 0), /positive integer/);
});

test('opponent planes: grey has no chroma; CMY is the complement', () => {
  const rgb = toRgbPlanes({ width: 2, height: 1, channels: 3, data: new Uint8Array([100, 100, 100, 200, 50, 0]) });
  const { o1, o2, o3 } = opponentPlanes(rgb);
  assert.ok(Math.abs(o1.data[0]!) < 1e-6 && Math.abs(o2.data[0]!) < 1e-6);
  assert.ok(Math.abs(o3.data[0]! - 300 / Math.sqrt(3)) < 1e-3);
  assert.ok(o1.data[1]! > 0 && o2.data[1]! > 0);
  const { c, m, y } = cmyPlanes(rgb);
  assert.deepEqual([c.data[1], m.data[1], y.data[1]], [55, 205, 255]);
});

test('crop copies the rectangle and box downsampling averages blocks', () => {
  const plane = { width: 4, height: 2, data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]) };
  assert.deepEqual([...cropPlane(plane, { x: 1, y: 0, width: 2, height: 2 }).data], [1, 2, 5, 6]);
  const small = downsampleBox(plane, 2);
  assert.equal(small.width, 2);
  assert.equal(small.height, 1);
  assert.deepEqual([...small.data], [2.5, 4.5]);
});
