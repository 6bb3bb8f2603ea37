// Throughput of the lab generator: images per minute per class at 1920x1080, for the default mix at 1920x1080 (the
// issue's target) and for the default mix with its own frame sizes (1280x720 to 4032x3024), on worker threads. Prints wall-clock rates and CPU seconds per image
// (process CPU over all threads), so a figure taken on a busy machine can be read against an idle one.
// Usage: node --import tsx bench/lab-generate.ts [images-per-class] [workers] [parts-module]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { runGenerator } from '../lab/generate-pool.js';
import { LAB_CLASSES } from '../lab/generate.js';
import type { LabClass } from '../lab/types.js';

const perClass = Number(process.argv[2] ?? 12);
const workers = Number(process.argv[3] ?? 2);
const partsModule = process.argv[4];
const base = await mkdtemp(join(tmpdir(), 'lab-bench-'));
const runs: [string, readonly LabClass[], number, readonly [number, number] | undefined][] = [
  ...LAB_CLASSES.map((c) => [c, [c], perClass, [1920, 1080]] as [string, readonly LabClass[], number, readonly [number, number]]),
  ['mix 1920x1080', LAB_CLASSES, perClass * 2, [1920, 1080]],
  ['mix (default sizes)', LAB_CLASSES, perClass * 2, undefined],
];
console.log(`load average before: ${loadavg().map((v) => v.toFixed(2)).join(' ')}; ${workers} workers`);
try {
  for (const [name, classes, count, resolution] of runs) {
    const cpu0 = process.cpuUsage();
    let r;
    try {
      r = await runGenerator({
        out: join(base, name.replace(/[^a-z0-9]+/gi, '-')), count, seed: 'bench', classes, split: 'train', workers,
        ...(resolution ? { resolution } : {}), ...(partsModule ? { partsModule } : {}),
      });
    } catch (err) {
      console.log(`${name.padEnd(22)} not measured: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuPerImage = (cpu.user + cpu.system) / 1e6 / count;
    console.log(
      `${name.padEnd(22)} ${count} images  ${((count / r.wallMs) * 60000).toFixed(1).padStart(6)} images/min wall` +
        `  ${cpuPerImage.toFixed(2)} CPU s/image  -> ${((60 / cpuPerImage) * workers).toFixed(0)} images/min on ${workers} idle cores`,
    );
  }
} finally {
  await rm(base, { recursive: true, force: true });
}
console.log(`load average after: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
