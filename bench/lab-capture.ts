// Benchmark of the capture path and the physical attacks at 1920x1080 on one thread (CPU time per image, which
// does not depend on what else the machine runs; wall time is printed too).
// Usage: node --import tsx bench/lab-capture.ts [images-per-class]
import { Rng } from '../lab/rng.js';
import { createCapture } from '../lab/capture/index.js';
import { screenReplay } from '../lab/attacks/screen-replay.js';
import { printedCopy } from '../lab/attacks/printed-copy.js';
import { syntheticDocument } from '../test/lab/synthetic-document.js';

const n = Number(process.argv[2] ?? 4);
const resolution = [1920, 1080] as const;
const capture = createCapture({ options: { resolution } });
const doc = syntheticDocument({ pxPerMm: 14 });
const runs: [string, (rng: Rng) => Promise<unknown>][] = [
  ['bona_fide', (rng) => capture(doc, rng)],
  ['SCREEN_REPLAY', (rng) => screenReplay({ doc, rng, split: 'train', capture }, { capture: { resolution } })],
  ['PRINTED_COPY', (rng) => printedCopy({ doc, rng, split: 'train', capture }, { capture: { resolution } })],
];
await capture(doc, new Rng('warm-up'));
for (const [name, fn] of runs) {
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  for (let i = 0; i < n; i++) await fn(new Rng(`bench-${name}-${i}`));
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / n;
  const wallMs = (Date.now() - t0) / n;
  console.log(`${name.padEnd(14)} cpu ${cpuMs.toFixed(0).padStart(5)} ms/image  wall ${wallMs.toFixed(0).padStart(5)} ms/image  -> ${(60000 / cpuMs).toFixed(1)} images/min/core`);
}
