// Rewrites the `cnn` columns of xenops-ps feature rows (train.ts's cache, e.g. from xenops-ps-snapshot.ts features)
// from the strips xenops-ps-strips.ts dumped, scored by an edge-CNN ONNX file, so a retrained CNN does not need a
// new pass of the extractor over every image (the strips are the extractor's own: same places, same crops). Check
// the result once against a fresh extraction with the new model (max |diff| printed by --compare).
//   node --import tsx lab/detectors/xenops-ps-cnn-columns.ts --in /tmp/ps6/cacheT --out /tmp/ps6/cacheH \
//     --strips /tmp/ps6/strips/train,/tmp/ps6/strips/val,... [--model lab/detectors/xenops-ps-edge-cnn/edge-cnn.onnx] [--compare DIR]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel } from '../../src/inference/session.js';
import { aggregateStripLogits, EDGE_CNN_ONNX, type StripAggregates } from './xenops-ps-edge-cnn.js';
import { STRIP_ACROSS, STRIP_ALONG, STRIP_CHANNELS, STRIP_SIZE } from '../../src/pipelines/xenops-ps/edge-strips.js';
import { XENOPS_FEATURE_NAMES } from '../../src/pipelines/xenops-ps/features.js';
import { nhwcToNchw } from '../ml/onnx-export.js';
import type { ExtractedSet } from './dataset.js';
import type { StripSetIndex } from './xenops-ps-strips.js';

const COLUMNS: Record<string, keyof StripAggregates> = {
  'cnn.fitSideMean': 'fitSideMean',
  'cnn.fitSideMin': 'fitSideMin',
  'cnn.anchorSideMean': 'anchorSideMean',
  'cnn.max': 'max',
  'cnn.mean': 'mean',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { in: { type: 'string' }, out: { type: 'string' }, strips: { type: 'string' }, model: { type: 'string', default: EDGE_CNN_ONNX }, compare: { type: 'string' } },
  });
  if (values.in === undefined || values.out === undefined || values.strips === undefined) throw new Error('usage: xenops-ps-cnn-columns.ts --in DIR --out DIR --strips PREFIX,... [--model FILE] [--compare DIR]');
  const session = await loadModel(values.model);
  const aggregates = new Map<string, StripAggregates>();
  try {
    for (const prefix of values.strips.split(',')) {
      const index = JSON.parse(await readFile(`${prefix}.json`, 'utf8')) as StripSetIndex;
      const bytes = await readFile(`${prefix}.f32`);
      const strips = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      for (const im of index.images) {
        const n = im.places.length;
        const nhwc = strips.subarray(im.first * STRIP_SIZE, (im.first + n) * STRIP_SIZE);
        const out = await session.run({ input: { dims: [n, STRIP_CHANNELS, STRIP_ALONG, STRIP_ACROSS], data: nhwcToNchw(nhwc, [n, STRIP_ALONG, STRIP_ACROSS, STRIP_CHANNELS]) } });
        aggregates.set(im.path, aggregateStripLogits(im.places, Array.from(out.logits!.data)));
      }
    }
  } finally {
    await session.dispose();
  }
  const columns = Object.entries(COLUMNS).map(([name, key]) => [XENOPS_FEATURE_NAMES.indexOf(name as (typeof XENOPS_FEATURE_NAMES)[number]), key] as const);
  if (columns.some(([i]) => i < 0)) throw new Error('the extractor has no cnn columns');
  await mkdir(values.out, { recursive: true });
  let maxDiff = 0;
  for (const file of (await readdir(values.in)).filter((f) => f.endsWith('.json'))) {
    const set = JSON.parse(await readFile(join(values.in, file), 'utf8')) as ExtractedSet;
    let missing = 0;
    for (const row of set.rows) {
      const a = aggregates.get(row.image);
      const features = row.features as number[];
      // No strips (no rectangle and no anchor): the extractor gives NaN, which the JSON cache holds as null.
      if (a === undefined) (missing++, columns.forEach(([i]) => (features[i] = Number.NaN)));
      else for (const [i, key] of columns) features[i] = a[key];
    }
    if (values.compare !== undefined) {
      try {
        const fresh = JSON.parse(await readFile(join(values.compare, file), 'utf8')) as ExtractedSet;
        const byImage = new Map(fresh.rows.map((r) => [r.image, r.features]));
        for (const row of set.rows) for (const [i] of columns) maxDiff = Math.max(maxDiff, Math.abs((row.features[i] ?? 0) - (byImage.get(row.image)?.[i] ?? Number.NaN)));
      } catch {
        // not extracted fresh: nothing to compare
      }
    }
    await writeFile(join(values.out, file), JSON.stringify(set));
    process.stderr.write(`${set.manifest}: ${set.rows.length} rows, ${missing} without strips\n`);
  }
  if (values.compare !== undefined) console.log(`max |spliced - fresh| over the cnn columns of the compared sets: ${maxDiff}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
