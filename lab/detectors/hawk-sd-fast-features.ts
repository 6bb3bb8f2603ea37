// Fills lab/detectors/train.ts's feature cache for hawk-sd WITHOUT the shared front-end: the document quad comes
// from the manifest (the lab's exact ground truth) instead of the localiser, and nothing else of the front-end is
// used by hawk-sd's extractor except the JPEG quality (computed here the same way). Made because the front-end
// costs ~0.5-1 s of CPU per image and the shared machine could not afford it for every training row on the day;
// rows the front-end would have stopped (document not found ...) are kept, so the training set is a little larger
// than the kit's. Evaluation (doclive eval, doclive calibrate) always goes through the product.
//   node --import tsx lab/detectors/hawk-sd-fast-features.ts MANIFEST_OR_DIR [...] [--ignore DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS]
// The cache key is train.ts's (same manifest, pipeline, feature names, options), so train.ts then reads these rows.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { imageMeasurements } from '../../src/analysis/frontend.js';
import { readManifest } from '../../src/eval/manifest.js';
import { decodeImage } from '../../src/image/decode.js';
import type { DetectorInput } from '../../src/pipelines/detector.js';
import { hawkSdFeatures } from '../../src/pipelines/hawk-sd/features.js';
import { cacheFile, DEFAULT_FEATURE_CACHE, manifestPath, parseIgnoreList, sidecarSubtype, type ExtractedSet, type FeatureRow, type SkippedImage } from './dataset.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { ignore: { type: 'string', default: '' }, cache: { type: 'string', default: DEFAULT_FEATURE_CACHE } } });
const ignore = parseIgnoreList(values.ignore);
const extractor = hawkSdFeatures();
for (const given of positionals) {
  const manifest = await manifestPath(given);
  const file = cacheFile({ pipeline: 'hawk-sd', extractor, errorsToIgnore: ignore, cacheDir: values.cache }, manifest, (await stat(manifest)).mtimeMs);
  const entries = (await readManifest(manifest)).filter((e) => e.label === 'bona_fide' || e.attack === 'DIGITAL_MANIPULATIONS');
  const rows: FeatureRow[] = [];
  const skipped: SkippedImage[] = [];
  for (const e of entries) {
    if (e.quad === null) {
      skipped.push({ image: e.path, reason: 'no quad in the manifest' });
      continue;
    }
    const decoded = await decodeImage(await readFile(e.path), { maxImagePixels: 50_000_000 });
    const input: DetectorInput = {
      image: decoded.image,
      file: { format: decoded.format, byteLength: decoded.byteLength, quantTables: decoded.quantTables, jpegQuality: imageMeasurements(decoded).jpegQuality, exif: decoded.exif },
      document: { quad: e.quad } as DetectorInput['document'],
      documentCount: 1,
      quality: { warnings: [], blurSigmaMm: Number.NaN, blockiness: 1, colorless: false, documentColour: null },
    };
    rows.push({ image: e.path, label: e.label, attack: e.attack, subtype: await sidecarSubtype(e.path), features: Array.from(await extractor.extract(input)) });
  }
  const set: ExtractedSet = { manifest, rows, skipped };
  await mkdir(values.cache, { recursive: true });
  await writeFile(file, JSON.stringify(set));
  process.stdout.write(`${manifest}: ${rows.length} rows, ${skipped.length} skipped -> ${file}\n`);
}
