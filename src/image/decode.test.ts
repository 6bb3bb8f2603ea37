import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { decodeImage } from './decode.js';
import { DocliveError } from '../errors.js';

const opts = { maxImagePixels: 10_000_000 };

async function rgbJpeg(width: number, height: number): Promise<Buffer> {
  // Left half red, right half blue: orientation is visible in the pixels.
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = (y * width + x) * 3;
    if (x < width / 2) data[i] = 255; else data[i + 2] = 255;
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

function expectCode(code: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof DocliveError, `expected DocliveError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, /accepted|at least|at most|complete/);
    return true;
  };
}

test('decodes a JPEG to RGB and keeps its quantisation tables', async () => {
  const d = await decodeImage(await rgbJpeg(128, 96), opts);
  assert.equal(d.format, 'jpeg');
  assert.equal(d.image.width, 128);
  assert.equal(d.image.data.length, 128 * 96 * 3);
  assert.ok(d.quantTables !== null && d.quantTables.length === 2);
  assert.ok(d.image.data[0]! > 200 && d.image.data[2]! < 60, 'top-left is red');
});

test('applies EXIF orientation (6 = rotate 90 clockwise)', async () => {
  const rotated = await sharp(await rgbJpeg(128, 96)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  const d = await decodeImage(rotated, opts);
  assert.equal(d.image.width, 96);
  assert.equal(d.image.height, 128);
  // After turning clockwise the red (left) half is on top.
  const top = d.image.data[(5 * 96 + 48) * 3]!, bottom = d.image.data[(120 * 96 + 48) * 3]!;
  assert.ok(top > 200 && bottom < 60);
});

test('greyscale PNG becomes three equal channels; no quantisation tables', async () => {
  const grey = await sharp(Buffer.alloc(100 * 80, 77), { raw: { width: 100, height: 80, channels: 1 } }).png().toBuffer();
  const d = await decodeImage(grey, opts);
  assert.equal(d.image.data.length, 100 * 80 * 3);
  assert.deepEqual([...d.image.data.subarray(0, 3)], [77, 77, 77]);
  assert.equal(d.quantTables, null);
});

test('bad input is rejected with the right code and a message that says what is accepted', async () => {
  await assert.rejects(decodeImage(new TextEncoder().encode('hello, not an image'), opts), expectCode('NOT_AN_IMAGE'));
  const jpeg = await rgbJpeg(512, 512);
  await assert.rejects(decodeImage(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), opts), expectCode('IMAGE_DECODE_FAILED'));
  await assert.rejects(decodeImage(jpeg, { maxImagePixels: 1000 }), expectCode('IMAGE_TOO_MANY_PIXELS'));
  await assert.rejects(decodeImage(await rgbJpeg(40, 30), opts), expectCode('IMAGE_TOO_SMALL'));
});
