import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fit } from '../../lab/detectors/train.js';
import { exportOnnx } from '../../lab/ml/onnx-export.js';
import type { DetectorInput } from './detector.js';
import { createFeatureDetector, DETECTOR_MODEL_FORMAT, type DetectorModelFile, type FeatureExtractor } from './feature-detector.js';

// Two features; the label depends on the first only, so a trained model must weigh it positively.
function trainingData() {
  const rows = 200;
  const x = new Float64Array(rows * 2);
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const live = i % 2;
    x[i * 2] = (live ? 1 : -1) + Math.sin(i * 12.9898) * 0.8;
    x[i * 2 + 1] = Math.cos(i * 78.233) * 3;
    y.push(live);
  }
  return { x, featureCount: 2, y, featureNames: ['a.signal', 'b.noise'] };
}

// Test double: the extractor reads its features from the input's quality facts instead of the pixels.
function extractorOf(names: readonly string[]): FeatureExtractor {
  return {
    names,
    async extract(input) {
      return Float32Array.of(input.quality.blurSigmaMm, input.quality.blockiness);
    },
  };
}

const inputWith = (a: number, b: number): DetectorInput =>
  ({ quality: { warnings: [], blurSigmaMm: a, blockiness: b, colorless: false, documentColour: null }, document: null, documentCount: 0 }) as unknown as DetectorInput;

describe('feature detector', () => {
  let modelDir = '';
  let linear: DetectorModelFile['linear'] = null;
  before(async () => {
    modelDir = await mkdtemp(join(tmpdir(), 'doclive-fd-'));
    const data = trainingData();
    const fitted = await fit(data, { learner: 'logistic', l2: 1, hidden: [], epochs: 0 }, 'vulture-sr');
    linear = fitted.linear;
    await mkdir(join(modelDir, 'vulture-sr'));
    await writeFile(join(modelDir, 'vulture-sr', 'model.onnx'), exportOnnx(fitted.model));
    const file: DetectorModelFile = { format: DETECTOR_MODEL_FORMAT, pipeline: 'vulture-sr', features: data.featureNames, featureMeans: fitted.featureMeans, learner: fitted.learner, linear, training: {} };
    await writeFile(join(modelDir, 'vulture-sr', 'model.json'), JSON.stringify(file));
  });
  after(async () => rm(modelDir, { recursive: true, force: true }));

  it('scores with the exported model: the logit of the linear fit, higher for the live side', async () => {
    const detector = await createFeatureDetector('vulture-sr', extractorOf(['a.signal', 'b.noise']), { modelDir });
    try {
      const live = await detector.score(inputWith(1.5, 0));
      const attack = await detector.score(inputWith(-1.5, 0));
      assert.ok(live > 0 && attack < 0, `live ${live}, attack ${attack}`);
      const l = linear!;
      const expected = l.intercept + l.weights.reduce((s, w, j) => s + (w * ([1.5, 0][j]! - l.mean[j]!)) / l.std[j]!, 0);
      assert.ok(Math.abs(live - expected) < 1e-4, `${live} vs ${expected}`);
    } finally {
      await detector.dispose();
    }
  });

  it('explains a score: contributions plus the intercept give the score; a non-finite feature takes the training mean', async () => {
    const detector = await createFeatureDetector('vulture-sr', extractorOf(['a.signal', 'b.noise']), { modelDir });
    try {
      const { score, evidence } = await detector.explain!(inputWith(0.7, Number.NaN));
      assert.equal(score, await detector.score(inputWith(0.7, Number.NaN)));
      assert.deepEqual(evidence.features.map((f) => f.name), ['a.signal', 'b.noise']);
      const sum = evidence.features.reduce((s, f) => s + f.contribution!, linear!.intercept);
      assert.ok(Math.abs(sum - score) < 1e-4, `${sum} vs ${score}`);
      assert.ok(Math.abs(evidence.features[1]!.contribution!) < 1e-6, 'the mean of a feature contributes nothing');
      assert.equal(evidence.regions, null);
    } finally {
      await detector.dispose();
    }
  });

  it('refuses a model trained on other features, naming both lists', async () => {
    await assert.rejects(createFeatureDetector('vulture-sr', extractorOf(['a.signal', 'c.other']), { modelDir }), /trained on features \[a\.signal,b\.noise\] but this build extracts \[a\.signal,c\.other\]/);
  });

  it('prepares the extractor before the detector is returned, and releases it when preparing fails', async () => {
    const calls: string[] = [];
    const prepared: FeatureExtractor = { ...extractorOf(['a.signal', 'b.noise']), prepare: async () => void calls.push('prepare'), dispose: async () => void calls.push('dispose') };
    const detector = await createFeatureDetector('vulture-sr', prepared, { modelDir });
    assert.deepEqual(calls, ['prepare'], 'a worker is warm before it reports ready: the extractor loaded its own models at start-up');
    await detector.dispose();
    assert.deepEqual(calls, ['prepare', 'dispose']);
    const failing: FeatureExtractor = { ...prepared, prepare: async () => { throw new Error('patch model missing'); } };
    calls.length = 0;
    await assert.rejects(createFeatureDetector('vulture-sr', failing, { modelDir }), /patch model missing/);
    assert.deepEqual(calls, ['dispose'], 'a failed start releases what the extractor had opened');
  });

  it('says how to train a missing model', async () => {
    await assert.rejects(createFeatureDetector('hawk-sd', extractorOf(['a.signal', 'b.noise']), { modelDir }), /hawk-sd.*missing; train it with .*lab\/detectors\/train\.ts --pipeline hawk-sd/);
  });
});
