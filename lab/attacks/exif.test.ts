import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../rng.js';
import { cameraMakeModel, editorExif } from './exif.js';
import { createRgb, encodeJpeg } from './raster.js';

describe('editor EXIF', () => {
  it('reads the camera Make/Model back and adds the editor Software tag when kept', async () => {
    const img = createRgb(16, 16);
    const camera = await encodeJpeg(img, 90, '4:2:0', { Make: 'samsung', Model: 'SM-G991B' });
    assert.deepEqual(await cameraMakeModel(camera), { Make: 'samsung', Model: 'SM-G991B' });
    assert.equal(await cameraMakeModel(await encodeJpeg(img, 90)), null, 'a stripped file has none');
    const kept = await editorExif(camera, new Rng(1), 1);
    assert.ok(kept && kept.Make === 'samsung' && kept.Software.length > 0);
    const saved = await encodeJpeg(img, 90, '4:2:0', { ...kept });
    assert.deepEqual(await cameraMakeModel(saved), { Make: 'samsung', Model: 'SM-G991B' });
    assert.equal(await editorExif(camera, new Rng(1), 0), null, 'keep = 0 strips');
  });
});
