// Test-only worker for server-level tests: a test-double engine that finds one ID card in any image and gives every
// requested pipeline the raw score chosen by the test (workerData), after an optional delay. Never used by src/.
import type { AnalysisEngine } from '../../src/analysis/types.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import { serveEngine } from '../../src/workers/serve-engine.js';

export interface ScriptedWorkerOptions {
  readonly pipelines: readonly PipelineName[];
  readonly score: number;
  readonly delayMs: number;
}

async function createScriptedEngine(options: ScriptedWorkerOptions): Promise<AnalysisEngine> {
  return {
    implementedPipelines: () => options.pipelines,
    async analyse(request) {
      if (options.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return {
        findings: { found: true, count: 1, documentType: 'ID_CARD', cropped: false, colorless: false, portraitFound: null, warnings: [], quads: [] },
        scores: Object.fromEntries(request.pipelines.map((name) => [name, { score: options.score }])),
        stageMs: { decode: 1, frontend: 2 },
      };
    },
    async close() {},
  };
}

export default serveEngine(createScriptedEngine);
