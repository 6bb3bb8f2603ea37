import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateImageSet } from '../../test/doubles/images.js';
import { runCli, testDeps } from '../../test/doubles/cli.js';
import type { CalibrationFile } from '../calibration/types.js';

test('calibrate writes a calibration file whose recorded rates eval reproduces, and warns about too few images', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-calibrate-'));
  try {
    const set = await generateImageSet(dir);
    const { deps, out, err } = testDeps();
    const file = join(dir, 'cal', 'vulture-sr.json');
    await runCli(deps, ['calibrate', set.manifest, '--pipeline', 'default-sr', '--out', file, '--note', 'generated']);
    const calibration = JSON.parse(await readFile(file, 'utf8')) as CalibrationFile;
    assert.equal(calibration.format, 'doclive-calibration/1');
    assert.equal(calibration.pipeline, 'vulture-sr');
    assert.equal(calibration.fitted_on.n_bona_fide, 6);
    assert.equal(calibration.fitted_on.n_attack, 6, 'the black image reached no score and is not fitted');
    assert.equal(calibration.fitted_on.note, 'generated');
    assert.ok(calibration.k > 0);
    // scores are separated: every calibration reaches zero errors on the scored images
    for (const name of ['REGULAR', 'SOFT', 'HARD'] as const) {
      assert.equal(calibration.thresholds[name].apcer, 0);
      assert.equal(calibration.thresholds[name].bpcer, 0);
    }
    assert.match(out.join(''), /vulture-sr \(SCREEN_REPLAY\) calibrated on 6 bona fide images and 6 attacks/);
    assert.match(out.join(''), /1 image\(s\) did not reach a score/);
    assert.match(err.join(''), /warning: HARD targets APCER <= 1 % but there are only 6 attacks/);
    assert.match(err.join(''), /IDLIVEDOC_SERVER_CALIBRATION_DIR=.*cal/);

    // eval with this calibration reaches the recorded rates
    const evalRun = testDeps({ 'vulture-sr': { file: calibration, source: file } });
    await runCli(evalRun.deps, ['eval', set.manifest, '--pipelines', 'vulture-sr', '--json', '-']);
    const summary = JSON.parse(evalRun.out.join(''));
    assert.deepEqual(summary.pipelines['vulture-sr'].calibrations.REGULAR, { apcer: 0, bpcer: 0 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('calibrate without attacks of the pipeline type says what is missing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-calibrate-'));
  try {
    const set = await generateImageSet(dir);
    const onlyBonaFide = join(dir, 'bona.jsonl');
    await writeFile(onlyBonaFide, set.lines.filter((l) => (l as { label: string }).label === 'bona_fide').map((l) => JSON.stringify(l)).join('\n'));
    const { deps } = testDeps();
    await assert.rejects(
      runCli(deps, ['calibrate', onlyBonaFide, '--pipeline', 'woodpecker-pc', '--out', join(dir, 'x.json')]),
      /woodpecker-pc needs scored bona fide images and scored PRINTED_COPY attacks to calibrate; the manifest gave 6 scored bona fide \(of 6\) and 0 scored PRINTED_COPY attacks \(of 0\)/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
