// Adds the patch CNN's `cnn` group to cached vulture-sr document rows without another front-end pass: for every row
// of an existing feature cache (lab/detectors/dataset.ts format, made before the group existed, i.e. the 22 older
// features), the CNN (src/pipelines/vulture-sr/patch-cnn.ts, the product's code and ONNX session) scores the
// patches inside the image's annotated quad from the manifest, and the extended rows are written as the cache
// train.ts reads for the current extractor. Used when the shared machine has no CPU for the front-end (~0.5-5 s an
// image). Difference from a --fresh extraction: the product places the patches inside the front-end's quad, these
// rows inside the annotated one (the front-end's quads of found documents are close: IoU median 0.87, and the
// patches keep 10 % away from the edges).
//   node --import tsx lab/detectors/sr-cnn-rows.ts --from /tmp/sr3/cache --to /tmp/srcnn/cache --model-dir DIR \
//     --ignore DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS MANIFEST_OR_DIR [...]
import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { Quad } from '../../src/domain/types.js';
import { readManifest } from '../../src/eval/manifest.js';
import { SCREEN_REPLAY_FEATURES } from '../../src/pipelines/vulture-sr/features.js';
import { patchCnn } from '../../src/pipelines/vulture-sr/patch-cnn.js';
import { FEATURE_EXTRACTORS } from '../../src/pipelines/feature-extractors.js';
import { cacheFile, manifestPath, parseIgnoreList, type ExtractedSet, type FeatureRow } from './dataset.js';

const OLD_COUNT = SCREEN_REPLAY_FEATURES.filter((n) => !n.startsWith('cnn.')).length;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, 'model-dir': { type: 'string' }, ignore: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.from === undefined || values.to === undefined || positionals.length === 0) throw new Error('usage: sr-cnn-rows.ts --from CACHE --to CACHE [--model-dir DIR] [--ignore E,...] MANIFEST_OR_DIR [...]');
  // The old cache files, by manifest (one per manifest with OLD_COUNT features; the whole-image ones are skipped).
  const old = new Map<string, ExtractedSet>();
  for (const f of await readdir(values.from)) {
    if (!/^vulture-sr-[0-9a-f]+\.json$/.test(f)) continue;
    const set = JSON.parse(await readFile(join(values.from, f), 'utf8')) as ExtractedSet;
    if (set.rows[0]?.features.length === OLD_COUNT) old.set(set.manifest, set);
  }
  const cnn = patchCnn(values['model-dir']);
  const extractor = FEATURE_EXTRACTORS['vulture-sr']!();
  const errorsToIgnore = parseIgnoreList(values.ignore);
  try {
    for (const m of positionals) {
      const manifest = await manifestPath(m);
      const set = old.get(manifest);
      if (set === undefined) throw new Error(`no cached ${OLD_COUNT}-feature rows of ${manifest} in ${values.from}`);
      const quads = new Map<string, Quad | null>((await readManifest(manifest)).map((e) => [e.path, e.quad]));
      const rows: FeatureRow[] = [];
      for (const row of set.rows) {
        const { data, info } = await sharp(row.image).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
        const image = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
        const w = image.width;
        const h = image.height;
        const quad: Quad = quads.get(row.image) ?? [[0.12 * w, 0.12 * h], [0.88 * w, 0.12 * h], [0.88 * w, 0.88 * h], [0.12 * w, 0.88 * h]];
        const s = await cnn.score(image, quad);
        rows.push({ ...row, features: [...row.features, s.mean, s.lowest] });
      }
      const out: ExtractedSet = { manifest, rows, skipped: set.skipped };
      const file = cacheFile({ pipeline: 'vulture-sr', extractor, errorsToIgnore, cacheDir: values.to }, manifest, (await stat(manifest)).mtimeMs);
      await mkdir(values.to, { recursive: true });
      await writeFile(file, JSON.stringify(out));
      process.stderr.write(`${manifest}: ${rows.length} rows -> ${file}\n`);
    }
  } finally {
    await cnn.dispose();
    await extractor.dispose?.();
  }
}

await main();
