// Benchmark (not a test): vulture-sr's own cost per image AFTER the shared front-end (feature extraction, including
// its full-resolution crop, + the ONNX model), on lab images at 1280x720, 1920x1080 and 4000x3000 (or the largest
// lab size available, >= 3264x2448). The detector is wrapped so that only its score() is timed; decode and the
// front-end run through the real engine but are not counted. "wall" and "CPU" are the product's path: with a
// document both heads score the image and the more suspicious score wins (route.ts, branch sr6). The whole-image head
// is also timed alone (the same image with the document withheld, as under `--no-document-gate`), and the patch CNN
// (cnn group of the document head) on its own.
// Usage: UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/vulture-sr.ts [--per-size 8] [--data /work/data]
// Record results in bench/README.md ("vulture-sr") with the machine load.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAnalysisEngine } from '../src/analysis/engine.js';
import { defaultModelDir } from '../src/inference/model-files.js';
import type { Detector } from '../src/pipelines/detector.js';
import { createScreenReplayDetector } from '../src/pipelines/vulture-sr/detector.js';
import { patchCnn } from '../src/pipelines/vulture-sr/patch-cnn.js';

const { values } = parseArgs({ options: { 'per-size': { type: 'string', default: '8' }, data: { type: 'string', default: '/work/data' } } });
const perSize = Number(values['per-size']);

// Lab images by resolution (landscape or portrait), bona fide and screen replays, from every complete chunk.
const buckets: Record<string, string[]> = { '1280x720': [], '1920x1080': [], '>=3264x2448': [] };
for (const chunk of readdirSync(values.data).filter((d) => existsSync(join(values.data, d, 'manifest.jsonl'))).sort()) {
  for (const name of readdirSync(join(values.data, chunk)).filter((f) => f.endsWith('.json')).sort()) {
    const side = JSON.parse(readFileSync(join(values.data, chunk, name), 'utf8')) as { params?: { width?: number; height?: number } };
    const w = Math.max(side.params?.width ?? 0, side.params?.height ?? 0);
    const h = Math.min(side.params?.width ?? 0, side.params?.height ?? 0);
    const key = w === 1280 && h === 720 ? '1280x720' : w === 1920 && h === 1080 ? '1920x1080' : w >= 3264 ? '>=3264x2448' : null;
    const image = ['.jpg', '.png'].map((e) => join(values.data, chunk, name.replace(/\.json$/, e))).find(existsSync);
    if (key !== null && image !== undefined && buckets[key]!.length < perSize) buckets[key]!.push(image);
  }
}

const inner = await createScreenReplayDetector({ modelDir: defaultModelDir() });
let lastWall = 0;
let lastCpu = 0;
let lastWholeCpu = 0;
let lastCnnCpu = 0;
const cnn = patchCnn(defaultModelDir());
const cpuMs = (start: NodeJS.CpuUsage): number => {
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1000;
};
const timed: Detector = {
  name: inner.name,
  async score(input) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const s = await inner.score(input);
    lastWall = performance.now() - t0;
    lastCpu = cpuMs(cpu0);
    const cpu1 = process.cpuUsage();
    await inner.score({ ...input, document: null });
    lastWholeCpu = cpuMs(cpu1);
    if (input.document !== null) {
      const cpu2 = process.cpuUsage();
      await cnn.score(input.image, input.document.quad);
      lastCnnCpu = cpuMs(cpu2);
    }
    return s;
  },
  dispose: () => inner.dispose(),
};
const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [timed] });
const stats = (v: number[]): string => {
  const s = [...v].sort((a, b) => a - b);
  if (s.length === 0) return 'no images';
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, p95 ${s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!.toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms`;
};
for (const [size, files] of Object.entries(buckets)) {
  const wall: number[] = [];
  const cpu: number[] = [];
  const wholeCpu: number[] = [];
  const cnnCpu: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const file of files) {
      lastWall = Number.NaN;
      // Ignore cropped / colourless so every image reaches the detector; DOCUMENT_NOT_FOUND ones are skipped.
      await engine.analyse({ image: readFileSync(file), pipelines: ['vulture-sr'], errorsToIgnore: ['DOCUMENT_CROPPED', 'DOCUMENT_IS_COLORLESS'] });
      // The first round warms up (JIT); only the second is reported.
      if (round === 1 && Number.isFinite(lastWall)) (wall.push(lastWall), cpu.push(lastCpu), wholeCpu.push(lastWholeCpu), cnnCpu.push(lastCnnCpu));
    }
  }
  console.log(`${size}: ${wall.length} images scored of ${files.length}`);
  console.log(`  wall: ${stats(wall)}`);
  console.log(`  CPU:  ${stats(cpu)}`);
  console.log(`  whole-image head CPU: ${stats(wholeCpu)}`);
  console.log(`  patch CNN alone (inside the document head) CPU: ${stats(cnnCpu)}`);
}
await engine.close();
await cnn.dispose();
