import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { testNeeding } from '../store/test-needing.js';

// The pool must find and run its worker from the build (npm start runs dist/ with plain node, no tsx). npm ci
// builds dist/ (the "prepare" script), so CI always has a fresh build; locally a missing or stale one is skipped.

const BUILT_POOL = 'dist/src/workers/pool.js';
const SOURCES = ['src/workers/pool.ts', 'src/workers/serve-engine.ts', 'src/workers/analysis-worker.ts', 'src/workers/bootstrap-worker.mjs'];

function buildProblem(): string | null {
  if (!existsSync(BUILT_POOL)) return `${BUILT_POOL} is missing (run npm run build)`;
  const built = statSync(BUILT_POOL).mtimeMs;
  const stale = SOURCES.filter((source) => statSync(source).mtimeMs > built);
  return stale.length > 0 ? `dist/ is older than ${stale.join(', ')} (run npm run build)` : null;
}

// Runs in a plain node process: starts a one-worker pool on the built analysis worker, sends one image through it.
const SCRIPT = `
import sharp from 'sharp';
import { createPooledAnalysisEngine } from './${BUILT_POOL}';
const engine = await createPooledAnalysisEngine({ workers: 1, maxQueue: 0, engineOptions: { maxImagePixels: 50_000_000 } });
const image = new Uint8Array(await sharp({ create: { width: 64, height: 40, channels: 3, background: '#c87828' } }).jpeg().toBuffer());
const pipelines = engine.implementedPipelines();
let answer;
try {
  const result = await engine.analyse({ image, pipelines, errorsToIgnore: [] });
  answer = { found: result.findings.found };
} catch (error) {
  answer = { code: error.code };
}
await engine.close();
console.log(JSON.stringify({ execArgv: process.execArgv, pipelines, answer, moved: image.byteLength === 0 }));
`;

testNeeding(buildProblem(), 'from dist/, with plain node, the pool starts its built worker and analyses in it', async () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
    execArgv: string[];
    pipelines: string[];
    answer: { found?: boolean; code?: string };
    moved: boolean;
  };
  assert.deepEqual(report.execArgv.filter((arg) => arg.includes('tsx')), [], 'no tsx involved');
  assert.ok(Array.isArray(report.pipelines));
  // The engine of this build answers from the worker: findings, or a catalogue error about the request.
  assert.ok(report.answer.found !== undefined || (report.answer.code !== undefined && report.answer.code !== 'INTERNAL_ERROR'), JSON.stringify(report.answer));
  assert.equal(report.moved, true);
});
