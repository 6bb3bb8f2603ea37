// Test-only worker: the real analysis engine (front-end, portrait, quality) with the explaining detector double
// (test/doubles/explaining-detector.ts) for the pipelines named in its options, so that explain requests cross
// the worker pool exactly as in production before any trained pipeline exists.
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import { serveEngine } from '../../src/workers/serve-engine.js';
import { ExplainingDetector } from '../doubles/explaining-detector.js';

export interface ExplainingWorkerOptions {
  readonly maxImagePixels: number;
  readonly pipelines: readonly PipelineName[];
}

export default serveEngine((options: ExplainingWorkerOptions) =>
  createAnalysisEngine({ maxImagePixels: options.maxImagePixels, detectors: options.pipelines.map((p) => new ExplainingDetector(p)) }),
);
