// A detector made of a hand-engineered feature extractor and a small trained model over its feature vector
// (logistic regression or MLP from lab/ml, exported to ONNX). The model directory models/<pipeline>/ holds:
//   model.onnx  input `input` [batch, features] (raw features; standardisation is inside the graph),
//               output `logits` = the raw score, higher = more live (trained with bona fide = 1);
//   model.json  DetectorModelFile: the feature names in order (checked against the extractor at load, so a model
//               can never be fed features it was not trained on), their training means, and for linear models the
//               weights used to explain a score.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, type ModelSession } from '../inference/session.js';
import type { Detector, DetectorContext, DetectorEvidence, DetectorInput, FeatureEvidence, RegionScores } from './detector.js';
import type { PipelineName } from './registry.js';

export const DETECTOR_MODEL_FORMAT = 'doclive-detector/1';

export interface FeatureExtractor {
  /** Feature names in the order extract() returns them, `group.name` (the group is used for ablations). */
  readonly names: readonly string[];
  /** One finite value per name. A non-finite value is replaced by the feature's training mean (neutral). */
  extract(input: DetectorInput): Promise<Float32Array>;
  /** Detector-specific evidence for explanations (JSON-serialisable, no image data). */
  details?(input: DetectorInput): Promise<Record<string, unknown>>;
  /** Feature vectors of a coarse grid of regions of the document, scored by the same model for the region map. */
  regions?(input: DetectorInput): Promise<{ readonly rows: number; readonly cols: number; readonly features: readonly Float32Array[] }>;
  /** Loads and warms what the extractor needs itself (e.g. a patch model's session) before the first image, so a
   * worker is ready when it says so; createFeatureDetector awaits it. */
  prepare?(): Promise<void>;
  /** Releases what the extractor loaded itself (e.g. a patch model's session); the detector's dispose() calls it. */
  dispose?(): Promise<void>;
}

export interface LinearModelWeights {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly weights: readonly number[];
  readonly intercept: number;
}

export interface DetectorModelFile {
  readonly format: typeof DETECTOR_MODEL_FORMAT;
  readonly pipeline: PipelineName;
  readonly features: readonly string[];
  /** Training-set mean of each feature (replaces a non-finite value). */
  readonly featureMeans: readonly number[];
  readonly learner: string;
  /** Present for linear models: score = intercept + sum weights_j (x_j - mean_j) / std_j. */
  readonly linear: LinearModelWeights | null;
  /** Provenance and held-out figures written by the training script (free-form). */
  readonly training: Readonly<Record<string, unknown>>;
}

export function parseDetectorModelFile(value: unknown, pipeline: PipelineName, path: string): DetectorModelFile {
  const problems: string[] = [];
  const v = value as Partial<DetectorModelFile> | null;
  if (v === null || typeof v !== 'object') throw new Error(`${path}: not a JSON object`);
  if (v.format !== DETECTOR_MODEL_FORMAT) problems.push(`format must be "${DETECTOR_MODEL_FORMAT}"`);
  if (v.pipeline !== pipeline) problems.push(`pipeline is ${JSON.stringify(v.pipeline)}, expected "${pipeline}"`);
  if (!Array.isArray(v.features) || v.features.length === 0 || !v.features.every((f) => typeof f === 'string')) problems.push('features must be a non-empty array of names');
  const n = Array.isArray(v.features) ? v.features.length : 0;
  const numbers = (a: unknown, len: number): boolean => Array.isArray(a) && a.length === len && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!numbers(v.featureMeans, n)) problems.push(`featureMeans must hold ${n} finite numbers`);
  if (typeof v.learner !== 'string') problems.push('learner must be a string');
  if (v.linear !== null && v.linear !== undefined) {
    const l = v.linear;
    if (!numbers(l.mean, n) || !numbers(l.std, n) || !numbers(l.weights, n) || !(typeof l.intercept === 'number' && Number.isFinite(l.intercept))) problems.push(`linear must hold mean, std, weights (${n} numbers each) and a finite intercept`);
  }
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  return { ...(v as DetectorModelFile), linear: v.linear ?? null, training: v.training ?? {} };
}

/** Feature vector with non-finite values replaced by the training means. */
function sanitise(values: Float32Array, means: readonly number[]): Float32Array {
  const out = Float32Array.from(values);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]!)) out[i] = means[i]!;
  return out;
}

function contributions(values: Float32Array, model: DetectorModelFile): FeatureEvidence[] {
  return model.features.map((name, i) => {
    const value = values[i]!;
    const l = model.linear;
    const contribution = l === null ? null : (l.weights[i]! * (value - l.mean[i]!)) / l.std[i]!;
    return { name, value, contribution };
  });
}

/** Where a model lives: models/<pipeline>/, or models/<pipeline>/<head>/ for a pipeline with several heads. */
export interface ModelLocation {
  readonly head?: string;
}

export async function loadDetectorModel(modelDir: string, pipeline: PipelineName, location: ModelLocation = {}): Promise<{ file: DetectorModelFile; onnxPath: string }> {
  const dir = location.head === undefined ? join(modelDir, pipeline) : join(modelDir, pipeline, location.head);
  const jsonPath = join(dir, 'model.json');
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch {
    throw new Error(`model description ${jsonPath} is missing; train it with \`node --import tsx lab/detectors/train.ts --pipeline ${pipeline} ...\` (docs/training.md)`);
  }
  return { file: parseDetectorModelFile(JSON.parse(text), pipeline, jsonPath), onnxPath: join(dir, 'model.onnx') };
}

export async function createFeatureDetector(name: PipelineName, extractor: FeatureExtractor, context: DetectorContext, location: ModelLocation = {}): Promise<Detector> {
  const { file, onnxPath } = await loadDetectorModel(context.modelDir, name, location);
  const expected = file.features.join(',');
  if (expected !== extractor.names.join(',')) {
    throw new Error(`models/${name}/${location.head === undefined ? '' : `${location.head}/`}model.json was trained on features [${expected}] but this build extracts [${extractor.names.join(',')}]; retrain the model (lab/detectors/train.ts)`);
  }
  const width = file.features.length;
  const session: ModelSession = await loadModel(onnxPath, { warmUp: { input: { dims: [1, width], data: Float32Array.from(file.featureMeans) } } });
  if (!session.outputNames.includes('logits')) {
    await session.dispose();
    throw new Error(`${onnxPath} has no output "logits" (outputs: ${session.outputNames.join(', ')})`);
  }
  try {
    await extractor.prepare?.();
  } catch (error) {
    await Promise.all([session.dispose(), extractor.dispose?.()]);
    throw error;
  }

  async function scoreRows(rows: readonly Float32Array[]): Promise<number[]> {
    const data = new Float32Array(rows.length * width);
    rows.forEach((row, i) => {
      if (row.length !== width) throw new Error(`detector ${name}: extractor returned ${row.length} features, expected ${width}`);
      data.set(sanitise(row, file.featureMeans), i * width);
    });
    const out = await session.run({ input: { dims: [rows.length, width], data } });
    return Array.from(out.logits!.data);
  }

  return {
    name,
    async score(input) {
      const features = await extractor.extract(input);
      input.signal?.throwIfAborted();
      return (await scoreRows([features]))[0]!;
    },
    async explain(input) {
      const features = await extractor.extract(input);
      input.signal?.throwIfAborted();
      const score = (await scoreRows([features]))[0]!;
      let regions: RegionScores | null = null;
      if (extractor.regions && input.document !== null) {
        const grid = await extractor.regions(input);
        if (grid.features.length > 0) regions = { rows: grid.rows, cols: grid.cols, scores: await scoreRows(grid.features) };
      }
      const evidence: DetectorEvidence = {
        features: contributions(sanitise(features, file.featureMeans), file),
        regions,
        details: extractor.details ? await extractor.details(input) : {},
      };
      return { score, evidence };
    },
    async dispose() {
      await Promise.all([session.dispose(), extractor.dispose?.()]);
    },
  };
}
