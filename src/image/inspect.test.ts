import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { DocliveError, type ErrorCode } from '../errors.js';
import { imageBytes, pngClaiming } from '../../test/support/images.js';
import { ACCEPTED_FORMATS_TEXT, MIN_IMAGE_SIDE, inspectImage } from './inspect.js';

const LIMIT = 50_000_000;

async function rejects(bytes: Uint8Array, code: ErrorCode, message: RegExp, limit = LIMIT): Promise<void> {
  await assert.rejects(inspectImage(bytes, limit), (error: unknown) => {
    assert.ok(error instanceof DocliveError);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

test('JPEG, PNG and WebP are accepted with their size', async () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    const header = await inspectImage(await imageBytes(format, 160, 100), LIMIT);
    assert.deepEqual(header, { format, width: 160, height: 100 });
  }
});

test('EXIF orientation is applied to the reported size', async () => {
  const rotated = await sharp(await imageBytes('jpeg', 160, 100)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  const header = await inspectImage(rotated, LIMIT);
  assert.deepEqual([header.width, header.height], [100, 160]);
});

test('formats sharp recognises but doclive does not accept are UNSUPPORTED_IMAGE_FORMAT naming the accepted list', async () => {
  for (const [format, name] of [['gif', 'GIF'], ['tiff', 'TIFF'], ['avif', 'AVIF']] as const) {
    await rejects(await imageBytes(format), 'UNSUPPORTED_IMAGE_FORMAT', new RegExp(`${name} is not accepted.*${ACCEPTED_FORMATS_TEXT}`));
  }
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"></svg>');
  await rejects(svg, 'UNSUPPORTED_IMAGE_FORMAT', /SVG/);
});

test('bytes that are no image are NOT_AN_IMAGE', async () => {
  await rejects(Buffer.from('this is a text file, not a photo'), 'NOT_AN_IMAGE', /Accepted formats: JPEG, PNG, WebP/);
  await rejects(Buffer.from([0xff, 0xd8, 0xff]), 'NOT_AN_IMAGE', /not an image/);
});

test('a decompression bomb is rejected from its header, before any pixel is decoded', async () => {
  const bomb = pngClaiming(50_000, 50_000);
  assert.ok(bomb.length < 200);
  await rejects(bomb, 'IMAGE_TOO_MANY_PIXELS', /50000 x 50000 = 2500000000 pixels; at most 50000000/);
  await rejects(await imageBytes('jpeg', 160, 100), 'IMAGE_TOO_MANY_PIXELS', /at most 10000/, 10_000);
});

test('images under the minimum side are IMAGE_TOO_SMALL', async () => {
  await rejects(await imageBytes('png', 200, MIN_IMAGE_SIDE - 1), 'IMAGE_TOO_SMALL', new RegExp(`at least ${MIN_IMAGE_SIDE} pixels`));
  await inspectImage(await imageBytes('png', MIN_IMAGE_SIDE, MIN_IMAGE_SIDE), LIMIT);
});
