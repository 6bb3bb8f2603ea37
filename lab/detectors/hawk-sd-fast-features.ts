// Fills lab/detectors/train.ts's feature cache for hawk-sd from the product front-end's recorded decisions
// (lab/detectors/frontend-quads.ts): for every image the engine scored, the document quad the detector received;
// images the front-end stopped (DOCUMENT_NOT_FOUND ...) are skipped with that status, as train.ts skips them.
// hawk-sd's extractor reads nothing of the front-end but the quad, the decoded pixels and the file facts (decoded
// and measured here the same way the engine does), so the rows are those `train.ts --fresh` extracts -- without
// paying the front-end (~0.5-1 s of CPU per image, several seconds on the shared machine) again after each change of
// feature code.
//   node --import tsx lab/detectors/frontend-quads.ts --pipeline hawk-sd --ignore E,... --out QUADS.json MANIFEST_OR_DIR [...]
//   node --import tsx lab/detectors/hawk-sd-fast-features.ts --quads QUADS.json[,QUADS2.json] MANIFEST_OR_DIR [...] \
//     [--dct-frequencies N] [--max-pixels N] [--aligned-dq] [--cache DIR]
// --aligned-dq appends the aligned double-JPEG cues (branch sd11, not in the shipped model): the names differ, so the
// rows go to their own cache key, which `train.ts --aligned-dq` reads.
// The cache key is train.ts's (same manifest, pipeline, feature names, the records' --ignore), so train.ts (without
// --fresh) then reads these rows. The cost options are for the lab's ablation only (the product uses the defaults);
// rows extracted with them go to another cache folder (--cache).
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readManifest } from '../../src/eval/manifest.js';
import { hawkSdFeatures, type HawkSdOptions } from '../../src/pipelines/hawk-sd/features.js';
import { cacheFile, DEFAULT_FEATURE_CACHE, manifestPath, parseIgnoreList, sidecarSubtype, type ExtractedSet, type FeatureRow, type SkippedImage } from './dataset.js';
import type { FrontEndRecord } from './frontend-quads.js';
import { detectorInputFromRecordedQuad } from './recorded-input.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quads: { type: 'string' },
    cache: { type: 'string', default: DEFAULT_FEATURE_CACHE },
    'dct-frequencies': { type: 'string' },
    'max-pixels': { type: 'string' },
    recompute: { type: 'boolean', default: false },
    'aligned-dq': { type: 'boolean', default: false },
  },
});
if (!values.quads || positionals.length === 0) {
  process.stderr.write('usage: hawk-sd-fast-features.ts --quads QUADS.json[,...] MANIFEST_OR_DIR [...] [--dct-frequencies N] [--max-pixels N] [--aligned-dq] [--cache DIR]\n');
  process.exit(2);
}
const byPath = new Map<string, FrontEndRecord>();
let ignoreText: string | null = null;
for (const file of values.quads.split(',')) {
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as FrontEndRecord;
    if (ignoreText !== null && ignoreText !== record.ignore) throw new Error(`${file}: records judged with --ignore ${record.ignore} and ${ignoreText}`);
    ignoreText = record.ignore;
    byPath.set(record.path, record);
  }
}
const ignore = parseIgnoreList(ignoreText ?? '');
const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
const options: HawkSdOptions = {
  dctFrequencies: number(values['dct-frequencies']),
  maxAnalysedPixels: number(values['max-pixels']),
  ...(values['aligned-dq'] ? { alignedDoubleJpeg: true } : {}),
};
const extractor = hawkSdFeatures(options);
const costDefaults = Object.values(options).every((v) => v === undefined) && values.recompute !== true;
let reused = 0;
// An image listed by several manifests (a chunk and its evaluation subsets) is extracted once per call.
const extracted = new Map<string, number[]>();
for (const given of positionals) {
  const manifest = await manifestPath(given);
  const file = cacheFile({ pipeline: 'hawk-sd', extractor, errorsToIgnore: ignore, cacheDir: values.cache }, manifest, (await stat(manifest)).mtimeMs);
  const entries = (await readManifest(manifest)).filter((e) => e.label === 'bona_fide' || e.attack === 'DIGITAL_MANIPULATIONS');
  const rows: FeatureRow[] = [];
  const skipped: SkippedImage[] = [];
  for (const e of entries) {
    const record = byPath.get(e.path);
    if (record === undefined) throw new Error(`no front-end record for ${e.path} of ${manifest}: run frontend-quads.ts on it first`);
    if (record.quad === null) {
      skipped.push({ image: e.path, reason: record.reason ?? 'no document' });
      continue;
    }
    const subtype = await sidecarSubtype(e.path);
    // The recording pass stored the features of the very input the engine built, when the feature code was this one.
    if (costDefaults && record.features && record.featureNames?.join(',') === extractor.names.join(',')) {
      rows.push({ image: e.path, label: e.label, attack: e.attack, subtype, features: record.features });
      reused++;
      continue;
    }
    const known = extracted.get(e.path);
    if (known) {
      rows.push({ image: e.path, label: e.label, attack: e.attack, subtype, features: known });
      continue;
    }
    const input = await detectorInputFromRecordedQuad(await readFile(e.path), record.quad);
    const features = Array.from(await extractor.extract(input));
    extracted.set(e.path, features);
    rows.push({ image: e.path, label: e.label, attack: e.attack, subtype, features });
  }
  const set: ExtractedSet = { manifest, rows, skipped };
  await mkdir(values.cache, { recursive: true });
  await writeFile(file, JSON.stringify(set));
  process.stdout.write(`${manifest}: ${rows.length} rows (${reused} as recorded), ${skipped.length} skipped -> ${file}\n`);
  reused = 0;
}
