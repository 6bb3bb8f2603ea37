// Dumps xenops-ps's sheet-edge strips (xenops-ps-edge-strips.ts) of the images of recorded front-end
// snapshots (xenops-ps-snapshot.ts), for the strip CNN (xenops-ps-strip-cnn.ts): one Float32 NHWC file of all strips
// and an index (per image: label, subtype, first strip, places). Labels are the image's: a physical substitution's
// strips are positives even where the fitted side missed the sheet (a noisy, multiple-instance label; the sidecar's
// pasted box is in the generator's texture pixels, not mapped to the canonical document here).
// Per-strip labels from the mapped pasted box: xenops-ps-strip-labels.ts (branch ps7) writes them beside a dump.
//   node --import tsx lab/detectors/xenops-ps-strips.ts --out /tmp/ps6/strips/train MANIFEST_OR_DIR [...] \
//     [--ignore DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS] [--dirs /work/data/extra-ps3-snapshots,/work/data/extra-ps4-snapshots]
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { readManifest } from '../../src/eval/manifest.js';
import { manifestPath, parseIgnoreList, sidecarSubtype } from './dataset.js';
import { sheetEdgeStrips, type StripPlace } from './xenops-ps-edge-strips.js';
import { inputFromSnapshot, readSnapshots, snapshotPath } from './xenops-ps-snapshot-input.js';

export interface StripImage {
  readonly path: string;
  /** 'bona_fide' or 'PORTRAIT_SUBSTITUTION'. */
  readonly label: string;
  /** 'physical' | 'digital' for substitutions. */
  readonly subtype: string | null;
  readonly first: number;
  readonly places: readonly StripPlace[];
}

export interface StripSetIndex {
  readonly stripSize: number;
  readonly images: readonly StripImage[];
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      ignore: { type: 'string', default: 'DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS' },
      dirs: { type: 'string', default: '/work/data/extra-ps3-snapshots,/work/data/extra-ps4-snapshots' },
    },
  });
  if (values.out === undefined || positionals.length === 0) throw new Error('usage: xenops-ps-strips.ts --out PREFIX MANIFEST_OR_DIR [...]');
  const ignore = parseIgnoreList(values.ignore);
  const dirs = values.dirs.split(',');
  const images: StripImage[] = [];
  const chunks: Float32Array[] = [];
  let count = 0;
  let stripSize = 0;
  for (const given of positionals) {
    const manifest = await manifestPath(given);
    const file = dirs.map((d) => snapshotPath(d, manifest, ignore)).find((f) => existsSync(f));
    if (file === undefined) throw new Error(`${manifest}: no snapshot in ${dirs.join(', ')}; run xenops-ps-snapshot.ts snapshot first`);
    const snaps = await readSnapshots(file);
    for (const e of await readManifest(manifest)) {
      if (e.label !== 'bona_fide' && e.attack !== 'PORTRAIT_SUBSTITUTION') continue;
      const snap = snaps.get(e.path)?.snapshot;
      if (snap === undefined || snap === null) continue;
      const { places, data } = await sheetEdgeStrips(await inputFromSnapshot(e.path, snap), 'nhwc');
      if (places.length === 0) continue;
      stripSize = data.length / places.length;
      images.push({ path: e.path, label: e.label === 'bona_fide' ? 'bona_fide' : 'PORTRAIT_SUBSTITUTION', subtype: await sidecarSubtype(e.path), first: count, places });
      chunks.push(data);
      count += places.length;
    }
    process.stderr.write(`${manifest}: ${images.length} images, ${count} strips so far\n`);
  }
  const all = new Float32Array(count * stripSize);
  let at = 0;
  for (const c of chunks) (all.set(c, at), (at += c.length));
  await mkdir(dirname(values.out), { recursive: true });
  await writeFile(`${values.out}.f32`, new Uint8Array(all.buffer));
  const index: StripSetIndex = { stripSize, images };
  await writeFile(`${values.out}.json`, JSON.stringify(index));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
