// Test-only worker module for the runtime fault tests. It serves the real analysis engine (createAnalysisEngine,
// with the detectors this build registers) and adds what the real engine cannot be made to do on demand:
//   crashMarker      an image whose bytes contain this text ends the worker thread 30 ms after its real analysis
//                    started, as a native crash or an out-of-memory kill of the thread would;
//   detectorDoubles  pipelines scored by a test-double detector (ImageStatisticsDetector) instead of trained ones,
//                    only for runs before any detector is registered (DOCLIVE_TEST_DETECTOR_DOUBLES).
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import type { AnalysisEngine } from '../../src/analysis/types.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import { serveEngine } from '../../src/workers/serve-engine.js';
import { ImageStatisticsDetector } from '../doubles/image-statistics-detector.js';

export interface RuntimeTestWorkerOptions {
  readonly maxImagePixels: number;
  readonly crashMarker?: string;
  readonly detectorDoubles?: readonly PipelineName[];
}

async function createRuntimeTestEngine(options: RuntimeTestWorkerOptions): Promise<AnalysisEngine> {
  const doubles = options.detectorDoubles ?? [];
  const engine = await createAnalysisEngine({
    maxImagePixels: options.maxImagePixels,
    ...(doubles.length > 0 ? { detectors: doubles.map((name) => new ImageStatisticsDetector(name)) } : {}),
  });
  const marker = options.crashMarker === undefined ? null : Buffer.from(options.crashMarker);
  return {
    implementedPipelines: () => engine.implementedPipelines(),
    analyse(request, signal) {
      if (marker !== null && Buffer.from(request.image.buffer, request.image.byteOffset, request.image.byteLength).includes(marker)) {
        // In a worker thread, process.exit ends this thread only: the pool sees its worker die mid-task.
        setTimeout(() => process.exit(9), 30);
      }
      return engine.analyse(request, signal);
    },
    close: () => engine.close(),
  };
}

export default serveEngine(createRuntimeTestEngine);
