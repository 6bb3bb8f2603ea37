// Benchmark (not a test): xenops-ps after the shared front-end — feature extraction + model — per image, on lab
// bona fide and portrait-substitution images of the test split at 1280x720, 1920x1080 and 4000x3000.
// Usage: UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/xenops-ps.ts [--per-size N]
//          [--sizes 1280x720,1920x1080,4000x3000] (e.g. one size only under --cpu-prof) [--warm-up N]
// The process first analyses --warm-up images (default 6, of every size, untimed): V8 optimises the hot loops only
// after several calls, so without it the first size measured JIT warm-up rather than steady state.
// Record results in bench/README.md with the machine load.
import { parseArgs } from 'node:util';
import { loadLabParts } from '../lab/parts.js';
import { makeSampleOfClass } from '../lab/generate.js';
import { Rng } from '../lab/rng.js';
import { createAnalysisEngine } from '../src/analysis/engine.js';
import { defaultModelDir } from '../src/inference/model-files.js';
import type { Detector } from '../src/pipelines/detector.js';
import { createFeatureDetector } from '../src/pipelines/feature-detector.js';
import { portraitSubstitutionFeatures } from '../src/pipelines/xenops-ps/features.js';

const { values } = parseArgs({ options: { 'warm-up': { type: 'string', default: '6' }, 'per-size': { type: 'string', default: '10' }, sizes: { type: 'string', default: '1280x720,1920x1080,4000x3000' } } });
const perSize = Number(values['per-size']);
const sizes: [number, number][] = values.sizes.split(',').map((s) => {
  const m = /^(\d+)x(\d+)$/.exec(s.trim());
  if (m === null) throw new Error(`--sizes: "${s}" is not WIDTHxHEIGHT (e.g. 1920x1080); give a comma-separated list`);
  return [Number(m[1]), Number(m[2])];
});

const real = await createFeatureDetector('xenops-ps', portraitSubstitutionFeatures(), { modelDir: defaultModelDir() });
let wallMs = 0;
let cpuMs = 0;
// Wraps the shipped detector to time only its own work (the engine has already run the front-end).
const timed: Detector = {
  name: 'xenops-ps',
  async score(input) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const s = await real.score(input);
    wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuMs = (cpu.user + cpu.system) / 1000;
    return s;
  },
  async dispose() {
    await real.dispose();
  },
};
const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [timed] });
const stats = (v: number[]): string => {
  const s = [...v].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, p95 ${s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!.toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms`;
};
const request = { pipelines: ['xenops-ps' as const], errorsToIgnore: ['DOCUMENT_CROPPED' as const, 'DOCUMENT_IS_COLORLESS' as const] };
const warmUp = Number(values['warm-up']);
for (let i = 0; i < warmUp; i++) {
  const [w, h] = sizes[i % sizes.length]!;
  const parts = await loadLabParts('test', { resolution: [w, h], photoBackdrops: false });
  const made = await makeSampleOfClass(i % 2 === 0 ? 'bona_fide' : 'PORTRAIT_SUBSTITUTION', new Rng(`bench-xenops-warm-up:${w}:${i}`), 'test', parts);
  await engine.analyse({ image: Buffer.from(made.sample.bytes), ...request });
}
for (const [w, h] of sizes) {
  const parts = await loadLabParts('test', { resolution: [w, h], photoBackdrops: false });
  const walls: number[] = [];
  const cpus: number[] = [];
  let skipped = 0;
  for (let i = 0; i < perSize; i++) {
    const cls = i % 2 === 0 ? 'bona_fide' : 'PORTRAIT_SUBSTITUTION';
    const made = await makeSampleOfClass(cls, new Rng(`bench-xenops:${w}:${i}`), 'test', parts);
    // Twice per image: the first run warms up (JIT); the second is reported.
    for (let round = 0; round < 2; round++) {
      wallMs = Number.NaN;
      const result = await engine.analyse({ image: Buffer.from(made.sample.bytes), ...request });
      if (result.scores['xenops-ps'] === undefined) {
        if (round === 1) skipped++;
        continue;
      }
      if (round === 1) (walls.push(wallMs), cpus.push(cpuMs));
    }
  }
  console.log(`${w}x${h}: ${walls.length} images scored (${skipped} stopped by the front-end)`);
  if (walls.length > 0) console.log(`  xenops-ps wall: ${stats(walls)}\n  xenops-ps CPU:  ${stats(cpus)}`);
}
await engine.close();
