// node --import tsx lab/localiser/evaluate.ts --manifest /work/data/val.jsonl [--step N] [--model models/localiser]
//   [--threshold P --min-cells N]   (mask-to-quad settings; default: the model's own, model.json maskQuads)
// The learned localiser alone (no classical cues, no refinement, no verification) on lab images: per image the
// best IoU of its mask quads with the annotated main document, and how often it finds nothing. Use val to choose
// settings, test only for reported figures.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeImage } from '../../src/image/decode.js';
import { quadIou } from '../../src/localisation/geometry.js';
import { LearnedLocaliser } from '../../src/localisation/learned.js';
import { manifestImagePath, readJsonLines } from '../manifest-files.js';

const { values } = parseArgs({ options: {
  manifest: { type: 'string' },
  step: { type: 'string', default: '1' },
  model: { type: 'string', default: 'models/localiser' },
  threshold: { type: 'string' },
  'min-cells': { type: 'string' },
} });
if (values.manifest === undefined) throw new Error('--manifest PATH[,PATH] is required (lab manifest.jsonl with absolute image paths, e.g. /work/data/val.jsonl)');
const step = Number(values.step);
const localiser = await LearnedLocaliser.load(values.model);
const maskQuads = {
  threshold: values.threshold !== undefined ? Number(values.threshold) : localiser.info.maskQuads.threshold,
  minCells: values['min-cells'] !== undefined ? Number(values['min-cells']) : localiser.info.maskQuads.minCells,
};
if (!(maskQuads.threshold > 0 && maskQuads.threshold < 1) || !Number.isInteger(maskQuads.minCells) || maskQuads.minCells < 1) throw new Error(`--threshold must be in (0, 1) and --min-cells a positive integer, got ${values.threshold} / ${values['min-cells']}`);
const ious: number[] = [];
let none = 0, extra = 0, n = 0, ms = 0;
for (const manifest of values.manifest.split(',')) {
  const rows = readJsonLines<{ image: string; quad: [number, number][] }>(manifest);
  for (const [k, row] of rows.entries()) {
    if (k % step !== 0) continue;
    const image = manifestImagePath(manifest, row.image);
    const decoded = await decodeImage(readFileSync(image), { maxImagePixels: 60_000_000 });
    const started = performance.now();
    const { quads } = await localiser.locate(decoded.image, maskQuads);
    ms += performance.now() - started;
    n++;
    if (quads.length === 0) { none++; ious.push(0); continue; }
    if (quads.length > 1) extra++;
    ious.push(Math.max(...quads.map((q) => quadIou(q.quad, row.quad))));
  }
}
await localiser.dispose();
ious.sort((a, b) => a - b);
const share = (t: number) => Math.round((1000 * ious.filter((v) => v >= t).length) / n) / 1000;
console.log(JSON.stringify({ model: values.model, maskQuads, images: n, iouMedian: Math.round(1000 * (ious[Math.floor(n / 2)] ?? 0)) / 1000, iouAtLeast080: share(0.8), iouAtLeast090: share(0.9), nothingFound: Math.round((1000 * none) / n) / 1000, moreThanOne: Math.round((1000 * extra) / n) / 1000, msPerImage: Math.round(ms / n) }, null, 2));
