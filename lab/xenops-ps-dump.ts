// Dumps xenops-ps's feature vectors on lab images (as decoded, and resized to 4000x3000 with sharp) so that two
// trees' extractors can be compared byte for byte (a speed change must leave the committed model's inputs alone).
// Usage: node --import tsx lab/xenops-ps-dump.ts --manifest /work/data/test.jsonl --count 20 --out dump.json
//        node --import tsx lab/xenops-ps-dump.ts --compare a.json b.json
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createAnalysisEngine } from '../src/analysis/engine.js';
import type { Detector } from '../src/pipelines/detector.js';
import { portraitSubstitutionFeatures } from '../src/pipelines/xenops-ps/features.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { manifest: { type: 'string' }, count: { type: 'string', default: '20' }, out: { type: 'string' }, compare: { type: 'boolean', default: false } },
});

if (values.compare) {
  const [a, b] = positionals.map((p) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, string>);
  if (a === undefined || b === undefined) throw new Error('--compare needs two dump files');
  const keys = Object.keys(a);
  let differ = 0;
  for (const k of keys) if (a[k] !== b[k]) (differ++, console.log(`DIFFERENT ${k}`));
  if (keys.length !== Object.keys(b).length) console.log(`key counts differ: ${keys.length} vs ${Object.keys(b).length}`);
  console.log(`${keys.length} vectors compared, ${differ} differ`);
  process.exit(differ === 0 && keys.length === Object.keys(b).length ? 0 : 1);
}
if (values.manifest === undefined || values.out === undefined) throw new Error('give --manifest FILE.jsonl --out DUMP.json (or --compare A B)');
const extractor = portraitSubstitutionFeatures();
let last: Float32Array | null = null;
const capture: Detector = {
  name: 'xenops-ps',
  async score(input) {
    last = await extractor.extract(input);
    return 0;
  },
  async dispose() {},
};
const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [capture] });
const rows = readFileSync(values.manifest, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { image: string });
const want = Number(values.count);
const out: Record<string, string> = {};
let kept = 0;
for (const row of rows) {
  if (kept >= want) break;
  const original = readFileSync(row.image);
  const big = await sharp(original).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer();
  let any = false;
  for (const [tag, bytes] of [['native', original], ['4000x3000', big]] as const) {
    last = null;
    await engine.analyse({ image: bytes, pipelines: ['xenops-ps'], errorsToIgnore: ['DOCUMENT_CROPPED', 'DOCUMENT_IS_COLORLESS'] });
    const got = last as Float32Array | null;
    if (got === null) continue;
    // Hex of the raw Float32 bytes: exact, NaN payloads included.
    out[`${row.image}@${tag}`] = Buffer.from(got.buffer, got.byteOffset, got.byteLength).toString('hex');
    any = true;
  }
  if (any) kept++;
}
await engine.close();
writeFileSync(values.out, JSON.stringify(out, null, 1));
console.log(`${Object.keys(out).length} vectors from ${kept} images written to ${values.out}`);
