// node --import tsx lab/localiser/build-data.ts --out DIR [--side 160 --stride 4 --crops 2] [--extra DIR,DIR] [--only train,val]
// Caches the learned localiser's train / val / test tensors from the lab chunks (never in the repo). Train and val
// leave out every image whose backdrop is a reporting-part scene (lab/localiser/leak-free.ts); --extra adds more
// training chunks (e.g. /work/data/extra-locnet-1, generated with tuning-part backdrops only).
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildSet } from './dataset.js';

const { values } = parseArgs({ options: {
  out: { type: 'string', default: '/work/data/extra-localiser/cache' },
  data: { type: 'string', default: '/work/data' },
  side: { type: 'string', default: '160' },
  stride: { type: 'string', default: '4' },
  crops: { type: 'string', default: '2' },
  only: { type: 'string' },
  extra: { type: 'string' },
} });
const side = Number(values.side), stride = Number(values.stride), crops = Number(values.crops);
if (!Number.isInteger(side) || !Number.isInteger(stride) || side % stride !== 0) throw new Error(`--side must be a multiple of --stride, got ${values.side} / ${values.stride}`);
mkdirSync(values.out, { recursive: true });
const chunks = (prefix: string, names: readonly string[]) => names.map((n) => `${values.data}/${prefix}-${n}`);
const sets = [
  { name: 'train', chunks: [...chunks('train', ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']), ...(values.extra?.split(',') ?? [])], crops, leakFree: true },
  { name: 'val', chunks: chunks('val', ['v1', 'v2', 'v3']), crops: 0, leakFree: true },
  // Test is never fitted on or chosen on: kept whole, as the reported figures are.
  { name: 'test', chunks: chunks('test', ['s1', 's2', 's3']), crops: 0, leakFree: false },
].filter((s) => values.only === undefined || values.only.split(',').includes(s.name));
for (const s of sets) {
  const set = await buildSet(s.chunks, { out: values.out, name: s.name, side, stride, cropsPerImage: s.crops, seed: `localiser-${s.name}`, leakFree: s.leakFree });
  process.stderr.write(`${s.name}: ${set.count} samples, ${set.leftOut ?? 0} images left out (reporting-part backdrop)\n`);
}
