import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createPooledEngine } from './pooled-engine.js';
import { isDocliveError } from '../errors.js';

const doubleModule = new URL('../../test/doubles/analysis-engine.ts', import.meta.url).href;

test('the pool runs the engine in two worker threads and keeps DocliveError codes', async () => {
  const engine = await createPooledEngine({ workers: 2, maxImagePixels: 1e6, engineModule: doubleModule });
  try {
    assert.deepEqual(engine.implementedPipelines(), ['vulture-sr', 'woodpecker-pc']);
    const green = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 0, g: 200, b: 0 } } }).png().toBuffer();
    const results = await Promise.all(
      [0, 1, 2, 3].map(() => engine.analyse({ image: green, pipelines: ['vulture-sr'], errorsToIgnore: [] })),
    );
    for (const r of results) {
      assert.equal(r.findings.documentType, 'ID_CARD');
      assert.equal(r.scores['vulture-sr']?.score, 8);
    }
    const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer();
    await assert.rejects(engine.analyse({ image: tiny, pipelines: [], errorsToIgnore: [] }), (error: unknown) => isDocliveError(error) && error.code === 'IMAGE_TOO_SMALL');
  } finally {
    await engine.close();
  }
});

test('a missing engine module is reported clearly', async () => {
  await assert.rejects(
    createPooledEngine({ workers: 1, maxImagePixels: 1e6, engineModule: new URL('./no-such-engine.js', import.meta.url).href }),
    /cannot load the analysis engine module/,
  );
});
