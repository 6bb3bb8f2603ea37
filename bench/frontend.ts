// Benchmark (not a test): time of the shared front-end per 1920x1080 JPEG after decoding, on one core.
// Frames: DLC-2021 frames (1080x1920, real documents) and the generic phone photos resized to 1920x1080.
// Usage: taskset -c 0 node --import tsx bench/frontend.ts [--frames N] [--classical]   (UV_THREADPOOL_SIZE=1 keeps libvips on one core too)
// Record results in bench/README.md with the machine.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { analyseDecoded } from '../src/analysis/frontend.js';
import { decodeImage } from '../src/image/decode.js';
import { LearnedLocaliser } from '../src/localisation/learned.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../src/portrait/tiny-face-detector.js';
import { sharedDataDir } from '../test/support/shared-data.js';

// --classical: without the learned localiser (models/localiser), for before / after comparisons.
const { values } = parseArgs({ options: { frames: { type: 'string', default: '30' }, classical: { type: 'boolean', default: false } } });
const count = Number(values.frames);
const data = sharedDataDir();
const dlc = join(data, 'dlc2021-graycopy-dev');
const rows = readFileSync(join(dlc, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { image: string });
const files: Buffer[] = [];
for (const row of rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / count)) === 0).slice(0, count)) {
  // Same pixels, landscape 1920x1080 JPEG as a phone would send.
  files.push(await sharp(readFileSync(join(dlc, row.image))).rotate(90).resize(1920, 1080, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer());
}
const real = join(data, 'screen-recapture-dev', 'real');
for (const f of readdirSync(real).sort().slice(0, Math.ceil(count / 3))) {
  files.push(await sharp(readFileSync(join(real, f))).rotate().resize(1920, 1080, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer());
}
const faces = await TinyFaceDetector.load(`models/${PORTRAIT_FACE_MODEL}`);
const localiser = values.classical ? undefined : await LearnedLocaliser.load('models/localiser');
const models = { faces, ...(localiser ? { localiser } : {}) };
const decodeMs: number[] = [], frontMs: number[] = [], frontCpuMs: number[] = [];
for (let round = 0; round < 2; round++) {
  for (const bytes of files) {
    const t0 = performance.now();
    const decoded = await decodeImage(bytes, { maxImagePixels: 50_000_000 });
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    await analyseDecoded(decoded, models, {});
    const cpu = process.cpuUsage(cpu0);
    const t2 = performance.now();
    // The first round warms up (JIT, libvips caches); only the second is reported.
    if (round === 1) { decodeMs.push(t1 - t0); frontMs.push(t2 - t1); frontCpuMs.push((cpu.user + cpu.system) / 1000); }
  }
}
await faces.dispose();
await localiser?.dispose();
const stats = (v: number[]): string => {
  const s = [...v].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, mean ${mean.toFixed(1)} ms, p90 ${s[Math.floor(s.length * 0.9)]!.toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms`;
};
console.log(`frames: ${files.length} (1920x1080 JPEG q90)`);
console.log(`decode:    ${stats(decodeMs)}`);
console.log(`front-end wall: ${stats(frontMs)}`);
// CPU time of the whole process (all threads) during the front-end: the figure to plan with on a shared machine.
console.log(`front-end CPU:  ${stats(frontCpuMs)}`);
