// Runs one image through the product's engine (decode, front-end, status gate) with a recording detector in place of
// the pipeline's: `score` sees exactly the input the engine would hand the real detector, or is never called when the
// front-end stops the image.
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import type { Detector, DetectorInput } from '../../src/pipelines/detector.js';

export async function throughEngine(bytes: Uint8Array, pipeline: PipelineName, score: (input: DetectorInput) => Promise<number>): Promise<void> {
  const recorder: Detector = { name: pipeline, score, async dispose() {} };
  const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [recorder] });
  try {
    await engine.analyse({ image: bytes, pipelines: [pipeline], errorsToIgnore: [] });
  } finally {
    await engine.close();
  }
}
