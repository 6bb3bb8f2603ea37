// Benchmark (not a test): CPU time of the portrait stage as the front-end runs it on a document whose orientation is
// not known (orientByPortrait: the portrait searched both ways up), per document, on DLC-2021 frames rectified with
// their annotated quads (real grey copies) and on lab val documents (colour, annotated quads).
// Usage: UV_THREADPOOL_SIZE=1 taskset -c 0 node --import tsx bench/portrait.ts [--docs N]
// Record results in bench/README.md with the machine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { orientByPortrait } from '../src/analysis/frontend.js';
import { DEFAULT_PORTRAIT_THRESHOLDS } from '../src/portrait/portrait.js';
import type { DocumentType, Point } from '../src/domain/types.js';
import { decodeImage } from '../src/image/decode.js';
import type { RgbImage } from '../src/image/types.js';
import type { Quad } from '../src/domain/types.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../src/portrait/tiny-face-detector.js';
import { rectifyAnnotated } from '../lab/annotated-document.js';
import { sharedDataDir } from '../test/support/shared-data.js';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '20' } } });
const count = Number(values.docs);
if (!Number.isInteger(count) || count < 2) throw new Error(`--docs must be an integer >= 2, got ${values.docs}`);
const docs: { landscape: Quad; canonical: RgbImage }[] = [];
const sources: [string, string][] = [[join(sharedDataDir(), 'dlc2021-graycopy-dev'), 'manifest.jsonl'], ['/work/data/val-v1', 'manifest.jsonl']];
for (const [dir, manifest] of sources) {
  const rows = readFileSync(join(dir, manifest), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { image: string; quad: Point[]; document_type: DocumentType });
  const every = Math.max(1, Math.floor(rows.length / Math.ceil(count / 2)));
  for (const row of rows.filter((_, i) => i % every === 0).slice(0, Math.ceil(count / 2))) {
    const { image } = await decodeImage(readFileSync(join(dir, row.image)), { maxImagePixels: 50_000_000 });
    docs.push(await rectifyAnnotated(image, row.quad, row.document_type));
  }
}
const faces = await TinyFaceDetector.load(`models/${PORTRAIT_FACE_MODEL}`);
const cpuMs: number[] = [];
for (let round = 0; round < 2; round++) {
  for (const { landscape, canonical } of docs) {
    const cpu0 = process.cpuUsage();
    await orientByPortrait(faces, landscape, canonical, DEFAULT_PORTRAIT_THRESHOLDS);
    const cpu = process.cpuUsage(cpu0);
    if (round === 1) cpuMs.push((cpu.user + cpu.system) / 1000);
  }
}
await faces.dispose();
cpuMs.sort((a, b) => a - b);
const at = (q: number): number => cpuMs[Math.min(cpuMs.length - 1, Math.floor(q * cpuMs.length))]!;
console.log(JSON.stringify({ documents: cpuMs.length, portraitCpuMs: { median: +at(0.5).toFixed(1), p90: +at(0.9).toFixed(1), max: +at(1).toFixed(1) } }));
