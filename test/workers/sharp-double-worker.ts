// Test-only worker module: serves the sharp-based test-double engine of test/doubles/analysis-engine.ts in a pool
// worker, so that the CLI's engine (src/cli/engine.ts) and the CLI bench run the real pool on a test double.
import { createAnalysisEngine } from '../doubles/analysis-engine.js';
import { serveEngine } from '../../src/workers/serve-engine.js';

export default serveEngine(createAnalysisEngine);
