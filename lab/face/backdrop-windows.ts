// Negative windows from what surrounds the document in lab photos (the room, the desk, hands, the lab's backdrop
// scenes): the product also runs the face detector on hypotheses that are not documents (a watch dial, a picture
// frame), and a face score there verifies a false document (src/analysis/frontend.ts findDocuments). Squares of
// 25-60 % of the frame's short side that overlap the document's bounding box by at most 10 %, as luma at WINDOW_SIDE
// px, in the format of lab/face/portrait-windows.ts (face null), to add to the fine-tuning's training windows.
// Usage: node --import tsx lab/face/backdrop-windows.ts --manifest PATH[,PATH] --out FILE.bin [--per-image 2] [--seed backdrops]
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { Point } from '../../src/domain/types.js';
import { decodeImage } from '../../src/image/decode.js';
import { crop } from '../../src/portrait/windows.js';
import { manifestImagePath, readJsonLines, readSidecar } from '../manifest-files.js';
import { Rng } from '../rng.js';
import { WINDOW_SIDE, type WindowEntry } from './portrait-windows.js';

export interface BoundingBox { x0: number; y0: number; x1: number; y1: number }
export interface BackdropRect { x: number; y: number; width: number; height: number }

/** Overlap of a rectangle with a box, as a fraction of the rectangle's area. */
function overlap(r: BackdropRect, b: BoundingBox): number {
  const w = Math.max(0, Math.min(r.x + r.width, b.x1) - Math.max(r.x, b.x0)), h = Math.max(0, Math.min(r.y + r.height, b.y1) - Math.max(r.y, b.y0));
  return (w * h) / (r.width * r.height);
}

/** The bounding box of a document quad. */
export function quadBox(quad: readonly Point[]): BoundingBox {
  const xs = quad.map((p) => p[0]), ys = quad.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/**
 * Up to `count` rectangles of the frame away from the document: height 25-60 % of the frame's short side, width
 * `aspect` x that (squares for the training windows, card-shaped for lab/face/backdrop-check.ts), overlapping the
 * document's box by at most 10 %; 30 draws at most. With aspect 1 the draws are those of the first version of this
 * script, so its windows files can be rebuilt.
 */
export function backdropRects(rng: Rng, width: number, height: number, box: BoundingBox, count: number, aspect = 1): BackdropRect[] {
  const out: BackdropRect[] = [];
  const short = Math.min(width, height);
  for (let tries = 0; out.length < count && tries < 30; tries++) {
    const s = Math.round(short * (0.25 + 0.35 * rng.next()));
    const w = Math.min(width, Math.round(s * aspect));
    const r = { x: Math.floor(rng.next() * (width - w)), y: Math.floor(rng.next() * (height - s)), width: w, height: s };
    if (overlap(r, box) <= 0.1) out.push(r);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { manifest: { type: 'string' }, out: { type: 'string' }, 'per-image': { type: 'string', default: '2' }, seed: { type: 'string', default: 'backdrops' } } });
  if (values.manifest === undefined || values.out === undefined) throw new Error('--manifest PATH[,PATH] and --out FILE.bin are required');
  const perImage = Number(values['per-image']);
  const rng = new Rng(values.seed);
  const entries: WindowEntry[] = [];
  const pixels: Uint8Array[] = [];
  for (const manifest of values.manifest.split(',')) {
    for (const row of readJsonLines<{ image: string; quad: Point[] }>(manifest)) {
      const path = manifestImagePath(manifest, row.image);
      const sidecar = readSidecar<{ family: string }>(path);
      const { image } = await decodeImage(readFileSync(path), { maxImagePixels: 5e7 });
      const id = `${basename(dirname(path))}/${basename(path)}`;
      for (const [k, { x, y, height: s }] of backdropRects(rng, image.width, image.height, quadBox(row.quad), perImage).entries()) {
        const win = crop(image, x, y, s, s);
        const { data } = await sharp(Buffer.from(win.data), { raw: { width: s, height: s, channels: 3 } })
          .resize(WINDOW_SIDE, WINDOW_SIDE, { kernel: 'linear' }).greyscale().raw().toBuffer({ resolveWithObject: true });
        pixels.push(new Uint8Array(data));
        entries.push({ id: `${id}#backdrop${k}`, family: sidecar.family, side: 'left', turned: false, face: null, label: null });
      }
    }
  }
  const all = new Uint8Array(pixels.length * WINDOW_SIDE * WINDOW_SIDE);
  pixels.forEach((p, i) => all.set(p, i * WINDOW_SIDE * WINDOW_SIDE));
  writeFileSync(values.out, all);
  writeFileSync(values.out.replace(/\.bin$/, '') + '.json', JSON.stringify({ side: WINDOW_SIDE, windows: entries }));
  console.log(`${entries.length} backdrop windows`);
}
