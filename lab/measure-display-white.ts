// Which way does a screen's white point come out against the room it is photographed in? For every bona fide image
// and screen replay of the given manifests: the white-patch chromaticity (brightest unclipped 2 %, src/features
// whitePoint) of the subject against the grey-world chromaticity of the frame's border ring, in McCamy CCT and in
// x. The subject is the document quad when the manifest has one (lab), else the frame's centre inset by 12 % per
// side, as vulture-sr's whole-image mode does (real screen photos); the ring is the outer 12 % of the frame.
// Evaluation only, no model is fitted.
// Usage: node --import tsx lab/measure-display-white.ts MANIFEST[,MANIFEST...] [--whole-image]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeImage } from '../src/image/decode.js';
import { whitePoint } from '../src/features/colour.js';
import type { RgbPlanes } from '../src/features/planes.js';
import { manifestImagePath, readJsonLines, readSidecar } from './manifest-files.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'whole-image': { type: 'boolean', default: false } } });
if (positionals.length === 0) throw new Error('give at least one manifest.jsonl (comma-separated or several arguments)');

interface Row { image: string; label: string; attack: string | null; quad?: [number, number][] }
interface Measure { subjectX: number; subjectCct: number; ringX: number; ringCct: number; clipped: number; displayK: number | null; roomK: number | null }

const INSET = 0.12;
const STEP = 2;

function inside(quad: readonly [number, number][], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = quad.length - 1; i < quad.length; j = i++) {
    const [xi, yi] = quad[i]!;
    const [xj, yj] = quad[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Pixels selected by `keep` as a one-row RgbPlanes (whitePoint only needs the pixel population). */
function gather(data: Uint8Array, w: number, h: number, keep: (x: number, y: number) => boolean): { planes: RgbPlanes; clipped: number } {
  const r: number[] = [];
  const g: number[] = [];
  const b: number[] = [];
  let clipped = 0;
  for (let y = 0; y < h; y += STEP) {
    for (let x = 0; x < w; x += STEP) {
      if (!keep(x, y)) continue;
      const o = (y * w + x) * 3;
      r.push(data[o]!);
      g.push(data[o + 1]!);
      b.push(data[o + 2]!);
      if (data[o]! >= 250 || data[o + 1]! >= 250 || data[o + 2]! >= 250) clipped++;
    }
  }
  const n = Math.max(1, r.length);
  return { planes: { width: r.length, height: 1, r: Float32Array.from(r), g: Float32Array.from(g), b: Float32Array.from(b) }, clipped: clipped / n };
}

async function measure(path: string, row: Row): Promise<Measure> {
  const { image } = await decodeImage(readFileSync(path), { maxImagePixels: 5e7 });
  const { width: w, height: h, data } = image;
  const quad = !values['whole-image'] && row.quad ? shrink(row.quad, 0.9) : null;
  const ix = w * INSET;
  const iy = h * INSET;
  const inCentre = (x: number, y: number) => x >= ix && x < w - ix && y >= iy && y < h - iy;
  const subject = gather(data as Uint8Array, w, h, quad ? (x, y) => inside(quad, x, y) : inCentre);
  const ring = gather(data as Uint8Array, w, h, (x, y) => !inCentre(x, y) && !(quad && inside(quad, x, y)));
  const s = whitePoint(subject.planes, 0.02, 1).brightest;
  const rg = whitePoint(ring.planes, 0.02, 1).greyWorld;
  const side = sidecar(path);
  return { subjectX: s.x, subjectCct: s.cct, ringX: rg.x, ringCct: rg.cct, clipped: subject.clipped, displayK: side.displayK, roomK: side.roomK };
}

function shrink(quad: readonly [number, number][], f: number): [number, number][] {
  const cx = quad.reduce((a, p) => a + p[0], 0) / quad.length;
  const cy = quad.reduce((a, p) => a + p[1], 0) / quad.length;
  return quad.map(([x, y]) => [cx + (x - cx) * f, cy + (y - cy) * f]);
}

function sidecar(imagePath: string): { displayK: number | null; roomK: number | null } {
  try {
    const p = readSidecar<{ params?: { lighting?: { cctK?: number }; attack?: { display?: { whitePointK?: number } } } }>(imagePath);
    return { displayK: p.params?.attack?.display?.whitePointK ?? null, roomK: p.params?.lighting?.cctK ?? null };
  } catch {
    return { displayK: null, roomK: null };
  }
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const groups = new Map<string, Measure[]>();
for (const manifest of positionals.flatMap((p) => p.split(',')).filter((s) => s.length > 0)) {
  for (const row of readJsonLines<Row>(manifest)) {
    if (row.label !== 'bona_fide' && row.attack !== 'SCREEN_REPLAY') continue;
    const path = manifestImagePath(manifest, row.image);
    const key = row.label === 'bona_fide' ? 'bona_fide' : 'SCREEN_REPLAY';
    const list = groups.get(key) ?? [];
    list.push(await measure(path, row));
    groups.set(key, list);
  }
}
process.stdout.write('| class | n | subject white CCT | ring grey-world CCT | subject x - ring x | share bluer than ring | subject clipped share | display K | room K |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n');
for (const [key, list] of [...groups.entries()].sort()) {
  const dx = list.map((m) => m.subjectX - m.ringX);
  const fmtK = (v: (number | null)[]) => {
    const f = v.filter((x): x is number => x !== null);
    return f.length ? Math.round(median(f)).toString() : '-';
  };
  process.stdout.write(`| ${key} | ${list.length} | ${Math.round(median(list.map((m) => m.subjectCct)))} | ${Math.round(median(list.map((m) => m.ringCct)))} | ${median(dx).toFixed(4)} | ${((100 * dx.filter((d) => d < 0).length) / list.length).toFixed(0)} % | ${(100 * median(list.map((m) => m.clipped))).toFixed(1)} % | ${fmtK(list.map((m) => m.displayK))} | ${fmtK(list.map((m) => m.roomK))} |\n`);
}
