// Appends the five `cnn` columns (xenops-ps-edge-cnn.ts aggregates) to the shipped extractor's xenops-ps feature rows
// (train.ts's cache, e.g. from xenops-ps-snapshot.ts features), from the strips xenops-ps-strips.ts dumped and an
// edge-CNN ONNX file, so a retrained CNN needs no new pass of the extractor over every image (the strips are cut
// from the extractor's own rectangle and anchors). The rows are written under train.ts's cache key for the
// extractor's names followed by CNN_FEATURE_NAMES: an extractor with the `cnn` group appended in that order (branch
// ps6 measured one; not shipped, docs/models.md) reads them. --compare DIR: max |diff| of the cnn columns against a
// fresh extraction by such an extractor.
//   node --import tsx lab/detectors/xenops-ps-cnn-columns.ts --in /tmp/ps6/cacheT --out /tmp/ps6/cacheH \
//     --strips /tmp/ps6/strips/train,/tmp/ps6/strips/val,... [--model lab/detectors/xenops-ps-edge-cnn/edge-cnn.onnx] [--compare DIR]
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel } from '../../src/inference/session.js';
import { aggregateStripLogits, EDGE_CNN_ONNX, type StripAggregates } from './xenops-ps-edge-cnn.js';
import { STRIP_ACROSS, STRIP_ALONG, STRIP_CHANNELS, STRIP_SIZE } from './xenops-ps-edge-strips.js';
import { XENOPS_FEATURE_NAMES } from '../../src/pipelines/xenops-ps/features.js';
import { nhwcToNchw } from '../ml/onnx-export.js';
import { cacheFile, parseIgnoreList, type ExtractedSet } from './dataset.js';
import type { StripSetIndex } from './xenops-ps-strips.js';

/** The `cnn` group as branch ps6 appended it to the extractor's names. */
export const CNN_FEATURE_NAMES = ['cnn.fitSideMean', 'cnn.fitSideMin', 'cnn.anchorSideMean', 'cnn.max', 'cnn.mean'] as const;

const COLUMNS: Record<string, keyof StripAggregates> = {
  'cnn.fitSideMean': 'fitSideMean',
  'cnn.fitSideMin': 'fitSideMin',
  'cnn.anchorSideMean': 'anchorSideMean',
  'cnn.max': 'max',
  'cnn.mean': 'mean',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { ignore: { type: 'string', default: 'DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS' }, in: { type: 'string' }, out: { type: 'string' }, strips: { type: 'string' }, model: { type: 'string', default: EDGE_CNN_ONNX }, compare: { type: 'string' } },
  });
  if (values.in === undefined || values.out === undefined || values.strips === undefined) throw new Error('usage: xenops-ps-cnn-columns.ts --in DIR --out DIR --strips PREFIX,... [--model FILE] [--compare DIR]');
  const ignore = parseIgnoreList(values.ignore);
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
  const names = [...XENOPS_FEATURE_NAMES, ...CNN_FEATURE_NAMES];
  const columns = CNN_FEATURE_NAMES.map((name, k) => [XENOPS_FEATURE_NAMES.length + k, COLUMNS[name]!] as const);
  await mkdir(values.out, { recursive: true });
  let maxDiff = 0;
  for (const file of (await readdir(values.in)).filter((f) => f.endsWith('.json'))) {
    const set = JSON.parse(await readFile(join(values.in, file), 'utf8')) as ExtractedSet;
    let missing = 0;
    if (set.rows.some((r) => r.features.length !== XENOPS_FEATURE_NAMES.length)) throw new Error(`${file}: rows are not ${XENOPS_FEATURE_NAMES.length} features wide (the shipped extractor's)`);
    for (const row of set.rows) {
      const a = aggregates.get(row.image);
      const features = row.features as number[];
      features.length = names.length;
      // No strips (no rectangle and no anchor): the extractor gives NaN, which the JSON cache holds as null.
      if (a === undefined) (missing++, columns.forEach(([i]) => (features[i] = Number.NaN)));
      else for (const [i, key] of columns) features[i] = a[key];
    }
    const out = cacheFile({ pipeline: 'xenops-ps', extractor: { names, extract: async () => new Float32Array() }, errorsToIgnore: ignore, cacheDir: values.out }, set.manifest, (await stat(set.manifest)).mtimeMs);
    if (values.compare !== undefined) {
      try {
        const fresh = JSON.parse(await readFile(join(values.compare, out.slice(out.lastIndexOf('/') + 1)), 'utf8')) as ExtractedSet;
        const byImage = new Map(fresh.rows.map((r) => [r.image, r.features]));
        for (const row of set.rows) for (const [i] of columns) maxDiff = Math.max(maxDiff, Math.abs((row.features[i] ?? 0) - (byImage.get(row.image)?.[i] ?? Number.NaN)));
      } catch {
        // not extracted fresh: nothing to compare
      }
    }
    await writeFile(out, JSON.stringify(set));
    process.stderr.write(`${set.manifest}: ${set.rows.length} rows, ${missing} without strips\n`);
  }
  if (values.compare !== undefined) console.log(`max |spliced - fresh| over the cnn columns of the compared sets: ${maxDiff}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
