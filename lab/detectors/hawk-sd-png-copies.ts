// Lossless PNG copies of the bona fide camera captures of manifests, to measure whether hawk-sd takes a capture
// saved as PNG for a screenshot by its format alone (issue 7: card-photos-dev's bona fide PNGs). The copies have
// the very pixels of their JPEG, so the front-end's decision is the JPEG's: their records (frontend-quads.ts format)
// copy the JPEG's record, with the PNG's path, and hawk-sd-fast-features.ts --quads builds their rows from them.
//   node --import tsx lab/detectors/hawk-sd-png-copies.ts --records FQ.jsonl[,...] --out DIR MANIFEST_OR_DIR [...]
// Writes DIR/<chunk>-<name>.png, DIR/manifest.jsonl (bona fide, the source's quad and document type) and
// DIR/records.jsonl. Images without a record are skipped (say which).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { readManifest } from '../../src/eval/manifest.js';
import { manifestPath } from './dataset.js';
import type { FrontEndRecord } from './frontend-quads.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { records: { type: 'string' }, out: { type: 'string' } } });
if (!values.records || !values.out || positionals.length === 0) {
  process.stderr.write('usage: hawk-sd-png-copies.ts --records FQ.jsonl[,...] --out DIR MANIFEST_OR_DIR [...]\n');
  process.exit(2);
}
const byPath = new Map<string, FrontEndRecord>();
for (const file of values.records.split(',')) {
  for (const line of (await readFile(file, 'utf8')).split('\n')) if (line.trim()) byPath.set((JSON.parse(line) as FrontEndRecord).path, JSON.parse(line) as FrontEndRecord);
}
await mkdir(values.out, { recursive: true });
const manifestLines: string[] = [];
const recordLines: string[] = [];
let missing = 0;
for (const given of positionals) {
  const manifest = await manifestPath(given);
  for (const e of await readManifest(manifest)) {
    if (e.label !== 'bona_fide' || !/\.jpe?g$/i.test(e.path)) continue;
    const record = byPath.get(e.path);
    if (record === undefined) {
      missing++;
      continue;
    }
    const png = join(values.out, `${basename(dirname(e.path))}-${basename(e.path).replace(/\.jpe?g$/i, '.png')}`);
    // The pixels the product decodes (EXIF orientation applied), so the record's quad holds for the copy.
    await writeFile(png, await sharp(await readFile(e.path)).rotate().png().toBuffer());
    manifestLines.push(JSON.stringify({ image: png, label: 'bona_fide', attack: null, quad: e.quad, document_type: e.documentType ?? null }));
    recordLines.push(JSON.stringify({ ...record, manifest: join(values.out, 'manifest.jsonl'), path: png }));
  }
}
await writeFile(join(values.out, 'manifest.jsonl'), `${manifestLines.join('\n')}\n`);
await writeFile(join(values.out, 'records.jsonl'), `${recordLines.join('\n')}\n`);
process.stdout.write(`${manifestLines.length} PNG copies in ${values.out}${missing > 0 ? `; ${missing} bona fide JPEGs without a front-end record skipped` : ''}\n`);
