// Worker pool overhead: time for one check to go to a worker thread and back when the engine itself does nothing
// (test/runtime/scripted-worker.ts, no delay), for image sizes from a small JPEG to a large photo; the image is moved
// (transferred) or, when the caller hands a view over part of a larger buffer, copied once first.
// Run: node --import tsx bench/worker-pool.ts    Results: bench/results/worker-pool.md. Small counts: shared machine.
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createPooledAnalysisEngine } from '../src/workers/pool.js';

const WORKER = fileURLToPath(new URL('../test/runtime/scripted-worker.ts', import.meta.url));
const SIZES = [100_000, 4_000_000, 24_000_000];
const ROUNDS = 40;

const engine = await createPooledAnalysisEngine({
  workers: 1,
  maxQueue: 0,
  engineOptions: { pipelines: ['vulture-sr'], score: 0, delayMs: 0 },
  workerFile: WORKER,
});

async function roundTrips(size: number, mode: 'moved' | 'copied'): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // A fresh buffer per check, as a request body would be; "copied" hands over a view that is 1 byte short.
    const backing = new Uint8Array(mode === 'moved' ? size : size + 1);
    const image = mode === 'moved' ? backing : backing.subarray(0, size);
    const started = performance.now();
    await engine.analyse({ image, pipelines: ['vulture-sr'], errorsToIgnore: [] });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN).toFixed(2);

console.log(`node ${process.version}, ${ROUNDS} checks per row, 1 worker, no-op engine`);
console.log('| image bytes | hand-over | median ms | p90 ms |');
console.log('|---|---|---|---|');
await roundTrips(100_000, 'moved'); // warm the path
for (const size of SIZES) {
  for (const mode of ['moved', 'copied'] as const) {
    const sorted = await roundTrips(size, mode);
    console.log(`| ${size.toLocaleString('en')} | ${mode} | ${pct(sorted, 0.5)} | ${pct(sorted, 0.9)} |`);
  }
}
await engine.close();
