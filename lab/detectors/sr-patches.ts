// Caches native-resolution document patches for vulture-sr's patch CNN (lab/detectors/sr-cnn.ts): for every bona
// fide, SCREEN_REPLAY and PRINTED_COPY row of the manifests, up to --count raw windows (src/pipelines/vulture-sr/
// patches.ts) inside the annotated quad (no front-end needed), or, for a screen showing a picture (no quad), inside
// the frame's centre. Random positions, seeded by the image's file name, so a rerun gives the same patches.
//   node --import tsx lab/detectors/sr-patches.ts --out /tmp/srcnn/train [--count 12] MANIFEST_OR_DIR [...]
// Writes OUT.bin (uint8 windows, RAW_PATCH_SIZE^2 x 3 each, back to back) and OUT.json (one entry per image: path,
// class, subtype, first window, window count). Image data stays under /tmp, never in the repository.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { Quad } from '../../src/domain/types.js';
import { readManifest } from '../../src/eval/manifest.js';
import type { RgbImage } from '../../src/image/types.js';
import { patchOrigins, RAW_PATCH_SIZE, rawWindow } from '../../src/pipelines/vulture-sr/patches.js';
import { Rng } from '../rng.js';
import { manifestPath, sidecarSubtype } from './dataset.js';

export interface PatchImage {
  readonly path: string;
  /** bona_fide, SCREEN_REPLAY or PRINTED_COPY. */
  readonly kind: string;
  readonly subtype: string | null;
  readonly first: number;
  readonly count: number;
}

export interface PatchSetIndex {
  readonly windowSide: number;
  readonly images: readonly PatchImage[];
}

const KINDS = new Set(['bona_fide', 'SCREEN_REPLAY', 'PRINTED_COPY']);

async function decode(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function centreQuad(width: number, height: number): Quad {
  const mx = width * 0.12;
  const my = height * 0.12;
  return [[mx, my], [width - mx, my], [width - mx, height - my], [mx, height - my]];
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, count: { type: 'string', default: '12' } }, allowPositionals: true });
  if (values.out === undefined || positionals.length === 0) throw new Error('usage: sr-patches.ts --out PREFIX [--count N] MANIFEST_OR_DIR [...]');
  const count = Number(values.count);
  const windowBytes = RAW_PATCH_SIZE * RAW_PATCH_SIZE * 3;
  const chunks: Uint8Array[] = [];
  const images: PatchImage[] = [];
  let total = 0;
  for (const m of positionals) {
    const entries = await readManifest(await manifestPath(m));
    for (const entry of entries) {
      const kind = entry.label === 'bona_fide' ? 'bona_fide' : (entry.attack ?? '');
      if (!KINDS.has(kind)) continue;
      const image = await decode(entry.path);
      const rng = new Rng(`sr-patches:${entry.path}`);
      const quad = entry.quad ?? centreQuad(image.width, image.height);
      const origins = patchOrigins(image.width, image.height, quad, count, () => rng.next());
      const buffer = new Uint8Array(origins.length * windowBytes);
      origins.forEach((o, i) => rawWindow(image, o, buffer, i * windowBytes));
      chunks.push(buffer);
      images.push({ path: entry.path, kind, subtype: await sidecarSubtype(entry.path), first: total, count: origins.length });
      total += origins.length;
    }
    process.stderr.write(`${m}: ${images.length} images, ${total} windows\n`);
  }
  await mkdir(dirname(values.out), { recursive: true });
  const all = new Uint8Array(total * windowBytes);
  let offset = 0;
  for (const c of chunks) (all.set(c, offset), (offset += c.length));
  await writeFile(`${values.out}.bin`, all);
  const index: PatchSetIndex = { windowSide: RAW_PATCH_SIZE, images };
  await writeFile(`${values.out}.json`, JSON.stringify(index));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

/** Reads a cached patch set. */
export async function readPatchSet(prefix: string): Promise<{ index: PatchSetIndex; windows: Uint8Array }> {
  const index = JSON.parse(await readFile(`${prefix}.json`, 'utf8')) as PatchSetIndex;
  if (index.windowSide !== RAW_PATCH_SIZE) throw new Error(`${prefix} holds ${index.windowSide}-px windows; this build uses ${RAW_PATCH_SIZE}: rerun sr-patches.ts`);
  return { index, windows: new Uint8Array(await readFile(`${prefix}.bin`)) };
}
