import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createCliEngine } from './engine.js';
import { isDocliveError } from '../errors.js';

const DOUBLE_WORKER = fileURLToPath(new URL('../../test/workers/sharp-double-worker.ts', import.meta.url));

test("the CLI's engine runs the engine in two worker threads and keeps DocliveError codes", async () => {
  const engine = await createCliEngine({ workers: 2, maxImagePixels: 1e6, workerFile: DOUBLE_WORKER });
  try {
    assert.deepEqual(engine.implementedPipelines(), ['vulture-sr', 'woodpecker-pc']);
    assert.equal(engine.stats().workers, 2);
    const green = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 0, g: 200, b: 0 } } }).png().toBuffer();
    // Each call moves its bytes to a worker, so every call gets its own copy.
    const results = await Promise.all(
      [0, 1, 2, 3].map(() => engine.analyse({ image: new Uint8Array(green), pipelines: ['vulture-sr'], errorsToIgnore: [] })),
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

test('a missing worker module is reported clearly', async () => {
  const missing = fileURLToPath(new URL('./no-such-worker.js', import.meta.url));
  await assert.rejects(
    createCliEngine({ workers: 1, maxImagePixels: 1e6, workerFile: missing }),
    (error: unknown) => error instanceof Error && error.message.includes(`cannot load the analysis worker module ${missing}`),
  );
});
