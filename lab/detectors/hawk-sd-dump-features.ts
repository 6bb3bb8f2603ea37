// Dumps hawk-sd's extractor output -- extract()'s Float32 vector, the regions() vectors and the details() JSON -- on
// lab test images (6 bona fide and up to 4 of each digital-manipulation subtype with a recorded front-end quad,
// plus 3 of them upscaled to 4000x3000), so a speed change can be proven not to change a feature: run it before
// and after, then `cmp OUT.bin` and `cmp OUT.json`.
//   node --import tsx lab/detectors/hawk-sd-dump-features.ts --quads FRONTEND_RECORDS.jsonl --out PREFIX
import { parseArgs } from 'node:util';
import type { Quad } from '../../src/domain/types.js';
import type { FrontEndRecord } from './frontend-quads.js';
import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { imageMeasurements } from '../../src/analysis/frontend.js';
import { decodeImage } from '../../src/image/decode.js';
import type { DetectorInput } from '../../src/pipelines/detector.js';
import { hawkSdFeatures } from '../../src/pipelines/hawk-sd/features.js';
const { values } = parseArgs({ options: { quads: { type: 'string' }, out: { type: 'string' } } });
if (!values.quads || !values.out) {
  process.stderr.write('usage: hawk-sd-dump-features.ts --quads FRONTEND_RECORDS.jsonl --out PREFIX\n');
  process.exit(2);
}
const out = values.out;
const recs = (await readFile(values.quads, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.quad && r.path.includes('/test-s'));
const picked: Array<FrontEndRecord & { quad: Quad; sub: string }> = []; const counts: Record<string, number> = {};
for (const r of recs) {
  const side = JSON.parse(await readFile(r.path.replace(/\.[^.]+$/, '.json'), 'utf8'));
  const sub = side.label === 'bona_fide' ? 'bf' : (side.params?.attackSubtype ?? 'x');
  if (!['bf', 'screenshot', 'retype', 'splice', 'copy_move', 'resave'].includes(sub)) continue;
  if ((counts[sub] ?? 0) >= (sub === 'bf' ? 6 : 4)) continue;
  counts[sub] = (counts[sub] ?? 0) + 1; picked.push({ ...r, sub });
}
const ex = hawkSdFeatures();
const parts: Buffer[] = []; const meta: Array<{ tag: string; details: Record<string, unknown> }> = []; let cpu = 0;
async function run(bytes: Buffer, quad: Quad, tag: string) {
  const decoded = await decodeImage(bytes, { maxImagePixels: 50_000_000 });
  const input: DetectorInput = { image: decoded.image, file: { format: decoded.format, byteLength: decoded.byteLength, quantTables: decoded.quantTables, jpegQuality: imageMeasurements(decoded).jpegQuality, exif: decoded.exif }, document: { quad } as DetectorInput['document'], documentCount: 1, quality: { warnings: [], blurSigmaMm: Number.NaN, blockiness: 1, colorless: false, documentColour: null } } as DetectorInput;
  const c0 = process.cpuUsage();
  const f = await ex.extract(input);
  const c = process.cpuUsage(c0); cpu += (c.user + c.system) / 1000;
  parts.push(Buffer.from(f.buffer));
  const reg = await ex.regions!(input);
  for (const v of reg.features) parts.push(Buffer.from(v.buffer));
  const det = await ex.details!(input);
  meta.push({ tag, details: det });
}
for (const r of picked) await run(await readFile(r.path), r.quad, `${r.sub} ${r.path}`);
// Three frames upscaled to 4000x3000 (the frame-sized scans) with the quad scaled alike.
for (const r of picked.filter((p) => p.sub !== 'screenshot').slice(0, 3)) {
  const m = await sharp(r.path).metadata();
  const sx = 4000 / m.width!, sy = 3000 / m.height!;
  const bytes = await sharp(r.path).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
  await run(bytes, r.quad.map(([x, y]) => [x * sx, y * sy] as const) as unknown as Quad, `4k ${r.path}`);
}
await writeFile(out + '.bin', Buffer.concat(parts));
await writeFile(out + '.json', JSON.stringify(meta, null, 1));
console.log(picked.length + 3, 'images', counts, 'extract CPU ms total', cpu.toFixed(0));
