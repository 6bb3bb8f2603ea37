// Evaluation (and training-augmentation) sets for hawk-sd, written outside the repository:
//   OUT/screenshots.jsonl  bona fide + DIGITAL_MANIPULATIONS screenshots of the manifest
//   OUT/edits.jsonl        bona fide + edited captures (retype, splice, copy_move, resave)
//   OUT/resaved.jsonl      every bona fide image re-encoded once with sharp as JPEG at quality 80..95 (labelled
//                          bona fide: a capture merely re-saved is not an edit), images in OUT/resaved/
// Subtypes come from the lab sidecar (params.attackSubtype). Paths in the output manifests are absolute.
//   node --import tsx scripts/hawk-sd-sets.ts --manifest /work/data/test.jsonl --out /tmp/hawk-sd-test [--min-quality 80 --max-quality 95]
// With --attack-copies SUBTYPE,... it writes instead OUT/attack-copies.jsonl: every DIGITAL_MANIPULATIONS image of those
// subtypes re-encoded the same seeded way, labelled as the attack it still is (an edit re-saved at low quality is
// still an edit), each copy with a small sidecar (subtype, source image, the edit's own quality, the copy's quality).
//   node --import tsx scripts/hawk-sd-sets.ts --manifest M --out DIR --min-quality 25 --max-quality 60 --attack-copies screenshot,retype,splice,copy_move
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { readManifest } from '../src/eval/manifest.js';

const { values } = parseArgs({
  options: {
    manifest: { type: 'string' },
    out: { type: 'string' },
    'min-quality': { type: 'string', default: '80' },
    'max-quality': { type: 'string', default: '95' },
    'attack-copies': { type: 'string' },
  },
});
if (!values.manifest || !values.out) {
  process.stderr.write('usage: hawk-sd-sets.ts --manifest M --out DIR [--min-quality 80 --max-quality 95]\n');
  process.exit(2);
}
const out = resolve(values.out);
const qMin = Number(values['min-quality']);
const qMax = Number(values['max-quality']);
if (!(Number.isInteger(qMin) && Number.isInteger(qMax) && qMin >= 1 && qMax <= 100 && qMin <= qMax)) {
  process.stderr.write('--min-quality / --max-quality must be integers 1..100 with min <= max\n');
  process.exit(2);
}
await mkdir(join(out, 'resaved'), { recursive: true });

async function subtype(imagePath: string): Promise<string | null> {
  try {
    const sidecar = JSON.parse(await readFile(imagePath.replace(/\.[^./]+$/, '.json'), 'utf8')) as { params?: { attackSubtype?: unknown } };
    return typeof sidecar.params?.attackSubtype === 'string' ? sidecar.params.attackSubtype : null;
  } catch {
    return null;
  }
}

const copyQuality = (path: string): number =>
  // Quality from a hash of the file name: reproducible, spread over the whole range.
  qMin + (createHash('sha1').update(basename(path)).digest().readUInt32BE(0) % (qMax - qMin + 1));
const copyPath = (path: string, q: number): string =>
  join(out, 'resaved', `${createHash('sha1').update(path).digest('hex').slice(0, 8)}-${basename(path).replace(/\.[^.]+$/, '')}-q${q}.jpg`);

const entries = await readManifest(resolve(values.manifest));
const line = (e: { path: string; label: string; attack: string | null; quad: unknown; documentType?: unknown }): string =>
  JSON.stringify({ image: e.path, label: e.label, attack: e.attack, ...(e.quad ? { quad: e.quad } : {}), ...(e.documentType ? { document_type: e.documentType } : {}) });

if (values['attack-copies'] !== undefined) {
  const kinds = new Set(values['attack-copies'].split(',').map((k) => k.trim()).filter((k) => k.length > 0));
  const known = ['screenshot', 'retype', 'splice', 'copy_move', 'resave'];
  const unknown = [...kinds].filter((k) => !known.includes(k));
  if (kinds.size === 0 || unknown.length > 0) {
    process.stderr.write(`--attack-copies: unknown subtype(s) ${unknown.join(', ') || '(none given)'}; accepted: ${known.join(', ')}\n`);
    process.exit(2);
  }
  const copies: string[] = [];
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (e.attack !== 'DIGITAL_MANIPULATIONS') continue;
    const sidecar = JSON.parse(await readFile(e.path.replace(/\.[^./]+$/, '.json'), 'utf8')) as { params?: Record<string, unknown> };
    const kind = sidecar.params?.['attackSubtype'];
    if (typeof kind !== 'string' || !kinds.has(kind)) continue;
    const q = copyQuality(e.path);
    const target = copyPath(e.path, q);
    await sharp(await readFile(e.path)).jpeg({ quality: q }).toFile(target);
    // The sidecar lets the feature rows keep the subtype (lab/detectors/dataset.ts reads params.attackSubtype).
    const edit = sidecar.params ?? {};
    await writeFile(target.replace(/\.jpg$/, '.json'), JSON.stringify({
      params: { attackSubtype: kind, sourceImage: e.path, copyJpegQuality: q, editJpegQuality: edit['finalJpegQuality'] ?? edit['jpegQuality'] ?? null, sourceEncoding: /\.png$/i.test(e.path) ? 'png' : 'jpeg' },
    }) + '\n');
    copies.push(line({ ...e, path: target }));
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  await writeFile(join(out, 'attack-copies.jsonl'), copies.join('\n') + '\n');
  process.stdout.write(`${out}: attack-copies.jsonl ${copies.length} lines (${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')})\n`);
  process.exit(0);
}

const screenshots: string[] = [];
const edits: string[] = [];
const resaved: string[] = [];
const qualities: number[] = [];
for (const e of entries) {
  if (e.label === 'bona_fide') {
    screenshots.push(line(e));
    edits.push(line(e));
    const q = copyQuality(e.path);
    const target = copyPath(e.path, q);
    // sharp keeps no metadata by default (like most re-save paths) and applies no EXIF turn (none in the lab).
    await sharp(await readFile(e.path)).jpeg({ quality: q }).toFile(target);
    resaved.push(line({ ...e, path: target }));
    qualities.push(q);
  } else if (e.attack === 'DIGITAL_MANIPULATIONS') {
    const kind = await subtype(e.path);
    if (kind === 'screenshot') screenshots.push(line(e));
    else edits.push(line(e));
  }
}
await writeFile(join(out, 'screenshots.jsonl'), screenshots.join('\n') + '\n');
await writeFile(join(out, 'edits.jsonl'), edits.join('\n') + '\n');
await writeFile(join(out, 'resaved.jsonl'), resaved.join('\n') + '\n');
process.stdout.write(`${out}: screenshots.jsonl ${screenshots.length} lines, edits.jsonl ${edits.length}, resaved.jsonl ${resaved.length} (quality ${Math.min(...qualities)}..${Math.max(...qualities)})\n`);
