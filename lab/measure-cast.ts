// How tinted are grey copies in the file? Real DLC-2021 frames of grey photocopies (rectified with their annotated
// quads) against the lab's grey photocopies and colour bona fide captures (rectified with theirs): median HSV
// saturation of the document, chroma of its white (brightest 5 %, grey levels), median chroma of its mid-tones
// (luma 70-190) and the cast-robust greyness spreads. Used to check that the lab's room light and partial white
// balance tint a grey sheet as a real room does (docs/lab.md, "Room light on grey copies").
// Usage: node --import tsx lab/measure-cast.ts [--step N] [--lab DIR[,DIR]]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentType, Point, Quad } from '../src/domain/types.js';
import { chromaStatistics } from '../src/features/colour.js';
import { toRgbPlanes, type RgbPlanes } from '../src/features/planes.js';
import { decodeImage } from '../src/image/decode.js';
import { canonicalSize, landscapeOrder, rectify } from '../src/localisation/rectify.js';
import { greynessCues } from '../src/pipelines/printed-copy/greyness.js';
import { paperCues } from '../src/pipelines/printed-copy/surface.js';
import { readJsonLines, readSidecar } from './manifest-files.js';
import { sharedDataDir } from './shared-data.js';

interface Row { image: string; label: string; quad: Point[]; document_type: DocumentType }
interface Measured { saturation: number; whiteChroma: number; midChroma: number; rgSpread: number; linearSpread: number }

const { values } = parseArgs({ options: { step: { type: 'string', default: '5' }, lab: { type: 'string' } } });

async function measure(file: string, row: Row): Promise<Measured> {
  const { image } = await decodeImage(readFileSync(file), { maxImagePixels: 5e7 });
  const size = canonicalSize(row.document_type, 1.5);
  const rgb = toRgbPlanes(await rectify(image, landscapeOrder(row.quad as unknown as Quad), size.width, size.height));
  const grey = greynessCues(rgb);
  return { saturation: chromaStatistics(rgb, 2).saturationP50, whiteChroma: paperCues(rgb).whiteChroma, midChroma: midToneChroma(rgb), rgSpread: grey.rgSpread, linearSpread: grey.linearSpread };
}

/** Median max - min (grey levels) of pixels with luma 70..190: the cast on the grey levels of a copy. */
function midToneChroma(rgb: RgbPlanes): number {
  const hist = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < rgb.r.length; i += 2) {
    const R = rgb.r[i]!, G = rgb.g[i]!, B = rgb.b[i]!;
    const L = 0.299 * R + 0.587 * G + 0.114 * B;
    if (L < 70 || L > 190) continue;
    hist[Math.min(255, Math.round(Math.max(R, G, B) - Math.min(R, G, B)))]!++;
    n++;
  }
  let cum = 0;
  for (let v = 0; v < 256; v++) if ((cum += hist[v]!) >= n / 2) return v;
  return 0;
}

const med = (v: number[]): number => { const s = [...v].sort((a, b) => a - b); return s.length ? s[s.length >> 1]! : NaN; };
const q = (v: number[], p: number): number => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN; };
function report(name: string, rows: Measured[]): void {
  const f = (k: keyof Measured, d = 1): string => `${med(rows.map((r) => r[k])).toFixed(d)} [${q(rows.map((r) => r[k]), 0.25).toFixed(d)}-${q(rows.map((r) => r[k]), 0.75).toFixed(d)}]`;
  console.log(`${name.padEnd(28)} n=${String(rows.length).padEnd(4)} sat ${f('saturation', 3)}  white chroma ${f('whiteChroma')}  mid chroma ${f('midChroma')}  rg spread ${f('rgSpread', 2)}  linear spread ${f('linearSpread', 2)}`);
}

const dlcRoot = join(sharedDataDir(), 'dlc2021-graycopy-dev');
const dlc: Measured[] = [];
const dlcRows = readJsonLines<Row>(join(dlcRoot, 'manifest.jsonl')).filter((_, i) => i % Number(values.step) === 0);
for (const row of dlcRows) dlc.push(await measure(join(dlcRoot, row.image), row));
report('DLC-2021 grey copies', dlc);

const labGrey: Measured[] = [], labBona: Measured[] = [];
for (const dir of values.lab?.split(',') ?? []) {
  for (const row of readJsonLines<Row>(join(dir, 'manifest.jsonl'))) {
    const sidecar = readSidecar<{ params?: { attack?: { process?: string } } }>(join(dir, row.image));
    const isGrey = sidecar.params?.attack?.process === 'gray-photocopy';
    if (!isGrey && row.label !== 'bona_fide') continue;
    (isGrey ? labGrey : labBona).push(await measure(join(dir, row.image), row));
  }
}
if (values.lab !== undefined) {
  report('lab grey photocopies', labGrey);
  report('lab bona fide', labBona);
}
