// Benchmark (not a test): hawk-sd's cost per image AFTER the shared front-end (feature extraction + ONNX model, the
// shipped detector with its quality gate), on lab images of the test split at 1280x720, 1920x1080 and 4000x3000
// (bona fide and digital manipulations), and at 1920x1080 saved at q30 (below the gate: the low-quality head).
// The front-end runs once per image outside the timing; each image is then scored `--rounds` times.
// Usage: UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/hawk-sd.ts [--manifest M] [--per-size N] [--rounds R]
//          [--sizes 1280x720,1920x1080,4000x3000,1920x1080q30,screenshots] (e.g. one size only under --cpu-prof)
// Images of other sizes are resized (cover) to the sizes and re-encoded at JPEG quality 90 (or the size's qNN); screenshots keep
// their own size and format in a fourth row. Record results in bench/README.md with the machine's load.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createAnalysisEngine } from '../src/analysis/engine.js';
import { readManifest } from '../src/eval/manifest.js';
import type { Detector, DetectorInput } from '../src/pipelines/detector.js';
import { createHawkSdDetector } from '../src/pipelines/hawk-sd/detector.js';

const { values } = parseArgs({ options: { manifest: { type: 'string', default: '/work/data/test.jsonl' }, 'per-size': { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' }, sizes: { type: 'string', default: '1280x720,1920x1080,4000x3000,1920x1080q30,screenshots' } } });
const perSize = Number(values['per-size']);
const rounds = Number(values.rounds);
const entries = (await readManifest(values.manifest)).filter((e) => e.label === 'bona_fide' || e.attack === 'DIGITAL_MANIPULATIONS');
const detector = await createHawkSdDetector({ modelDir: 'models' });
// The engine hands each image's DetectorInput to this recorder, which times the real detector on it.
let timings: number[] = [];
let cpuTimings: number[] = [];
const recorder: Detector = {
  name: 'hawk-sd',
  async score(input: DetectorInput) {
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await detector.score(input);
      const cpu = process.cpuUsage(c0);
      // The first round warms the JIT up. CPU time (user + system) is the figure on a shared machine.
      if (r > 0 || rounds === 1) {
        timings.push(performance.now() - t0);
        cpuTimings.push((cpu.user + cpu.system) / 1000);
      }
    }
    return 0;
  },
  async dispose() {},
};
const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [recorder] });
const stats = (v: number[]): string => {
  if (v.length === 0) return 'no scored image';
  const s = [...v].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, p95 ${s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!.toFixed(1)} ms (${v.length} runs)`;
};
// null = the screenshots at their own size and format.
const sizes: Array<[number, number, number] | null> = values.sizes.split(',').map((s) => {
  if (s.trim() === 'screenshots') return null;
  const m = /^(\d+)x(\d+)(?:q(\d+))?$/.exec(s.trim());
  if (m === null) throw new Error(`--sizes: "${s}" is not WIDTHxHEIGHT[qQUALITY] (e.g. 1920x1080 or 1920x1080q30) or "screenshots"; give a comma-separated list`);
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? 90 : Number(m[3])];
});
for (const size of sizes) {
  timings = [];
  cpuTimings = [];
  let used = 0;
  for (const e of entries) {
    if (used >= perSize) break;
    const original = await readFile(e.path);
    const isScreenshot = (await sharp(original).metadata()).format === 'png' || /screenshot/.test(await readFile(e.path.replace(/\.[^.]+$/, '.json'), 'utf8').catch(() => ''));
    if ((size === null) !== isScreenshot) continue;
    const bytes = size === null ? original : await sharp(original).resize(size[0], size[1], { fit: 'cover' }).jpeg({ quality: size[2] }).toBuffer();
    await engine.analyse({ image: bytes, pipelines: ['hawk-sd'], errorsToIgnore: ['DOCUMENT_CROPPED', 'DOCUMENT_IS_COLORLESS'] });
    used++;
  }
  console.log(`${size ? `${size[0]}x${size[1]} JPEG q${size[2]}` : 'screenshots (own size/format)'}: wall ${stats(timings)}; CPU ${stats(cpuTimings)}`);
}
await engine.close();
await detector.dispose();
