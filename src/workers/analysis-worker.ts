// Worker entry of the server's pool (see pool.ts): one analysis engine per worker thread, created and warmed up
// once when the worker starts.
import { createAnalysisEngine } from '../analysis/engine.js';
import { serveEngine } from './serve-engine.js';

export default serveEngine(createAnalysisEngine);
