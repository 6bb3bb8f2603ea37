// Benchmark (not a test): CPU time of the front-end primitives branches fespeed and fespeed2 made faster, each alone, on the
// given 1920x1080 JPEGs, from this tree's code or another tree's (`--tree ROOT`, a `git archive` copy with
// node_modules linked), so that before / after can be run alternately on the same inputs.
//   taskset -c 0 node --import tsx bench/frontend-parts.ts [--tree ROOT] [--reps N] DIR_OR_JPEG...
// Per primitive: the median over the inputs of the mean CPU ms per call (N calls per input after 5 warm-up calls).
// Inputs: each frame's centre quad warped to 640x403 is the "document" the other primitives measure.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Quad } from '../src/domain/types.js';
import type { RgbImage } from '../src/image/types.js';

const { values, positionals } = parseArgs({ options: { tree: { type: 'string' }, reps: { type: 'string', default: '20' } }, allowPositionals: true });
if (positionals.length === 0) {
  console.error('usage: bench/frontend-parts.ts [--tree ROOT] [--reps N] DIR_OR_JPEG...');
  process.exit(2);
}
const root = values.tree === undefined ? resolve(import.meta.dirname, '..') : resolve(values.tree);
const load = async <T>(path: string): Promise<T> => (await import(join(root, path))) as T;
const { decodeImage } = await load<typeof import('../src/image/decode.js')>('src/image/decode.ts');
const { warpQuad } = await load<typeof import('../src/image/homography.js')>('src/image/homography.ts');
const { downscale, luma } = await load<typeof import('../src/image/raster.js')>('src/image/raster.ts');
const { colourEdges, edgeDensity } = await load<typeof import('../src/localisation/edges.js')>('src/localisation/edges.ts');
const { textEvidence } = await load<typeof import('../src/localisation/text-evidence.js')>('src/localisation/text-evidence.ts');
const { prepareGreyInput } = await load<typeof import('../src/portrait/tiny-face-detector.js')>('src/portrait/tiny-face-detector.ts');
const { sideWindows, turnedWindow } = await load<typeof import('../src/portrait/windows.js')>('src/portrait/windows.ts');
const { colourStats } = await load<typeof import('../src/quality/colour.js')>('src/quality/colour.ts');
const { estimateBlur } = await load<typeof import('../src/quality/blur.js')>('src/quality/blur.ts');

const files = positionals.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(p, f)) : [p]));
const frames: RgbImage[] = [];
for (const f of files) frames.push((await decodeImage(new Uint8Array(readFileSync(f)), { maxImagePixels: 50_000_000 })).image);
const centreQuad = (f: RgbImage): Quad => [[f.width * 0.2, f.height * 0.22], [f.width * 0.8, f.height * 0.2], [f.width * 0.78, f.height * 0.8], [f.width * 0.21, f.height * 0.78]];
const docs = frames.map((f) => warpQuad(f, centreQuad(f), 640, 403));
const windows = docs.map((d) => sideWindows(d)[0]!.image);
// The localiser's working image (480 px long side, as src/localisation/localise.ts gets it) for the edge maps.
const working: RgbImage[] = [];
for (const f of frames) working.push(await downscale(f, 480));
const edgeMaps = working.map((w) => colourEdges(w));
const reps = Number(values.reps);

function time(run: (i: number) => unknown, inputs: number): number {
  const perInput: number[] = [];
  for (let i = 0; i < inputs; i++) {
    for (let k = 0; k < 5; k++) run(i);
    const cpu0 = process.cpuUsage();
    for (let k = 0; k < reps; k++) run(i);
    const cpu = process.cpuUsage(cpu0);
    perInput.push((cpu.user + cpu.system) / 1000 / reps);
  }
  perInput.sort((a, b) => a - b);
  return perInput[Math.floor(perInput.length / 2)]!;
}

const n = docs.length;
const rows: [string, number][] = [
  ['warpQuad 1920x1080 -> 640x403', time((i) => warpQuad(frames[i]!, centreQuad(frames[i]!), 640, 403), n)],
  ['textEvidence 640x403 (downsampled)', time((i) => textEvidence(docs[i]!, true), n)],
  ['sideWindows + 2 turned windows', time((i) => sideWindows(docs[i]!).map((w) => turnedWindow(w, 640, 403)), n)],
  ['prepareGreyInput 403x403 window at 224', time((i) => prepareGreyInput(windows[i]!, 224), n)],
  ['colourStats 640x403', time((i) => colourStats(docs[i]!), n)],
  ['estimateBlur 640x403', time((i) => estimateBlur(luma(docs[i]!)), n)],
  ['colourEdges 480x270', time((i) => colourEdges(working[i]!), n)],
  ['edgeDensity 480x270 radius 6', time((i) => edgeDensity(edgeMaps[i]!, 30, 6), n)],
];
console.log(`tree ${root}, ${n} inputs, ${reps} calls each`);
for (const [name, ms] of rows) console.log(`${name.padEnd(40)} ${ms.toFixed(2)} ms`);
