// Benchmark (not a test): where xenops-ps's extractor spends its CPU, step by step, per frame size. The front-end
// runs once per image (its DetectorInput is kept); then every step of measureParts is timed on that input several
// times and the minimum per image is kept, so the table shows the extractor's own cost without the front-end's
// garbage or other threads in the figure.
// Usage: UV_THREADPOOL_SIZE=1 VIPS_CONCURRENCY=1 taskset -c 0 node --import tsx bench/xenops-ps-parts.ts [--per-size N]
//          [--sizes 1920x1080,4000x3000] [--repeats N]
// Images: the lab test split as in bench/xenops-ps.ts (same seeds), so the two benches time the same inputs.
import { parseArgs } from 'node:util';
import { loadLabParts } from '../lab/parts.js';
import { makeSampleOfClass } from '../lab/generate.js';
import { Rng } from '../lab/rng.js';
import { createAnalysisEngine } from '../src/analysis/engine.js';
import { lumaFromInterleaved } from '../src/features/planes.js';
import type { Detector, DetectorInput } from '../src/pipelines/detector.js';
import { measureBoundary } from '../src/pipelines/xenops-ps/boundary.js';
import { portraitSubstitutionFeatures, WINDOW_NATIVE_SIDE } from '../src/pipelines/xenops-ps/features.js';
import { gridWindow } from '../src/pipelines/xenops-ps/jpeg-windows.js';
import { portraitAnchors } from '../src/pipelines/xenops-ps/portrait-anchors.js';
import { fitPortraitRectangle } from '../src/pipelines/xenops-ps/rectangle.js';
import { canonicalToImage, imageSquareInside, portraitWindows } from '../src/pipelines/xenops-ps/regions.js';
import { windowStats } from '../src/pipelines/xenops-ps/window-stats.js';

const { values } = parseArgs({ options: { 'per-size': { type: 'string', default: '8' }, repeats: { type: 'string', default: '5' }, sizes: { type: 'string', default: '1280x720,1920x1080,4000x3000' } } });
const perSize = Number(values['per-size']);
const repeats = Number(values.repeats);
const sizes: [number, number][] = values.sizes.split(',').map((s) => {
  const m = /^(\d+)x(\d+)$/.exec(s.trim());
  if (m === null) throw new Error(`--sizes: "${s}" is not WIDTHxHEIGHT (e.g. 1920x1080); give a comma-separated list`);
  return [Number(m[1]), Number(m[2])];
});

let captured: DetectorInput | null = null;
const capture: Detector = {
  name: 'xenops-ps',
  async score(input) {
    captured = input;
    return 0;
  },
  async dispose() {},
};
const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [capture] });
const request = { pipelines: ['xenops-ps' as const], errorsToIgnore: ['DOCUMENT_CROPPED' as const, 'DOCUMENT_IS_COLORLESS' as const] };

const cpuMs = (f: () => unknown): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const cpuMsAsync = async (f: () => Promise<unknown>): Promise<number> => {
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;

const extractor = portraitSubstitutionFeatures();
for (const [w, h] of sizes) {
  const parts = await loadLabParts('test', { resolution: [w, h], photoBackdrops: false });
  const inputs: DetectorInput[] = [];
  for (let i = 0; i < perSize; i++) {
    const made = await makeSampleOfClass(i % 2 === 0 ? 'bona_fide' : 'PORTRAIT_SUBSTITUTION', new Rng(`bench-xenops:${w}:${i}`), 'test', parts);
    captured = null;
    await engine.analyse({ image: Buffer.from(made.sample.bytes), ...request });
    const got = captured as DetectorInput | null;
    // Without `derived` every step is computed afresh on each run.
    if (got !== null && got.document?.portrait) inputs.push({ ...got, derived: undefined, signal: undefined });
  }
  const steps: Record<string, number[]> = {};
  const add = (name: string, ms: number): void => void (steps[name] ??= []).push(ms);
  for (const input of inputs) {
    const doc = input.document!;
    const portrait = doc.portrait!;
    const best: Record<string, number> = {};
    const keep = (name: string, ms: number): void => void (best[name] = Math.min(best[name] ?? Infinity, ms));
    for (let r = 0; r < repeats; r++) {
      keep('extract() total', await cpuMsAsync(() => extractor.extract(input)));
      const nativeScale = doc.nativeLongSide / doc.canonical.width;
      const windows = portraitWindows(portrait.face, portrait.photo, doc.canonical.width, doc.canonical.height, WINDOW_NATIVE_SIDE / Math.max(nativeScale, 1e-3));
      let inner = null as Awaited<ReturnType<typeof doc.crop>> | null;
      let card = null as Awaited<ReturnType<typeof doc.crop>> | null;
      keep('window crops (2 warps)', await cpuMsAsync(async () => {
        inner = await doc.crop(windows.inner, { scale: 1, maxSide: 256 });
        card = await doc.crop(windows.reference, { scale: 1, maxSide: 256 });
      }));
      keep('windowStats x2', cpuMs(() => (windowStats(inner!), windowStats(card!))));
      const toImage = canonicalToImage(doc.quad, doc.canonical.width, doc.canonical.height);
      keep('JPEG grid windows x2', cpuMs(() => {
        for (const box of [windows.inner, windows.reference]) {
          const rect = imageSquareInside(box, toImage, input.image.width, input.image.height, 256, 48);
          if (rect !== null) gridWindow(input.image, rect);
        }
      }));
      let luma = null as ReturnType<typeof lumaFromInterleaved> | null;
      keep('canonical luma', cpuMs(() => (luma = lumaFromInterleaved(doc.canonical))));
      keep('boundary', cpuMs(() => measureBoundary(luma!, portrait.face)));
      keep('rectangle fit', cpuMs(() => fitPortraitRectangle(luma!, portrait.face, portraitAnchors(portrait.face, portrait.photo, doc.canonical.width, doc.canonical.height))));
      if (r === 0) keep('window px (inner)', inner!.width);
    }
    for (const [k, v] of Object.entries(best)) add(k, v);
  }
  console.log(`${w}x${h}: ${inputs.length} of ${perSize} images reach xenops-ps; min of ${repeats} runs per image, median over images (CPU ms)`);
  for (const [k, v] of Object.entries(steps)) console.log(`  ${k.padEnd(24)} ${median(v).toFixed(2)}   [${v.map((x) => x.toFixed(1)).join(' ')}]`);
}
await engine.close();
