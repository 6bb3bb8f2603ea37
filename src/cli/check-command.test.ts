import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateImageSet } from '../../test/doubles/images.js';
import { runCli, testDeps } from '../../test/doubles/cli.js';

test('check --json: one line per image in argument order, {"file", ...response body} or {"file", "error"}', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-check-'));
  try {
    await generateImageSet(dir);
    const { deps, out, exitCodes } = testDeps();
    const img = (name: string) => join(dir, 'img', name);
    await runCli(deps, ['check', img('bona-0.jpg'), img('sr-0.jpg'), img('dark.jpg'), img('not-an-image.jpg'), img('missing.jpg'), '--pipelines', 'default-sr,woodpecker-pc', '--calibration', 'REGULAR,HARD', '--json']);
    const lines = out.join('').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.file), [img('bona-0.jpg'), img('sr-0.jpg'), img('dark.jpg'), img('not-an-image.jpg'), img('missing.jpg')]);
    // green image: double score 2.0 -> REGULAR p = sigmoid(2), HARD p = sigmoid(1); aggregate = min
    const [bona, sr, dark, notImage, missing] = lines;
    assert.deepEqual(bona.pipeline_results.map((r: { pipeline_name: string; calibration: string }) => [r.pipeline_name, r.calibration]), [['default-sr', 'REGULAR'], ['woodpecker-pc', 'HARD']]);
    assert.equal(bona.pipeline_results[0].result.status_code, 'OK');
    assert.ok(Math.abs(bona.pipeline_results[0].result.liveness_score - 2) < 0.1);
    assert.ok(Math.abs(bona.aggregate_liveness_probability - 1 / (1 + Math.exp(-(bona.pipeline_results[1].result.liveness_score - 1)))) < 1e-12);
    assert.ok(sr.aggregate_liveness_probability < 0.5);
    assert.equal(dark.pipeline_results[0].result.status_code, 'DOCUMENT_NOT_FOUND');
    assert.equal('aggregate_liveness_probability' in dark, false, 'no aggregate when a pipeline is not OK');
    assert.match(notImage.error, /not an image/);
    assert.match(missing.error, /cannot read file: ENOENT/);
    assert.deepEqual(exitCodes, [1], 'exit code 1 when some image could not be checked');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('check walks directories and prints a table with the verdicts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-check-'));
  try {
    await generateImageSet(dir, 2);
    const { deps, out } = testDeps();
    await runCli(deps, ['check', join(dir, 'img'), '--pipelines', 'vulture-sr']);
    const table = out.join('');
    assert.match(table, /^file\s+verdict\s+vulture-sr\s+warnings \/ error/);
    assert.match(table, /bona-0\.jpg\s+live 0\.\d{3}\s+0\.\d{3}/);
    assert.match(table, /sr-1\.jpg\s+NOT LIVE 0\.\d{3}/);
    assert.match(table, /dark\.jpg\s+not checked\s+DOCUMENT_NOT_FOUND/);
    assert.match(table, /not-an-image\.jpg\s+error/);
    // 2 bona fide + 2 screen replays + printed copy + dark + not-an-image (the missing file is not in the folder)
    assert.equal(table.trimEnd().split('\n').length, 2 + 7);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('check refuses pipelines the checker does not offer, once, with its message', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-check-'));
  try {
    await generateImageSet(dir, 1);
    const { deps } = testDeps();
    await assert.rejects(runCli(deps, ['check', join(dir, 'img'), '--pipelines', 'hawk-sd']), /Pipeline 'hawk-sd' exists but no trained detector is available/);
    await assert.rejects(runCli(deps, ['check', join(dir, 'img'), '--pipelines', 'vulture-sr,woodpecker-pc', '--calibration', 'SOFT,HARD,REGULAR']), /3 calibrations for 2 pipelines/);
    await mkdir(join(dir, 'empty'));
    await assert.rejects(runCli(deps, ['check', join(dir, 'empty')]), /no image found in/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
