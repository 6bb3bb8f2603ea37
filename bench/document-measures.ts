// Benchmark (not a test): the front-end's own measurements, timed in-process on the same inputs, optionally against
// another tree's code (a before / after that the machine's load cannot skew: both run alternately in one process).
//   measureDocument  blur, exposure, glare and colour of the main document (src/analysis/frontend.ts)
//   imageMeasurements  JPEG quality and blockiness of the whole frame
// Inputs: folders of lab JPEGs (`npm run lab -- generate ...`); the front-end runs once per image outside the timing
// to find the main document. Meant for one core:
//   UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/document-measures.ts [--reps 5] [--baseline ROOT] DIR...
// --baseline ROOT: a copy of another commit's tree (e.g. `git archive <commit> | tar -x -C ROOT`); its
// measureDocument / imageMeasurements are timed beside this tree's and their results compared.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyseDecoded, imageMeasurements, measureDocument } from '../src/analysis/frontend.js';
import { decodeImage, type DecodedImage } from '../src/image/decode.js';
import { LearnedLocaliser } from '../src/localisation/learned.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../src/portrait/tiny-face-detector.js';

const { values, positionals } = parseArgs({ options: { reps: { type: 'string', default: '5' }, baseline: { type: 'string' } }, allowPositionals: true });
const reps = Number(values.reps);
if (positionals.length === 0 || !(reps >= 1)) {
  console.error('usage: bench/document-measures.ts [--reps N] [--baseline ROOT] DIR...  (folders of lab JPEGs)');
  process.exit(2);
}

type Measures = { measureDocument: typeof measureDocument; imageMeasurements: typeof imageMeasurements };
const variants: [string, Measures][] = [['this tree', { measureDocument, imageMeasurements }]];
if (values.baseline !== undefined) {
  const before = (await import(join(resolve(values.baseline), 'src/analysis/frontend.ts'))) as Measures;
  variants.unshift(['baseline', before]);
}

const faces = await TinyFaceDetector.load(`models/${PORTRAIT_FACE_MODEL}`);
const localiser = await LearnedLocaliser.load('models/localiser');
interface Case { decoded: DecodedImage; run: ((m: Measures) => Promise<unknown>) | null }
const cases: Case[] = [];
for (const dir of positionals) {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jpg')).sort()) {
    const decoded = await decodeImage(new Uint8Array(readFileSync(join(dir, f))), { maxImagePixels: 50_000_000 });
    const fe = await analyseDecoded(decoded, { faces, localiser }, {});
    const main = fe.main;
    cases.push({ decoded, run: main === null ? null : (m) => m.measureDocument(decoded.image, main.document.quad, main.document.type, main.canonical) });
  }
}
await faces.dispose();
await localiser.dispose();

const cpu = (since: NodeJS.CpuUsage): number => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
const times = new Map<string, number[]>();
const push = (key: string, ms: number): void => { times.set(key, [...(times.get(key) ?? []), ms]); };
let mismatches = 0;
console.log(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (let rep = 0; rep <= reps; rep++) {
  for (const c of cases) {
    const results: unknown[] = [];
    for (const [name, m] of variants) {
      let t = process.cpuUsage();
      results.push(m.imageMeasurements(c.decoded));
      if (rep > 0) push(`${name}: imageMeasurements`, cpu(t));
      if (c.run === null) continue;
      t = process.cpuUsage();
      results.push(await c.run(m));
      if (rep > 0) push(`${name}: measureDocument`, cpu(t));
    }
    if (variants.length === 2 && !isDeepStrictEqual(results.slice(0, results.length / 2), results.slice(results.length / 2))) mismatches++;
  }
}
const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;
const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
console.log(`${cases.length} images, ${cases.filter((c) => c.run !== null).length} with a document; ${reps} timed repetitions after 1 warm-up; CPU ms per call`);
console.log('| measurement | n | median | mean |\n|---|---|---|---|');
for (const [key, v] of [...times].sort()) console.log(`| ${key} | ${v.length} | ${median(v).toFixed(2)} | ${mean(v).toFixed(2)} |`);
if (variants.length === 2) console.log(`results differing between the trees: ${mismatches} of ${cases.length * (reps + 1)} image runs`);
console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
