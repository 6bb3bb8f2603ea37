// Benchmark (not a test) shared by bench/woodpecker-pc.ts and bench/robin-pc.ts: time of one printed-copy detector
// (feature extraction + ONNX model) per image AFTER the shared front-end, on lab images resized to 1280x720,
// 1920x1080 and 4000x3000. The engine runs the front-end once per image; a wrapping detector then times the real
// detector's score() (first call = warm-up, then `repeats` timed calls).
// Run on one core:  UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/woodpecker-pc.ts
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { createAnalysisEngine } from '../src/analysis/engine.js';
import { RequestMemo } from '../src/analysis/request-memo.js';
import { readManifest } from '../src/eval/manifest.js';
import type { Detector } from '../src/pipelines/detector.js';
import { createFeatureDetector, type FeatureExtractor } from '../src/pipelines/feature-detector.js';
import type { PipelineName } from '../src/pipelines/registry.js';

const SIZES: readonly [number, number][] = [[1280, 720], [1920, 1080], [4000, 3000]];

export async function benchPrintedCopy(pipeline: PipelineName, extractor: () => FeatureExtractor, argv: string[]): Promise<void> {
  const manifest = argv[0] ?? '/work/data/test-s1/manifest.jsonl';
  const perClass = Number(argv[1] ?? '6');
  const repeats = 5;
  const entries = (await readManifest(manifest)).filter((e) => e.label === 'bona_fide' || e.attack === 'PRINTED_COPY');
  const picked = [...entries.filter((e) => e.label === 'bona_fide').slice(0, perClass), ...entries.filter((e) => e.label === 'attack').slice(0, perClass)];
  const real = await createFeatureDetector(pipeline, extractor(), { modelDir: join(dirname(new URL(import.meta.url).pathname), '..', 'models') });
  let times: number[] = [];
  let cpuTimes: number[] = [];
  const timing: Detector = {
    name: pipeline,
    async score(input) {
      let score = await real.score(input);
      for (let i = 0; i < repeats; i++) {
        // A fresh per-request memo each time: the detector alone in its request, nothing derived by an earlier call.
        const request = { ...input, derived: new RequestMemo() };
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        score = await real.score(request);
        const cpu = process.cpuUsage(c0);
        times.push(performance.now() - t0);
        // CPU time of the whole process during the call: the figure to plan with on a shared machine.
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
      return score;
    },
    async dispose() {
      await real.dispose();
    },
  };
  const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [timing] });
  const stats = (v: number[]): string => {
    const s = [...v].sort((a, b) => a - b);
    return s.length === 0 ? 'no scored image' : `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, p95 ${s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!.toFixed(1)} ms (${s.length / repeats} images x ${repeats})`;
  };
  try {
    for (const [w, h] of SIZES) {
      times = [];
      cpuTimes = [];
      for (const entry of picked) {
        const source = sharp(await readFile(entry.path));
        const meta = await source.metadata();
        const portrait = (meta.height ?? 0) > (meta.width ?? 0);
        const bytes = await source.resize(portrait ? h : w, portrait ? w : h, { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer();
        await engine.analyse({ image: bytes, pipelines: [pipeline], errorsToIgnore: ['DOCUMENT_IS_COLORLESS', 'DOCUMENT_CROPPED'] });
      }
      console.log(`${pipeline} ${w}x${h}: wall ${stats(times)}; CPU ${stats(cpuTimes)}`);
    }
  } finally {
    await engine.close();
  }
}
