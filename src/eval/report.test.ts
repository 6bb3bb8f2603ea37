import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalysisEngine } from '../../test/doubles/analysis-engine.js';
import { generateImageSet } from '../../test/doubles/images.js';
import type { CalibrationFile } from '../calibration/types.js';
import { readManifest } from './manifest.js';
import { runManifest } from './run.js';
import { summarise } from './evaluate.js';
import { formatRate, writeReport } from './report.js';

test('the report is one self-contained HTML file with SVG plots, the table values and thumbnails with quads', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-report-'));
  try {
    const set = await generateImageSet(dir);
    const engine = await createAnalysisEngine({ maxImagePixels: 1e6 });
    const entries = await readManifest(set.manifest);
    const outcomes = await runManifest(engine, entries, { pipelines: ['vulture-sr'], errorsToIgnore: [], noDocumentGate: false, concurrency: 2 });
    const calibration: CalibrationFile = {
      format: 'doclive-calibration/1',
      pipeline: 'vulture-sr',
      k: 1,
      thresholds: { REGULAR: { t: 0, apcer: 0, bpcer: 0 }, SOFT: { t: -1, apcer: 0, bpcer: 0 }, HARD: { t: 1, apcer: 0, bpcer: 0 } },
      fitted_on: { manifest: 'x', n_bona_fide: 1, n_attack: 1, date: '2026-01-01' },
    };
    const calibrations = { 'vulture-sr': { file: calibration, source: 'test' } };
    const summary = summarise({ manifest: set.manifest, outcomes, pipelines: ['vulture-sr'], calibrations, noDocumentGate: false });
    const out = join(dir, 'report.html');
    await writeReport(out, { summary, outcomes, calibrations });
    const html = await readFile(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.ok(!/(src|href)="https?:/.test(html), 'no external resource');
    assert.ok(!/<script/.test(html), 'no script needed');
    assert.match(html, /vulture-sr: DET/);
    assert.match(html, /vulture-sr: ROC/);
    assert.match(html, /vulture-sr: score histograms/);
    assert.ok((html.match(/<svg/g) ?? []).length >= 4);
    const sr = summary.pipelines['vulture-sr'];
    assert.ok(sr && sr.eer !== null);
    assert.ok(html.includes(formatRate(sr.eer)), 'EER value in the table');
    assert.ok(html.includes(formatRate(sr.calibrations.REGULAR.apcer)));
    assert.match(html, /data:image\/jpeg;base64,/);
    assert.match(html, /<polygon points=/);
    assert.match(html, /not-an-image\.jpg/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
