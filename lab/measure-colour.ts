// DOCUMENT_IS_COLORLESS threshold table: chromaticity spread (src/quality/colour.ts) of grey copies (DLC-2021 frames
// rectified with their annotated quads, so localisation errors do not mix in) against colour documents (the
// specimens: flat scans, greyscale files left out), for a range of thresholds; with --lab, also the lab chunks' colour
// bona fide documents and grey photocopies, rectified with their annotated quads.
// Usage: node --import tsx lab/measure-colour.ts [--step N] [--lab DIR[,DIR]]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentType, Point, Quad } from '../src/domain/types.js';
import { decodeImage } from '../src/image/decode.js';
import { canonicalSize, landscapeOrder, rectify } from '../src/localisation/rectify.js';
import { colourStats } from '../src/quality/colour.js';
import { DEFAULT_QUALITY_THRESHOLDS } from '../src/quality/thresholds.js';
import { sharedDataDir } from '../test/support/shared-data.js';

const { values } = parseArgs({ options: { step: { type: 'string', default: '3' }, lab: { type: 'string' } } });
const data = sharedDataDir();
const root = join(data, 'dlc2021-graycopy-dev');
const rows = readFileSync(join(root, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { image: string; quad: Point[]; document_type: DocumentType })
  .filter((_, i) => i % Number(values.step) === 0);
const grey: number[] = [];
for (const row of rows) {
  const { image } = await decodeImage(readFileSync(join(root, row.image)), { maxImagePixels: 5e7 });
  const size = canonicalSize(row.document_type, 1.5);
  grey.push(colourStats(await rectify(image, landscapeOrder(row.quad as unknown as Quad), size.width, size.height)).chromaSpread);
}
const colour: number[] = [];
let greyscaleFiles = 0;
const specimens = join(data, 'specimens');
for (const f of readdirSync(specimens).filter((x) => /\.(png|jpe?g)$/i.test(x))) {
  const { image } = await decodeImage(readFileSync(join(specimens, f)), { maxImagePixels: 5e7 });
  const h = Math.round((640 * image.height) / image.width);
  const spread = colourStats(await rectify(image, [[0, 0], [image.width, 0], [image.width, image.height], [0, image.height]], 640, h)).chromaSpread;
  // Files stored in grey are greyscale images: colourless is the right answer for them.
  if (spread < 0.001) greyscaleFiles++; else colour.push(spread);
}
// Lab chunks: bona fide documents (printed in colour) and grey photocopies (params.attack.process "gray-photocopy").
const labColour: number[] = [], labGrey: number[] = [];
for (const dir of values.lab?.split(',') ?? []) {
  for (const line of readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n')) {
    const row = JSON.parse(line) as { image: string; label: string; quad: Point[]; document_type: DocumentType };
    const sidecar = JSON.parse(readFileSync(join(dir, row.image.replace(/\.[a-z]+$/i, '.json')), 'utf8')) as { params?: { attack?: { process?: string } } };
    const isGrey = /gr[ae]y/i.test(sidecar.params?.attack?.process ?? '');
    if (!isGrey && row.label !== 'bona_fide') continue;
    const { image } = await decodeImage(readFileSync(join(dir, row.image)), { maxImagePixels: 5e7 });
    const size = canonicalSize(row.document_type, 1.5);
    const spread = colourStats(await rectify(image, landscapeOrder(row.quad as unknown as Quad), size.width, size.height)).chromaSpread;
    (isGrey ? labGrey : labColour).push(spread);
  }
}
console.log(`grey copies: ${grey.length} DLC frames; colour specimens: ${colour.length} (+${greyscaleFiles} greyscale files left out)` +
  (values.lab !== undefined ? `; lab: ${labColour.length} colour bona fide, ${labGrey.length} grey photocopies` : ''));
console.log('threshold  grey flagged  colour flagged' + (values.lab !== undefined ? '  lab colour flagged  lab grey flagged' : ''));
const share = (v: number[], t: number): string => `${(100 * v.filter((x) => x < t).length / Math.max(1, v.length)).toFixed(1)} %`;
for (const t of [0.03, 0.035, 0.04, 0.045, 0.05, 0.055]) {
  const c = colour.filter((v) => v < t).length;
  const mark = t === DEFAULT_QUALITY_THRESHOLDS.colorlessChromaSpread ? ' (current)' : '';
  const lab = values.lab !== undefined ? `  ${share(labColour, t)}  ${share(labGrey, t)}` : '';
  console.log(`${t.toFixed(3)}      ${share(grey, t)}       ${c} / ${colour.length}${lab}${mark}`);
}
