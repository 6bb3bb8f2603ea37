// DOCUMENT_IS_COLORLESS on documents rectified with their annotated quads (localisation errors do not mix in), for a
// range of thresholds of the rule's statistic (src/quality/colour.ts coherentChroma) and, for comparison, of the
// earlier chromaticity spread: DLC-2021 grey copies (fit part alb_id, esp_id, aze_passport; report part fin_id,
// grc_passport), the specimens (flat colour scans; greyscale files left out) and, with --lab, lab chunks: every
// document printed in colour vs the grey photocopies (params.attack.process "gray-photocopy"), bona fide apart.
// Usage: node --import tsx lab/measure-colour.ts [--step N] [--lab DIR[,DIR]] [--no-dlc]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentType, Point, Quad } from '../src/domain/types.js';
import { decodeImage } from '../src/image/decode.js';
import type { RgbImage } from '../src/image/types.js';
import { rectify } from '../src/localisation/rectify.js';
import { colourStats, type ColourStats } from '../src/quality/colour.js';
import { DEFAULT_QUALITY_THRESHOLDS } from '../src/quality/thresholds.js';
import { isColorless } from '../src/quality/warnings.js';
import { rectifyAnnotated } from './annotated-document.js';
import { readJsonLines, readSidecar } from './manifest-files.js';
import { sharedDataDir } from './shared-data.js';

const { values } = parseArgs({ options: { step: { type: 'string', default: '1' }, lab: { type: 'string' }, 'no-dlc': { type: 'boolean', default: false } } });
const step = Number(values.step);
const data = sharedDataDir();
const sets = new Map<string, ColourStats[]>();
const add = (set: string, s: ColourStats): void => { sets.set(set, [...(sets.get(set) ?? []), s]); };

async function statsOf(image: RgbImage, quad: Quad, type: DocumentType): Promise<ColourStats> {
  return colourStats((await rectifyAnnotated(image, quad, type)).canonical);
}

if (!values['no-dlc']) {
  const root = join(data, 'dlc2021-graycopy-dev');
  const FIT = ['alb_id', 'esp_id', 'aze_passport'];
  for (const [k, row] of readJsonLines<{ image: string; quad: Point[]; document_type: DocumentType }>(join(root, 'manifest.jsonl')).entries()) {
    if (k % step !== 0) continue;
    const { image } = await decodeImage(readFileSync(join(root, row.image)), { maxImagePixels: 5e7 });
    add(FIT.includes(row.image.split('/')[0] ?? '') ? 'DLC grey copies, fit part' : 'DLC grey copies, report part', await statsOf(image, row.quad as unknown as Quad, row.document_type));
  }
  const specimens = join(data, 'specimens');
  for (const f of readdirSync(specimens).filter((x) => /\.(png|jpe?g)$/i.test(x))) {
    const { image } = await decodeImage(readFileSync(join(specimens, f)), { maxImagePixels: 5e7 });
    const h = Math.round((640 * image.height) / image.width);
    const s = colourStats(await rectify(image, [[0, 0], [image.width, 0], [image.width, image.height], [0, image.height]], 640, h));
    // Files stored in grey are greyscale images: colourless is the right answer for them.
    if (s.chromaSpread >= 0.001) add('colour specimens', s);
  }
}
for (const dir of values.lab?.split(',') ?? []) {
  for (const [k, row] of readJsonLines<{ image: string; label: string; quad: Point[]; document_type: DocumentType }>(join(dir, 'manifest.jsonl')).entries()) {
    if (k % step !== 0) continue;
    const sidecar = readSidecar<{ params?: { attack?: { process?: string } } }>(join(dir, row.image));
    const grey = /gr[ae]y/i.test(sidecar.params?.attack?.process ?? '');
    const { image } = await decodeImage(readFileSync(join(dir, row.image)), { maxImagePixels: 5e7 });
    const s = await statsOf(image, row.quad as unknown as Quad, row.document_type);
    if (grey) add('lab grey photocopies', s);
    else {
      add('lab colour documents (all classes)', s);
      if (row.label === 'bona_fide') add('lab colour bona fide', s);
    }
  }
}

const T = DEFAULT_QUALITY_THRESHOLDS;
const share = (v: ColourStats[], f: (s: ColourStats) => boolean): string => `${(100 * v.filter(f).length / Math.max(1, v.length)).toFixed(1)} %`;
const out: Record<string, Record<string, string>> = {};
for (const [name, v] of sets) {
  const row: Record<string, string> = { n: String(v.length), 'flagged (product rule)': share(v, (s) => isColorless(s, T)) };
  for (const t of [0.025, 0.03, 0.035, 0.04, 0.045]) row[`coherentChroma < ${t}`] = share(v, (s) => s.coherentChroma < t);
  for (const t of [0.04, 0.055]) row[`chromaSpread < ${t} (earlier rule)`] = share(v, (s) => s.chromaSpread < t);
  out[name] = row;
}
console.log(`current threshold: coherentChroma < ${T.colorlessCoherentChroma}`);
console.log(JSON.stringify(out, null, 2));
