// xenops-ps feature rows without re-running the shared front-end after every change of the extractor.
//   snapshot: runs the product's analysis engine once per image (bona fide + portrait substitutions) and stores
//             what the front-end handed the detector, minus the pixels: the document quad, type, aspect, canonical
//             size, native long side, portrait (face, photo, score), quality facts, file facts.
//   features: decodes each image again, rebuilds the DetectorInput from the snapshot (canonical raster re-warped
//             from the stored quad, the same cropper) and runs the current extractor; writes lab/detectors/train.ts's
//             cache (same key), so train.ts then reads these rows without running the front-end.
// Made because the front-end costs 0.5-1 s of CPU per image on a machine shared by six engineers. The canonical
// raster is re-warped from the final quad; after a 180-degree turn the front-end's raster is the turned warp of the
// unturned quad, equal up to interpolation. Evaluation (doclive eval / calibrate) always goes through the product.
//   node --import tsx lab/detectors/xenops-ps-snapshot.ts snapshot MANIFEST_OR_DIR [...] [--ignore E,...]
//   node --import tsx lab/detectors/xenops-ps-snapshot.ts features MANIFEST_OR_DIR [...] [--ignore E,...]
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import { pipelineStatus } from '../../src/domain/status.js';
import { readManifest } from '../../src/eval/manifest.js';
import type { Detector } from '../../src/pipelines/detector.js';
import { PIPELINES } from '../../src/pipelines/registry.js';
import { portraitSubstitutionFeatures } from '../../src/pipelines/xenops-ps/features.js';
import { inputFromSnapshot, readSnapshots, snapshotPath, type Snapshot, type SnapshotEntry } from './xenops-ps-snapshot-input.js';
import { cacheFile, DEFAULT_FEATURE_CACHE, manifestPath, parseIgnoreList, sidecarSubtype, type ExtractedSet, type FeatureRow, type SkippedImage } from './dataset.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { ignore: { type: 'string', default: '' }, cache: { type: 'string', default: DEFAULT_FEATURE_CACHE }, dir: { type: 'string', default: '/work/data/extra-ps3-snapshots' } },
});
const [mode, ...manifests] = positionals;
if (mode !== 'snapshot' && mode !== 'features') throw new Error('usage: xenops-ps-snapshot.ts snapshot|features MANIFEST_OR_DIR [...] [--ignore E,...]');
const ignore = parseIgnoreList(values.ignore);
const snapshotFile = (manifest: string): string => snapshotPath(values.dir, manifest, ignore);

async function entriesOf(manifest: string) {
  return (await readManifest(manifest)).filter((e) => e.label === 'bona_fide' || e.attack === 'PORTRAIT_SUBSTITUTION');
}

async function snapshot(manifest: string): Promise<void> {
  let captured: Snapshot | null = null;
  const recorder: Detector = {
    name: 'xenops-ps',
    async score(input) {
      const d = input.document!;
      captured = {
        quad: d.quad, type: d.type, aspect: d.aspect, canonicalWidth: d.canonical.width, canonicalHeight: d.canonical.height,
        nativeLongSide: d.nativeLongSide, cropped: d.cropped, portrait: d.portrait, documentCount: input.documentCount,
        quality: input.quality, jpegQuality: input.file.jpegQuality,
      };
      return 0;
    },
    async dispose() {},
  };
  const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [recorder] });
  const out: SnapshotEntry[] = [];
  const ignored = new Set(ignore);
  try {
    for (const e of await entriesOf(manifest)) {
      captured = null;
      const result = await engine.analyse({ image: await readFile(e.path), pipelines: ['xenops-ps'], errorsToIgnore: ignore });
      out.push({ image: e.path, status: pipelineStatus(result.findings, PIPELINES['xenops-ps'], ignored), snapshot: captured });
      process.stderr.write('.');
    }
  } finally {
    await engine.close();
  }
  await mkdir(values.dir, { recursive: true });
  await writeFile(snapshotFile(manifest), JSON.stringify(out));
  process.stderr.write(`\n${manifest}: ${out.length} images, ${out.filter((o) => o.snapshot !== null).length} reached the detector\n`);
}

async function features(manifest: string): Promise<void> {
  const entries = await entriesOf(manifest);
  const snaps = await readSnapshots(snapshotFile(manifest));
  const extractor = portraitSubstitutionFeatures();
  const rows: FeatureRow[] = [];
  const skipped: SkippedImage[] = [];
  for (const e of entries) {
    const snap = snaps.get(e.path);
    if (snap === undefined) throw new Error(`${e.path} has no snapshot; run the snapshot mode first`);
    if (snap.snapshot === null) {
      skipped.push({ image: e.path, reason: snap.status });
      continue;
    }
    const input = await inputFromSnapshot(e.path, snap.snapshot);
    const f = await extractor.extract(input);
    rows.push({ image: e.path, label: e.label, attack: e.attack, subtype: await sidecarSubtype(e.path), features: Array.from(f) });
  }
  const file = cacheFile({ pipeline: 'xenops-ps', extractor, errorsToIgnore: ignore, cacheDir: values.cache }, manifest, (await stat(manifest)).mtimeMs);
  await mkdir(values.cache, { recursive: true });
  const set: ExtractedSet = { manifest, rows, skipped };
  await writeFile(file, JSON.stringify(set));
  process.stderr.write(`${manifest}: ${rows.length} rows, ${skipped.length} skipped -> ${file}\n`);
}

for (const given of manifests) {
  const manifest = await manifestPath(given);
  if (mode === 'snapshot') await snapshot(manifest);
  else await features(manifest);
}
