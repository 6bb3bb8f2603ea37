// Benchmark (not a test): latency of one full check inside the analysis engine, per stage (decode, front-end, each
// pipeline, as the engine reports them in stageMs) and end to end, with every pipeline this build offers, against
// decoding the same JPEG alone. Inputs: folders of lab images (`npm run lab -- generate --resolution WxH --count 6
// --seed bench --out DIR`), one folder per resolution. Meant for one core:
//   UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/end-to-end.ts --rounds 3 DIR...
// The server runs with V8 flags of its own (package.json "start": --single-threaded-gc --initial-old-space-size=128,
// and a 4 MB semi-space in each worker, src/workers/pool.ts): add `--max-semi-space-size=4 --single-threaded-gc
// --initial-old-space-size=128` after `node` to measure a check as the server runs it.
// --pipelines a,b checks only those of the offered pipelines. The first round warms up (JIT, libvips caches, first model runs) and is not reported. Both validation errors
// that may be ignored are ignored, so that every pipeline runs whenever a document is found.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createAnalysisEngine } from '../src/analysis/engine.js';
import { IGNORABLE_ERRORS } from '../src/domain/types.js';
import { decodeImage } from '../src/image/decode.js';

const { values, positionals } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, pipelines: { type: 'string' } },
  allowPositionals: true,
});
const rounds = Number(values.rounds);
if (positionals.length === 0 || !(rounds >= 2)) {
  console.error('usage: bench/end-to-end.ts [--rounds N>=2] [--pipelines a,b] DIR...  (folders of lab JPEGs, one per resolution; default: every offered pipeline)');
  process.exit(2);
}

const MAX_IMAGE_PIXELS = 50_000_000;
const engine = await createAnalysisEngine({ maxImagePixels: MAX_IMAGE_PIXELS });
const offered = engine.implementedPipelines();
const pipelines = values.pipelines === undefined ? offered : offered.filter((name) => values.pipelines!.split(',').includes(name));

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
/** CPU ms of this process's main (JS) thread so far, from /proc (10 ms ticks): the rest of the process CPU is other threads. */
const mainThreadCpuMs = (): number => {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const row = (label: string, values: readonly number[]): string =>
  `| ${label} | ${values.length} | ${quantile(values, 0.5).toFixed(1)} | ${quantile(values, 0.95).toFixed(1)} |`;

const allowedCpus = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '?';
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} (${cpus().length} logical), this process may run on CPUs ${allowedCpus}`);
console.log(`UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '(default 4)'} VIPS_CONCURRENCY=${process.env.VIPS_CONCURRENCY ?? '(default)'}`);
console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`pipelines offered by this build: [${offered.join(', ')}]; checked: [${pipelines.join(', ')}]${pipelines.length === 0 ? ' -- none: "full check" is decode + front-end only' : ''}`);
console.log(`${rounds - 1} measured rounds after 1 warm-up round; wall ms unless marked CPU\n`);

for (const dir of positionals) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort();
  const images = files.map((f) => new Uint8Array(readFileSync(join(dir, f))));
  const decodeWall: number[] = [];
  const decodeCpu: number[] = [];
  const fullWall: number[] = [];
  const fullCpu: number[] = [];
  const fullMainCpu: number[] = [];
  const ratios: number[] = [];
  const stages = new Map<string, number[]>();
  let size = '';
  for (let round = 0; round < rounds; round++) {
    for (const image of images) {
      const decodeCpuStart = process.cpuUsage();
      let started = performance.now();
      const decoded = await decodeImage(image, { maxImagePixels: MAX_IMAGE_PIXELS });
      const decodeMs = performance.now() - started;
      const decodeCpuMs = cpuMs(decodeCpuStart);
      size = `${decoded.image.width}x${decoded.image.height}`;
      const cpu = process.cpuUsage();
      const mainCpu = mainThreadCpuMs();
      started = performance.now();
      // The engine takes ownership of nothing here (in-process), so the same bytes serve every round.
      const result = await engine.analyse({ image, pipelines, errorsToIgnore: [...IGNORABLE_ERRORS] });
      const fullMs = performance.now() - started;
      if (round === 0) continue;
      decodeWall.push(decodeMs);
      decodeCpu.push(decodeCpuMs);
      fullWall.push(fullMs);
      fullCpu.push(cpuMs(cpu));
      fullMainCpu.push(mainThreadCpuMs() - mainCpu);
      ratios.push(fullMs / decodeMs);
      for (const [stage, ms] of Object.entries(result.stageMs ?? {})) stages.set(stage, [...(stages.get(stage) ?? []), ms]);
    }
  }
  console.log(`### ${basename(dir)}: ${images.length} lab JPEGs, ${size}, ${(images.reduce((n, i) => n + i.length, 0) / images.length / 1e6).toFixed(2)} MB average`);
  console.log('| measurement | n | median ms | p95 ms |');
  console.log('|---|---|---|---|');
  console.log(row('decode alone (sharp)', decodeWall));
  console.log(row('decode alone, CPU', decodeCpu));
  for (const [stage, values] of stages) console.log(row(`stage: ${stage}`, values));
  console.log(row('full check, end to end (engine.analyse)', fullWall));
  console.log(row('full check, end to end, CPU', fullCpu));
  // The rest of the process CPU: V8's platform threads (concurrent / parallel GC, background compilation), libvips.
  console.log(row('full check, CPU of the JS thread alone', fullMainCpu));
  console.log(row('full check, CPU of the other threads', fullCpu.map((c, i) => c - fullMainCpu[i]!)));
  console.log(
    `ratio full check / decode alone: ${(quantile(fullWall, 0.5) / quantile(decodeWall, 0.5)).toFixed(2)} (ratio of medians), ` +
      `${quantile(ratios, 0.5).toFixed(2)} (median of per-image ratios); ` +
      `CPU: ${(quantile(fullCpu, 0.5) / quantile(decodeCpu, 0.5)).toFixed(2)} (ratio of medians)\n`,
  );
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await engine.close();
