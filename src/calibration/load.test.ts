import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibrationFor } from '../../test/support/doubles.js';
import { calibrationProblems, loadCalibrations } from './load.js';

function tree(): { modelsDir: string; overrideDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'doclive-cal-'));
  const modelsDir = join(root, 'models');
  const overrideDir = join(root, 'override');
  mkdirSync(join(modelsDir, 'vulture-sr'), { recursive: true });
  mkdirSync(overrideDir);
  writeFileSync(join(modelsDir, 'vulture-sr', 'calibration.json'), JSON.stringify(calibrationFor('vulture-sr')));
  return { modelsDir, overrideDir };
}

test('the shipped calibration is used unless CALIBRATION_DIR holds <pipeline>.json', () => {
  const sources = tree();
  assert.equal(loadCalibrations(['vulture-sr'], sources).get('vulture-sr')?.k, 1);
  writeFileSync(join(sources.overrideDir, 'vulture-sr.json'), JSON.stringify({ ...calibrationFor('vulture-sr'), k: 3 }));
  assert.equal(loadCalibrations(['vulture-sr'], sources).get('vulture-sr')?.k, 3);
  assert.equal(loadCalibrations(['vulture-sr'], { ...sources, overrideDir: null }).get('vulture-sr')?.k, 1);
});

test('missing or invalid calibrations stop start-up naming each pipeline and problem', () => {
  const sources = tree();
  writeFileSync(join(sources.overrideDir, 'vulture-sr.json'), JSON.stringify({ ...calibrationFor('vulture-sr'), k: 0 }));
  assert.throws(() => loadCalibrations(['vulture-sr', 'hawk-sd'], sources), (error: Error) => {
    assert.match(error.message, /vulture-sr: .*k must be a number > 0/);
    assert.match(error.message, /hawk-sd: no calibration file at .*hawk-sd\/calibration.json/);
    return true;
  });
  assert.deepEqual(loadCalibrations([], sources).size, 0);
});

test('format, pipeline, thresholds and error rates are validated', () => {
  const good = calibrationFor('robin-pc');
  assert.deepEqual(calibrationProblems(good, 'robin-pc'), []);
  const bad = { ...good, format: 'x', thresholds: { REGULAR: { t: 0, apcer: 2, bpcer: 0 }, SOFT: { t: 'a' } } };
  const problems = calibrationProblems(bad, 'hawk-sd').join('\n');
  for (const expected of [/format must be/, /pipeline must be "hawk-sd"/, /REGULAR.apcer/, /SOFT.t must be/, /HARD.t must be/]) assert.match(problems, expected);
});
