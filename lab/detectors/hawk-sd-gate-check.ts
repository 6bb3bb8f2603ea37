// Scores images through hawk-sd's shipped detector (the quality gate with both models, src/pipelines/hawk-sd/
// detector.ts) from the front-end's recorded quads (lab/detectors/frontend-quads.ts), so no front-end pass is paid,
// and with --compare also through the main model alone (a plain feature detector, as main shipped it): every image at
// or above the gate must get the very same score from both. Writes one JSON line per image (path, label, subtype,
// JPEG quality, which model judged it, the scores) for the figures.
//   node --import tsx lab/detectors/hawk-sd-gate-check.ts --quads Q.jsonl[,Q2.jsonl] [--compare] --out OUT.jsonl MANIFEST_OR_DIR [...]
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readManifest } from '../../src/eval/manifest.js';
import type { Detector } from '../../src/pipelines/detector.js';
import { createFeatureDetector } from '../../src/pipelines/feature-detector.js';
import { createHawkSdDetector } from '../../src/pipelines/hawk-sd/detector.js';
import { hawkSdFeatures } from '../../src/pipelines/hawk-sd/features.js';
import { isLowQualityJpeg } from '../../src/pipelines/hawk-sd/low-quality.js';
import { manifestPath, sidecarSubtype } from './dataset.js';
import type { FrontEndRecord } from './frontend-quads.js';
import { detectorInputFromRecordedQuad } from './recorded-input.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { quads: { type: 'string' }, out: { type: 'string' }, compare: { type: 'boolean', default: false }, models: { type: 'string', default: 'models' } },
});
if (!values.quads || !values.out || positionals.length === 0) {
  process.stderr.write('usage: hawk-sd-gate-check.ts --quads Q.jsonl[,...] [--compare] --out OUT.jsonl MANIFEST_OR_DIR [...]\n');
  process.exit(2);
}
const byPath = new Map<string, FrontEndRecord>();
for (const file of values.quads.split(',')) {
  for (const line of (await readFile(file, 'utf8')).split('\n')) if (line.trim()) byPath.set((JSON.parse(line) as FrontEndRecord).path, JSON.parse(line) as FrontEndRecord);
}
const context = { modelDir: values.models };
const gated = await createHawkSdDetector(context);
const mainOnly: Detector | null = values.compare ? await createFeatureDetector('hawk-sd', hawkSdFeatures(), context) : null;
const lines: string[] = [];
let above = 0, identical = 0, below = 0, stopped = 0;
const seen = new Set<string>();
for (const given of positionals) {
  const manifest = await manifestPath(given);
  for (const e of await readManifest(manifest)) {
    if (!(e.label === 'bona_fide' || e.attack === 'DIGITAL_MANIPULATIONS') || seen.has(e.path)) continue;
    seen.add(e.path);
    const record = byPath.get(e.path);
    if (record === undefined) throw new Error(`no front-end record for ${e.path} of ${manifest}`);
    const subtype = await sidecarSubtype(e.path);
    if (record.quad === null) {
      stopped++;
      lines.push(JSON.stringify({ path: e.path, manifest, label: e.label, subtype, stopped: record.reason }));
      continue;
    }
    const input = await detectorInputFromRecordedQuad(await readFile(e.path), record.quad);
    const low = isLowQualityJpeg(input.file);
    const score = await gated.score(input);
    const mainScore = mainOnly ? await mainOnly.score(input) : null;
    if (low) below++;
    else {
      above++;
      if (mainScore !== null && Object.is(mainScore, score)) identical++;
    }
    lines.push(JSON.stringify({ path: e.path, manifest, label: e.label, subtype, jpegQuality: input.file.jpegQuality, model: low ? 'low-quality' : 'main', score, mainScore }));
  }
}
await Promise.all([gated.dispose(), mainOnly?.dispose()]);
await writeFile(values.out, lines.join('\n') + '\n');
process.stdout.write(`${seen.size} images: ${stopped} stopped by the front-end (recorded), ${above} at or above the gate${mainOnly ? ` (${identical} with the main model's score bit for bit)` : ''}, ${below} below it -> ${values.out}\n`);
