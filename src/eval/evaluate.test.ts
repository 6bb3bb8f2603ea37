import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentFindings } from '../analysis/types.js';
import type { CalibrationFile } from '../calibration/types.js';
import type { Quad } from '../domain/types.js';
import type { ManifestEntry } from './manifest.js';
import { summarise, type ImageOutcome, type PipelineOutcome } from './evaluate.js';

const square: Quad = [[0, 0], [10, 0], [10, 10], [0, 10]];
const shifted: Quad = [[5, 0], [15, 0], [15, 10], [5, 10]];

function findings(over: Partial<DocumentFindings> = {}): DocumentFindings {
  return { found: true, count: 1, documentType: 'ID_CARD', cropped: false, colorless: false, portraitFound: null, warnings: [], quads: [square], ...over };
}

let line = 0;
function image(label: 'bona_fide' | 'attack', attack: ManifestEntry['attack'], sr: PipelineOutcome | undefined, over: Partial<ImageOutcome> = {}, entry: Partial<ManifestEntry> = {}): ImageOutcome {
  line += 1;
  return {
    entry: { line, image: `${line}.jpg`, path: `/x/${line}.jpg`, label, attack, quad: null, documentType: null, ...entry },
    error: null,
    findings: findings(),
    pipelines: sr === undefined ? {} : { 'vulture-sr': sr },
    timeMs: line * 10,
    ...over,
  };
}
const ok = (score: number): PipelineOutcome => ({ status: 'OK', score });
const notFound: PipelineOutcome = { status: 'DOCUMENT_NOT_FOUND', score: null };

const calibration: CalibrationFile = {
  format: 'doclive-calibration/1',
  pipeline: 'vulture-sr',
  k: 2,
  thresholds: { REGULAR: { t: 0.5, apcer: 0, bpcer: 0 }, SOFT: { t: 0.15, apcer: 0, bpcer: 0 }, HARD: { t: 0.75, apcer: 0, bpcer: 0 } },
  fitted_on: { manifest: 'm', n_bona_fide: 1, n_attack: 1, date: '2026-01-01' },
};

test('summary: hand-computed metrics, JSON shape, non-OK counted as not accepted, other attack types broken down', () => {
  line = 0;
  const outcomes: ImageOutcome[] = [
    image('bona_fide', null, ok(0.2), {}, { quad: square, documentType: 'ID_CARD' }),
    image('bona_fide', null, ok(0.6), {}, { quad: shifted, documentType: 'PASSPORT' }),
    image('bona_fide', null, ok(0.8)),
    image('bona_fide', null, ok(0.9)),
    image('attack', 'SCREEN_REPLAY', ok(0.1)),
    image('attack', 'SCREEN_REPLAY', notFound, { findings: findings({ found: false, count: 0, quads: [] }) }, { quad: square }),
    image('attack', 'SCREEN_REPLAY', ok(0.7)),
    image('attack', 'PRINTED_COPY', ok(0.95)),
    image('bona_fide', null, undefined, { error: 'cannot read file: ENOENT', findings: null, timeMs: null }),
  ];
  const summary = summarise({
    manifest: 'm.jsonl',
    outcomes,
    pipelines: ['vulture-sr'],
    calibrations: { 'vulture-sr': { file: calibration, source: 'cal.json' } },
    noDocumentGate: false,
  });
  assert.equal(summary.images, 9);
  assert.equal(summary.unreadable, 1);
  assert.deepEqual(summary.unreadable_images, [{ line: 9, image: '9.jpg', error: 'cannot read file: ENOENT' }]);
  // localisation: quads on images 1 (IoU 1), 2 (IoU 50/150) and 6 (not found -> 0)
  assert.equal(summary.localisation.with_quad, 3);
  assert.ok(Math.abs((summary.localisation.iou_median ?? NaN) - 1 / 3) < 1e-9);
  assert.equal(summary.localisation.iou_at_least_0_9, 1 / 3);
  assert.equal(summary.localisation.not_found, 1 / 3);
  assert.equal(summary.localisation.document_type_accuracy, 1 / 2);

  const sr = summary.pipelines['vulture-sr'];
  assert.ok(sr);
  assert.equal(sr.n_bona_fide, 4);
  assert.equal(sr.n_attack, 3);
  assert.equal(sr.scored, 6 / 7);
  assert.equal(sr.status_counts.OK, 6);
  assert.equal(sr.status_counts.DOCUMENT_NOT_FOUND, 1);
  // own scores: bona fide {0.2,0.6,0.8,0.9}, attacks {0.1,-inf,0.7}: AUC = (1+2+3+3 + 4 wins over -inf... ) / 12
  // per bona fide: 0.2 beats {0.1,-inf} = 2; 0.6: 2; 0.8: 3; 0.9: 3 -> 10/12
  assert.ok(Math.abs((sr.auc ?? NaN) - 10 / 12) < 1e-12);
  // points: (1,0) -inf:(2/3,0) 0.1:(1/3,0) 0.2:(1/3,1/4) 0.6:(1/3,1/2) -> crossing on (1/3,1/4)->(1/3,1/2) at 1/3
  assert.ok(Math.abs((sr.eer ?? NaN) - 1 / 3) < 1e-12);
  assert.equal(sr.bpcer_at_apcer_1, 1 / 2);
  assert.equal(sr.apcer_at_bpcer_1, 1 / 3);
  // REGULAR t=0.5: attacks accepted {0.7} -> 1/3; bona fide rejected {0.2} -> 1/4. HARD t=0.75: 0 and 2/4.
  assert.deepEqual(sr.calibrations.REGULAR, { apcer: 1 / 3, bpcer: 1 / 4 });
  assert.deepEqual(sr.calibrations.HARD, { apcer: 0, bpcer: 2 / 4 });
  assert.deepEqual(sr.calibrations.SOFT, { apcer: 1 / 3, bpcer: 0 });
  assert.deepEqual(Object.keys(sr.per_attack).sort(), ['PRINTED_COPY', 'SCREEN_REPLAY']);
  assert.equal(sr.per_attack.PRINTED_COPY?.n_attack, 1);
  assert.equal(sr.per_attack.PRINTED_COPY?.auc, 0);
  assert.equal(sr.per_attack.PRINTED_COPY?.calibrations.REGULAR, 1);
  assert.equal(sr.calibration_source, 'cal.json');
  assert.deepEqual(summary.timing_ms, { median: 45, p95: 80 });

  // the documented JSON shape survives serialisation, with null (never NaN) where nothing can be computed
  const json = JSON.parse(JSON.stringify(summary));
  for (const key of ['images', 'unreadable', 'localisation', 'pipelines', 'timing_ms']) assert.ok(key in json, key);
  for (const key of ['with_quad', 'iou_median', 'iou_at_least_0_9', 'not_found', 'document_type_accuracy']) assert.ok(key in json.localisation, key);
  for (const key of ['n_bona_fide', 'n_attack', 'scored', 'status_counts', 'eer', 'auc', 'bpcer_at_apcer_1', 'bpcer_at_apcer_5', 'apcer_at_bpcer_1', 'calibrations', 'per_attack']) {
    assert.ok(key in json.pipelines['vulture-sr'], key);
  }
  for (const name of ['REGULAR', 'SOFT', 'HARD']) assert.deepEqual(Object.keys(json.pipelines['vulture-sr'].calibrations[name]), ['apcer', 'bpcer']);
});

test('no attacks of the own type and no calibration: metrics are null, not numbers', () => {
  line = 0;
  const summary = summarise({
    manifest: 'm',
    outcomes: [image('bona_fide', null, ok(1)), image('attack', 'PRINTED_COPY', ok(0))],
    pipelines: ['vulture-sr'],
    calibrations: {},
    noDocumentGate: false,
  });
  const sr = summary.pipelines['vulture-sr'];
  assert.ok(sr);
  assert.equal(sr.n_attack, 0);
  assert.equal(sr.eer, null);
  assert.equal(sr.auc, null);
  assert.equal(sr.bpcer_at_apcer_5, null);
  assert.deepEqual(sr.calibrations.REGULAR, { apcer: null, bpcer: null });
  assert.equal(sr.per_attack.PRINTED_COPY?.auc, 1);
  assert.equal(summary.localisation.iou_median, null);
  assert.equal(summary.localisation.document_type_accuracy, null);
});
