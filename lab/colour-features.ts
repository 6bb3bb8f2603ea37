// Dumps candidate colour statistics of documents rectified with their annotated quads (no localisation error), one
// JSON line per document, for choosing the DOCUMENT_IS_COLORLESS rule: lab chunks (every class; "grey" = the grey
// photocopies, params.attack.process "gray-photocopy"), DLC-2021 grey copies (fit part alb_id, esp_id, aze_passport;
// report part fin_id, grc_passport) and the specimens (flat colour scans).
// Usage: node --import tsx lab/colour-features.ts [--lab DIR[,DIR]] [--dlc] [--specimens] [--step N] > rows.jsonl
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentType, Point, Quad } from '../src/domain/types.js';
import { decodeImage } from '../src/image/decode.js';
import type { RgbImage } from '../src/image/types.js';
import { rectify } from '../src/localisation/rectify.js';
import { median, validChroma, whiteBalancedChroma, type ChromaGrid, type WhiteBalanceOptions } from '../src/quality/colour.js';
import { rectifyAnnotated } from './annotated-document.js';
import { readJsonLines, readSidecar } from './manifest-files.js';
import { sharedDataDir } from './shared-data.js';

const { values } = parseArgs({ options: { lab: { type: 'string' }, dlc: { type: 'boolean', default: false }, specimens: { type: 'boolean', default: false }, step: { type: 'string', default: '1' } } });
const step = Number(values.step);
const DLC_FIT = ['alb_id', 'esp_id', 'aze_passport'];

async function canonicalOf(image: RgbImage, quad: Quad, type: DocumentType): Promise<RgbImage> {
  return (await rectifyAnnotated(image, quad, type)).canonical;
}

function emit(row: Record<string, unknown>, canonical: RgbImage): void {
  console.log(JSON.stringify({ ...row, ...colourFeatures(canonical) }));
}

for (const dir of values.lab?.split(',') ?? []) {
  const rows = readJsonLines<{ image: string; label: string; attack: string | null; quad: Point[]; document_type: DocumentType }>(join(dir, 'manifest.jsonl'));
  for (const [k, row] of rows.entries()) {
    if (k % step !== 0) continue;
    const sidecar = readSidecar<{ params?: { attack?: { process?: string }; lighting?: { cctK?: number; lightLevel?: number } } }>(join(dir, row.image));
    const grey = /gr[ae]y/i.test(sidecar.params?.attack?.process ?? '');
    const { image } = await decodeImage(readFileSync(join(dir, row.image)), { maxImagePixels: 5e7 });
    emit({ set: 'lab', part: dir.split('/').pop(), image: row.image, cls: row.attack ?? row.label, grey, cct: sidecar.params?.lighting?.cctK, light: sidecar.params?.lighting?.lightLevel }, await canonicalOf(image, row.quad as unknown as Quad, row.document_type));
  }
}

if (values.dlc) {
  const root = join(sharedDataDir(), 'dlc2021-graycopy-dev');
  const rows = readJsonLines<{ image: string; quad: Point[]; document_type: DocumentType }>(join(root, 'manifest.jsonl'));
  for (const [k, row] of rows.entries()) {
    if (k % step !== 0) continue;
    const { image } = await decodeImage(readFileSync(join(root, row.image)), { maxImagePixels: 5e7 });
    const part = DLC_FIT.includes(row.image.split('/')[0] ?? '') ? 'fit' : 'report';
    emit({ set: 'dlc', part, image: row.image, cls: 'PRINTED_COPY', grey: true }, await canonicalOf(image, row.quad as unknown as Quad, row.document_type));
  }
}

if (values.specimens) {
  const root = join(sharedDataDir(), 'specimens');
  for (const f of readdirSync(root).filter((x) => /\.(png|jpe?g)$/i.test(x)).sort()) {
    const { image } = await decodeImage(readFileSync(join(root, f)), { maxImagePixels: 5e7 });
    const h = Math.round((640 * image.height) / image.width);
    const whole: Quad = [[0, 0], [image.width, 0], [image.width, image.height], [0, image.height]];
    emit({ set: 'specimens', part: 'all', image: f, cls: 'specimen', grey: null }, await rectify(image, whole, 640, h));
  }
}

/** Candidate statistics of the white-balanced chromaticities, for choosing the colourless rule (lab/colour-features.ts). */
function colourFeatures(full: RgbImage): Record<string, number> {
  const out: Record<string, number> = {};
  const variants: [string, WhiteBalanceOptions][] = [['', { minLinearLuma: 0.02, radiusFraction: 1 / 8 }], ['dark_', { minLinearLuma: 0.004, radiusFraction: 1 / 8 }], ['wide_', { minLinearLuma: 0.02, radiusFraction: 1 / 3 }], ['darkwide_', { minLinearLuma: 0.004, radiusFraction: 1 / 3 }]];
  for (const [prefix, options] of variants) for (const [k, v] of Object.entries(chromaFeatures(whiteBalancedChroma(full, options)))) out[prefix + k] = v;
  return out;
}

function chromaFeatures(grid: ChromaGrid): Record<string, number> {
  const valid = validChroma(grid);
  const m = valid.r.length;
  if (m === 0) return { blocks: 0 };
  const mr = median(valid.r), mg = median(valid.g);
  const pct = (v: Float32Array, q: number): number => { const s = Float32Array.from(v).sort(); return s[Math.min(s.length - 1, Math.floor(s.length * q))] as number; };
  const d = new Float32Array(m);
  for (let i = 0; i < m; i++) d[i] = Math.hypot((valid.r[i] as number) - mr, (valid.g[i] as number) - mg);
  const out: Record<string, number> = { blocks: m, p50: pct(d, 0.5), p90: pct(d, 0.9), p95: pct(d, 0.95), p98: pct(d, 0.98), p99: pct(d, 0.99) };
  // Coherent colour: mean offset per cell of a 16 x 10 grid (noise averages out, a tint does not).
  for (const [name, margin] of [['cell', 0], ['inner', 0.12]] as const) {
    const cw = 16, ch = 10;
    const x0 = Math.floor(grid.width * margin), x1 = Math.ceil(grid.width * (1 - margin));
    const y0 = Math.floor(grid.height * margin), y1 = Math.ceil(grid.height * (1 - margin));
    const sr = new Float64Array(cw * ch), sg = new Float64Array(cw * ch), cnt = new Float64Array(cw * ch), tot = new Float64Array(cw * ch);
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const c = Math.min(ch - 1, Math.floor(((y - y0) * ch) / (y1 - y0))) * cw + Math.min(cw - 1, Math.floor(((x - x0) * cw) / (x1 - x0)));
        tot[c] = (tot[c] as number) + 1;
        const r = grid.r[y * grid.width + x] as number;
        if (Number.isNaN(r)) continue;
        sr[c] = (sr[c] as number) + r - mr; sg[c] = (sg[c] as number) + (grid.g[y * grid.width + x] as number) - mg; cnt[c] = (cnt[c] as number) + 1;
      }
    }
    const mags: number[] = [];
    for (let c = 0; c < cw * ch; c++) if ((cnt[c] as number) >= 0.5 * (tot[c] as number) && (cnt[c] as number) > 0) mags.push(Math.hypot((sr[c] as number) / (cnt[c] as number), (sg[c] as number) / (cnt[c] as number)));
    mags.sort((a, b) => b - a);
    for (const k of [1, 4, 8, 16, 32]) out[`${name}K${k}`] = mags[k - 1] ?? 0;
  }
  // Hue concentration of the coloured blocks: one hue (a tint of the light, skin) vs several (print colours).
  for (const t of [0.02, 0.04]) {
    let sx = 0, sy = 0, k = 0;
    for (let i = 0; i < m; i++) {
      if ((d[i] as number) <= t) continue;
      sx += ((valid.r[i] as number) - mr) / (d[i] as number); sy += ((valid.g[i] as number) - mg) / (d[i] as number); k++;
    }
    out[`frac${t}`] = k / m;
    out[`hueR${t}`] = k > 0 ? Math.hypot(sx, sy) / k : 1;
  }
  return out;
}
