import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { IJG_LUMINANCE, estimateJpegQuality, ijgTable, readQuantTables } from './jpeg-quant.js';
import { background } from '../../test/support/synthetic.js';

async function jpeg(quality: number): Promise<Buffer> {
  const img = background(64, 48, 3);
  return sharp(Buffer.from(img.data), { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ quality }).toBuffer();
}

test('reads the luminance and chrominance tables libjpeg wrote, in natural order', async () => {
  const tables = readQuantTables(await jpeg(50));
  assert.ok(tables !== null);
  assert.equal(tables.length, 2);
  assert.deepEqual(tables[0]!.values, IJG_LUMINANCE);
});

test('estimated quality equals the encoder quality on IJG tables', async () => {
  for (const q of [10, 25, 30, 50, 62, 75, 90, 97]) {
    const tables = readQuantTables(await jpeg(q));
    assert.ok(tables !== null);
    assert.equal(estimateJpegQuality(tables), q, `quality ${q}`);
  }
});

test('non-JPEG bytes and truncated headers give null, not an exception', async () => {
  assert.equal(readQuantTables(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])), null);
  const bytes = await jpeg(80);
  assert.equal(readQuantTables(bytes.subarray(0, 20)), null);
});

test('ijgTable follows the libjpeg scaling and clamps to 1..255', () => {
  assert.deepEqual(ijgTable(IJG_LUMINANCE, 50), IJG_LUMINANCE);
  assert.ok(ijgTable(IJG_LUMINANCE, 100).every((v) => v === 1));
  assert.ok(ijgTable(IJG_LUMINANCE, 1).every((v) => v === 255));
});
