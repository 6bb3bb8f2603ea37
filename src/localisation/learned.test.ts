// model.json of the learned localiser: the mask-to-quad settings stored with a model are used, a bad entry is refused
// with what is accepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LearnedLocaliser } from './learned.js';
import { DEFAULT_MASK_QUAD_OPTIONS } from './mask-quads.js';

function modelDir(maskQuads: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'localiser-'));
  copyFileSync('models/localiser/model.onnx', join(dir, 'model.onnx'));
  const info = JSON.parse(readFileSync('models/localiser/model.json', 'utf8')) as Record<string, unknown>;
  delete info.maskQuads;
  writeFileSync(join(dir, 'model.json'), JSON.stringify(maskQuads === undefined ? info : { ...info, maskQuads }));
  return dir;
}

test('without maskQuads in model.json the default mask-to-quad settings apply; with them, the stored ones', async () => {
  for (const [stored, expected] of [[undefined, DEFAULT_MASK_QUAD_OPTIONS], [{ threshold: 0.45, minCells: 20 }, { threshold: 0.45, minCells: 20 }]] as const) {
    const dir = modelDir(stored);
    const localiser = await LearnedLocaliser.load(dir);
    assert.deepEqual(localiser.info.maskQuads, expected);
    await localiser.dispose();
    rmSync(dir, { recursive: true });
  }
});

test('a malformed maskQuads entry is refused, naming what is accepted', async () => {
  for (const bad of [{ threshold: 1.5, minCells: 6 }, { threshold: 0.5, minCells: 0 }, { threshold: 0.5 }, null]) {
    const dir = modelDir(bad);
    await assert.rejects(LearnedLocaliser.load(dir), /maskQuads must be \{ threshold: number in \(0, 1\), minCells: positive integer \}/);
    rmSync(dir, { recursive: true });
  }
});
