import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateImageSet } from '../../test/doubles/images.js';
import { runCli, testDeps } from '../../test/doubles/cli.js';
import type { CalibrationFile } from '../calibration/types.js';

test('eval end to end: manifest -> JSON of the documented shape, table, HTML report; unreadable images skipped and counted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-eval-'));
  try {
    const set = await generateImageSet(dir);
    const calibration: CalibrationFile = {
      format: 'doclive-calibration/1',
      pipeline: 'vulture-sr',
      k: 1,
      thresholds: { REGULAR: { t: 0, apcer: 0, bpcer: 0 }, SOFT: { t: -2, apcer: 0, bpcer: 0 }, HARD: { t: 1.5, apcer: 0, bpcer: 0 } },
      fitted_on: { manifest: 'x', n_bona_fide: 1, n_attack: 1, date: '2026-01-01' },
    };
    const { deps, out, err, requested } = testDeps({ 'vulture-sr': { file: calibration, source: 'test' } });
    const jsonPath = join(dir, 'out', 'metrics.json');
    const reportPath = join(dir, 'out', 'report.html');
    await runCli(deps, ['eval', set.manifest, '--pipelines', 'default-sr', '--calibration-dir', dir, '--json', jsonPath, '--report', reportPath]);
    assert.deepEqual(requested, [{ pipelines: ['vulture-sr'], dir }]);
    const summary = JSON.parse(await readFile(jsonPath, 'utf8'));
    assert.equal(summary.images, 16);
    assert.equal(summary.unreadable, 2);
    assert.match(err.join(''), /skipped line 15 \(img\/not-an-image\.jpg\)/);
    assert.match(err.join(''), /skipped line 16 \(img\/missing\.jpg\): cannot read .*ENOENT/);
    assert.deepEqual(Object.keys(summary.pipelines), ['vulture-sr']);
    const sr = summary.pipelines['vulture-sr'];
    // 6 bona fide (green, scores 2.0 .. -0.4), 7 screen replays (6 red + 1 black image where no document is found)
    assert.equal(sr.n_bona_fide, 6);
    assert.equal(sr.n_attack, 7);
    assert.equal(sr.status_counts.DOCUMENT_NOT_FOUND, 1);
    assert.equal(sr.scored, 12 / 13);
    // double's score (g - r) / 25: bona fide 2.0, 1.52, ... -0.4; screen replays <= -1.2: separated
    assert.equal(sr.auc, 1);
    assert.equal(sr.eer, 0);
    // REGULAR t = 0 rejects the one bona fide image at -0.4
    assert.deepEqual(sr.calibrations.REGULAR, { apcer: 0, bpcer: 1 / 6 });
    assert.ok(sr.calibrations.HARD.bpcer > 0, 'HARD threshold 1.5 rejects the greyer bona fide images');
    assert.deepEqual(Object.keys(sr.per_attack).sort(), ['PRINTED_COPY', 'SCREEN_REPLAY']);
    assert.equal(summary.localisation.with_quad, 13);
    assert.equal(summary.localisation.iou_at_least_0_9, 12 / 13);
    assert.equal(summary.localisation.not_found, 1 / 13);
    // bona fide are landscape ID cards (right); screen replays portrait (typed PASSPORT by the double: wrong)
    assert.equal(summary.localisation.document_type_accuracy, 6 / 12);
    assert.equal(typeof summary.timing_ms.median, 'number');
    assert.match(out.join(''), /vulture-sr \(SCREEN_REPLAY\)/);
    const html = await readFile(reportPath, 'utf8');
    assert.match(html, /vulture-sr: DET/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('eval --no-document-gate lets the detector score images without a document', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-eval-'));
  try {
    const set = await generateImageSet(dir);
    const { deps, out } = testDeps();
    await runCli(deps, ['eval', set.manifest, '--pipelines', 'vulture-sr', '--no-document-gate', '--json', '-']);
    const summary = JSON.parse(out.join(''));
    assert.equal(summary.no_document_gate, true);
    assert.equal(summary.pipelines['vulture-sr'].status_counts.DOCUMENT_NOT_FOUND, 0);
    assert.equal(summary.pipelines['vulture-sr'].scored, 1);
    assert.deepEqual(summary.pipelines['vulture-sr'].calibrations.REGULAR, { apcer: null, bpcer: null });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('eval naming a pipeline this build does not have, or an unknown one, fails clearly', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-eval-'));
  try {
    const set = await generateImageSet(dir);
    const { deps } = testDeps();
    await assert.rejects(runCli(deps, ['eval', set.manifest, '--pipelines', 'hawk-sd']), /hawk-sd not available in this build; available: vulture-sr, woodpecker-pc/);
    await assert.rejects(runCli(deps, ['eval', set.manifest, '--pipelines', 'eagle']), /unknown pipeline "eagle": must be one of vulture-sr/);
    await assert.rejects(runCli(deps, ['eval', set.manifest, '--calibration-dir', join(dir, 'nope')]), /is not a directory: give the directory holding <pipeline>\.json/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a malformed manifest line is named by its number', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-eval-'));
  try {
    const manifest = join(dir, 'm.jsonl');
    await (await import('node:fs/promises')).writeFile(manifest, '{"image": "a.jpg", "label": "bona_fide"}\n{"image": "b.jpg", "label": "fake"}\n');
    const { deps } = testDeps();
    await assert.rejects(runCli(deps, ['eval', manifest]), /line 2: "label" must be one of/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
