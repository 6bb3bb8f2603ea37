// Benchmark (not a test): CPU time of the container rule (src/localisation/containers.ts preferContainers) per frame,
// on bench/frontend.ts's frames (DLC-2021 frames and generic phone photos at 1920x1080), and on how many frames it
// changes the order of the hypotheses (only those pay for verifying one more quad).
// Usage: taskset -c 0 node --import tsx bench/containers.ts [--frames N]
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeImage } from '../src/image/decode.js';
import { downscale } from '../src/image/raster.js';
import { localise, WORKING_SIDE } from '../src/localisation/localise.js';
import { combineHypotheses } from '../src/localisation/combine.js';
import { LearnedLocaliser, maskSupport } from '../src/localisation/learned.js';
import type { Point, Quad } from '../src/domain/types.js';
import { preferContainers } from '../src/localisation/containers.js';
import { sharedDataDir } from '../test/support/shared-data.js';
const count = Number(parseArgs({ options: { frames: { type: 'string', default: '15' } } }).values.frames);
const data = sharedDataDir();
const dlc = join(data, 'dlc2021-graycopy-dev');
const rows = readFileSync(join(dlc, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { image: string });
const files: Buffer[] = [];
for (const row of rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / count)) === 0).slice(0, count)) files.push(await sharp(readFileSync(join(dlc, row.image))).rotate(90).resize(1920, 1080, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer());
const real = join(data, 'screen-recapture-dev', 'real');
for (const f of readdirSync(real).sort().slice(0, Math.ceil(count / 3))) files.push(await sharp(readFileSync(join(real, f))).rotate().resize(1920, 1080, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer());
const localiser = await LearnedLocaliser.load('models/localiser');
const ms: number[] = [];
let changed = 0;
for (const bytes of files) {
  const full = (await decodeImage(bytes, { maxImagePixels: 5e7 })).image;
  const working = await downscale(full, WORKING_SIDE);
  const loc = localise(working);
  const { mask, quads } = await localiser.locate(full);
  const s = working.width / full.width;
  const toWorking = (q: Quad): Quad => q.map(([x, y]) => [x * s, y * s] as Point) as unknown as Quad;
  const hyps = combineHypotheses(loc.hypotheses, { quads: quads.map((q) => ({ quad: toWorking(q.quad), score: q.score })), support: (q) => maskSupport(mask, q.map(([x, y]) => [x / s, y / s] as Point)) });
  const c0 = process.cpuUsage();
  let after = hyps;
  for (let k = 0; k < 20; k++) after = preferContainers(hyps, loc);
  const c = process.cpuUsage(c0);
  ms.push((c.user + c.system) / 1000 / 20);
  if (after.length !== hyps.length || after.some((h, i) => h.quad !== hyps[i]!.quad)) changed++;
}
ms.sort((a, b) => a - b);
await localiser.dispose();
console.log(`preferContainers CPU per frame: median ${ms[Math.floor(ms.length / 2)]!.toFixed(2)} ms, max ${ms[ms.length - 1]!.toFixed(2)} ms; order changed on ${changed} / ${files.length} frames`);
