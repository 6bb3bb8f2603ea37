// Benchmark (not a test): the extra cost of hawk-sd's aligned double-JPEG cues (branch sd11, a lab option, not in the
// shipped model) on top of the shipped extractor, per image after the front-end. Lab images with their recorded
// front-end quads (lab/detectors/frontend-quads.ts), at their own size; both extractors run on the same input,
// interleaved, `--rounds` times each (the first round warms up). CPU time (user + system) is the figure.
// Usage: UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/hawk-sd-aligned-dq.ts --quads Q.jsonl[,...] [--images N] [--rounds R]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { FrontEndRecord } from '../lab/detectors/frontend-quads.js';
import { detectorInputFromRecordedQuad } from '../lab/detectors/recorded-input.js';
import { hawkSdFeatures } from '../src/pipelines/hawk-sd/features.js';

const { values } = parseArgs({ options: { quads: { type: 'string' }, images: { type: 'string', default: '16' }, rounds: { type: 'string', default: '4' } } });
if (!values.quads) {
  process.stderr.write('usage: bench/hawk-sd-aligned-dq.ts --quads Q.jsonl[,...] [--images N] [--rounds R]\n');
  process.exit(2);
}
const records: FrontEndRecord[] = [];
for (const file of values.quads.split(',')) for (const line of (await readFile(file, 'utf8')).split('\n')) if (line.trim()) records.push(JSON.parse(line) as FrontEndRecord);
const shipped = hawkSdFeatures();
const withAdq = hawkSdFeatures({ alignedDoubleJpeg: true });
const cpu: Record<'shipped' | 'withAdq', Map<string, number[]>> = { shipped: new Map(), withAdq: new Map() };
const cpuMs = async (run: () => Promise<unknown>): Promise<number> => {
  const c0 = process.cpuUsage();
  await run();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
let used = 0;
for (const r of records) {
  if (used >= Number(values.images)) break;
  if (r.quad === null || !/\.jpe?g$/i.test(r.path)) continue;
  const input = await detectorInputFromRecordedQuad(await readFile(r.path), r.quad);
  const size = `${input.image.width}x${input.image.height}`;
  for (let round = 0; round < Number(values.rounds); round++) {
    const a = await cpuMs(() => shipped.extract(input));
    const b = await cpuMs(() => withAdq.extract(input));
    if (round === 0) continue;
    for (const [k, v] of [['shipped', a], ['withAdq', b]] as const) cpu[k].set(size, [...(cpu[k].get(size) ?? []), v]);
  }
  used++;
}
const median = (v: number[]): number => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
const p95 = (v: number[]): number => [...v].sort((x, y) => x - y)[Math.min(v.length - 1, Math.floor(v.length * 0.95))]!;
for (const size of cpu.shipped.keys()) {
  const a = cpu.shipped.get(size)!;
  const b = cpu.withAdq.get(size)!;
  const extra = b.map((x, i) => x - a[i]!);
  console.log(`${size}: shipped extractor CPU median ${median(a).toFixed(1)} ms (p95 ${p95(a).toFixed(1)}), with aligned-DQ ${median(b).toFixed(1)} ms (p95 ${p95(b).toFixed(1)}), extra median ${median(extra).toFixed(1)} ms (${a.length} runs)`);
}
const pooled = (k: 'shipped' | 'withAdq'): number[] => [...cpu[k].values()].flat();
const extraAll = pooled('withAdq').map((x, i) => x - pooled('shipped')[i]!);
console.log(`all sizes: shipped median ${median(pooled('shipped')).toFixed(1)} ms, with aligned-DQ ${median(pooled('withAdq')).toFixed(1)} ms, extra median ${median(extraAll).toFixed(1)} ms, p95 ${p95(extraAll).toFixed(1)} ms (${extraAll.length} runs)`);
