// Benchmark (not a test): the k-th-value selections side by side on the inputs their callers give them, to decide
// whether one routine can serve all (byte-identical results and not slower on one core). Inputs: the median of each
// 32x32 block's 256 Haar coefficient magnitudes (noiseLevelMap, hawk-sd's noise map) and the 2nd / 98th percentile
// luma within one grey-level bucket of a 256x256 window (quantilePair, xenops-ps).
//   plain      selectKthPlain in src/quality/order-statistic.ts (no NaN / -0 allowed): residual.ts's former
//              selectInPlace (Hoare, middle pivot) moved there unchanged by branch tidy; since then the one selection
//              of residual.ts and window-stats.ts
//   window     selectInPlace as it was in src/pipelines/xenops-ps/window-stats.ts (Hoare, median-of-3 pivot), the
//              code selectKthPlain replaced there
//   typed      selectKth in src/quality/order-statistic.ts (npm quickselect with the typed-sort order)
// Inputs are cut from real lab images; every variant runs on a fresh copy, variants alternate within each round
// (paired), and each round's result must be bit-equal (Object.is) across variants.
// --callers ROOT (a copy of another commit's src/, e.g. `git archive <commit> src | tar -x -C ROOT`, with node_modules
// linked in; ROOT = . for this tree) times that tree's real callers instead, noiseLevelMap (blocks of 32 and 16) on each
// image's luma and quantilePair(0.02, 0.98) on its 256x256 windows, and prints their medians; run it for two trees in
// alternating processes (both trees in one process showed a slot bias: an A/A run gave ratios of 0.95 and 1.15).
//   taskset -c 0 node --import tsx bench/selection.ts [--rounds 15] [--callers ROOT] IMAGE.jpg...
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lumaFromInterleaved, type Plane } from '../src/features/planes.js';
import { noiseLevelMap } from '../src/features/residual.js';
import { decodeImage } from '../src/image/decode.js';
import quickselect from 'quickselect';
import { selectKthPlain, typedSortOrder } from '../src/quality/order-statistic.js';
import { quantilePair } from '../src/pipelines/xenops-ps/window-stats.js';

const { values, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, callers: { type: 'string' } }, allowPositionals: true });
const rounds = Number(values.rounds);
if (positionals.length === 0 || !(rounds >= 1)) {
  console.error('usage: bench/selection.ts [--rounds N] [--callers ROOT] IMAGE.jpg...');
  process.exit(2);
}

/** window-stats.ts's selection, copied verbatim (it is not exported). */
function hoareMedian3(a: Float32Array, k: number, from = 0, to = a.length - 1): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

const largestBelow = (v: Float32Array, k: number): number => {
  let max = v[0]!;
  for (let i = 1; i < k; i++) if (v[i]! > max) max = v[i]!;
  return max;
};

interface Job { readonly values: Float32Array; readonly k: number; readonly pair: boolean }
const blocks: Job[] = [];
const planes: Plane[] = [];
const windows: Plane[] = [];
const buckets: Job[] = [];
for (const path of positionals) {
  const decoded = await decodeImage(new Uint8Array(readFileSync(path)), { maxImagePixels: 50_000_000 });
  const luma = lumaFromInterleaved(decoded.image);
  const { width: w, height: h, data } = luma;
  planes.push(luma);
  // noiseLevelMap's blocks: 256 |diagonal Haar| / 2 per 32x32 block, median = mean of ranks 127 and 128.
  for (let y0 = 0; y0 + 32 <= h; y0 += 32) {
    for (let x0 = 0; x0 + 32 <= w; x0 += 32) {
      const c = new Float32Array(256);
      let k = 0;
      for (let y = y0; y < y0 + 32; y += 2) for (let x = x0; x < x0 + 32; x += 2) { const i = y * w + x; c[k++] = Math.abs(data[i]! - data[i + 1]! - data[i + w]! + data[i + w + 1]!) * 0.5; }
      blocks.push({ values: c, k: 128, pair: true });
    }
  }
  // quantilePair's buckets: 256x256 windows, the unit-wide grey bucket holding the 2 % and 98 % ranks.
  for (let y0 = 0; y0 + 256 <= h; y0 += 256) {
    for (let x0 = 0; x0 + 256 <= w; x0 += 256) {
      const win = new Float32Array(65536);
      for (let y = 0; y < 256; y++) win.set(data.subarray((y0 + y) * w + x0, (y0 + y) * w + x0 + 256), y * 256);
      windows.push({ width: 256, height: 256, data: win });
      const sorted = win.slice().sort();
      for (const q of [0.02, 0.98]) {
        const rank = Math.min(65535, Math.floor(q * 65536));
        const b = Math.floor(sorted[rank]!);
        const inBucket = win.filter((v) => Math.floor(v) === b);
        const below = sorted.findIndex((v) => Math.floor(v) >= b);
        buckets.push({ values: inBucket, k: rank - below, pair: false });
      }
    }
  }
}

type Variant = (job: Job, copy: Float32Array) => number;
const variants: Record<string, Variant> = {
  window: (j, c) => { hoareMedian3(c, j.k); return j.pair ? 0.5 * (c[j.k]! + largestBelow(c, j.k)) : c[j.k]!; },
  typed: (j, c) => { quickselect(c as unknown as number[], j.k, 0, c.length - 1, typedSortOrder); const v = c[j.k]!; return j.pair ? 0.5 * (v + largestBelow(c, j.k)) : v; },
  plain: (j, c) => { const v = selectKthPlain(c, j.k); return j.pair ? 0.5 * (v + largestBelow(c, j.k)) : v; },
};

function timeSet(jobs: readonly Job[], run: Variant, out: Float64Array): number {
  const copies = jobs.map((j) => j.values.slice());
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < jobs.length; i++) out[i] = run(jobs[i]!, copies[i]!);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]!; };
if (values.callers !== undefined) {
  const root = resolve(values.callers);
  const nlm = ((await import(join(root, 'src/features/residual.ts'))) as { noiseLevelMap: typeof noiseLevelMap }).noiseLevelMap;
  const qp = ((await import(join(root, 'src/pipelines/xenops-ps/window-stats.ts'))) as { quantilePair: typeof quantilePair }).quantilePair;
  const ms: number[][] = [[], []];
  let check = 0;
  for (let r = 0; r < rounds + 2; r++) {
    const t0 = process.hrtime.bigint();
    for (const p of planes) for (const v of [...nlm(p, 32).values, ...nlm(p, 16).values]) check += v;
    const t1 = process.hrtime.bigint();
    for (const p of windows) { const q = qp(p, 0.02, 0.98); check += q.low + q.high; }
    const t2 = process.hrtime.bigint();
    if (r >= 2) (ms[0]!.push(Number(t1 - t0) / 1e6), ms[1]!.push(Number(t2 - t1) / 1e6));
  }
  console.log(`${values.callers}: noiseLevelMap median ${median(ms[0]!).toFixed(1)} ms, quantilePair median ${median(ms[1]!).toFixed(2)} ms (checksum ${check})`);
  process.exit(0);
}

// The variants, paired: each round runs every variant on fresh copies of the same jobs and requires equal results.
const names = Object.keys(variants);
const times = new Map<string, { blocks: number[]; buckets: number[] }>(names.map((n) => [n, { blocks: [], buckets: [] }]));
let differing = 0;
for (let r = 0; r < rounds + 2; r++) {
  const results = new Map<string, [Float64Array, Float64Array]>();
  for (const name of names) {
    const run = variants[name]!;
    const outs: [Float64Array, Float64Array] = [new Float64Array(blocks.length), new Float64Array(buckets.length)];
    const tb = timeSet(blocks, run, outs[0]);
    const tq = timeSet(buckets, run, outs[1]);
    if (r >= 2) (times.get(name)!.blocks.push(tb), times.get(name)!.buckets.push(tq));
    results.set(name, outs);
  }
  const [ref0, ref1] = results.get(names[0]!)!;
  for (const [a, b] of results.values()) {
    if (a.some((v, i) => !Object.is(v, ref0[i])) || b.some((v, i) => !Object.is(v, ref1[i]))) differing++;
  }
}
console.log(`${blocks.length} blocks of 256 values, ${buckets.length} grey buckets; medians over ${rounds} rounds after 2 warm-up rounds`);
for (const name of names) {
  const t = times.get(name)!;
  console.log(`${name.padEnd(8)} blocks ${median(t.blocks).toFixed(2)} ms, buckets ${median(t.buckets).toFixed(3)} ms`);
}
console.log(`variants whose results differed from ${names[0]} in a round: ${differing}`);
