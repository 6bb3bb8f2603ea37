// Builds the learned localiser's training tensors once from lab chunks (manifest + sidecars): each image (and, for
// training chunks, random crops of it that cut documents at the frame) letterboxed to the net's input exactly as the
// product does (src/localisation/learned-input.ts), with a coverage mask of every document at the output stride.
// Files: <out>/<name>.bin (images side*side*3 bytes each, then masks maskSide^2 bytes each) and <name>.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Point } from '../../src/domain/types.js';
import { decodeImage } from '../../src/image/decode.js';
import type { RgbImage } from '../../src/image/types.js';
import { letterbox, toInput } from '../../src/localisation/learned-input.js';
import { readJsonLines, readSidecar } from '../manifest-files.js';
import { Rng } from '../rng.js';
import { hasAllowedBackdrop, type BackdropParams } from './leak-free.js';
import { coverageMask } from './targets.js';

export interface LocaliserSet {
  readonly count: number;
  readonly side: number;
  readonly maskSide: number;
  readonly images: Uint8Array;
  readonly masks: Uint8Array;
  /** Images left out by the leak-free rule (lab/localiser/leak-free.ts). */
  readonly leftOut?: number;
}

interface Sidecar extends BackdropParams { quads?: [number, number][][]; quad: [number, number][] }

function crop(image: RgbImage, x0: number, y0: number, w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) data.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + w) * 3), y * w * 3);
  return { width: w, height: h, data };
}

async function sample(image: RgbImage, quads: readonly (readonly Point[])[], side: number, stride: number): Promise<{ pixels: Uint8Array; mask: Uint8Array }> {
  const box = await letterbox(image, side);
  const inInput = quads.map((q) => q.map((p) => toInput(box, p)));
  return { pixels: box.pixels, mask: coverageMask(inInput, side / stride, stride) };
}

/** Reads the chunks (folders with manifest.jsonl) and writes <out>/<name>.bin/.json; returns the set. */
export async function buildSet(chunks: readonly string[], options: { out: string; name: string; side: number; stride: number; cropsPerImage: number; seed: string; leakFree: boolean }): Promise<LocaliserSet> {
  const { side, stride } = options;
  const maskSide = side / stride;
  const images: Uint8Array[] = [];
  const masks: Uint8Array[] = [];
  const rng = new Rng(options.seed);
  let leftOut = 0;
  for (const chunk of chunks) {
    const rows = readJsonLines<{ image: string }>(join(chunk, 'manifest.jsonl'));
    for (const row of rows) {
      const path = join(chunk, row.image);
      const sidecar = readSidecar<Sidecar>(path);
      if (options.leakFree && !hasAllowedBackdrop(sidecar)) { leftOut++; continue; }
      const quads = (sidecar.quads ?? [sidecar.quad]).map((q) => q.map(([x, y]) => [x, y] as Point));
      const decoded = await decodeImage(readFileSync(path), { maxImagePixels: 60_000_000 });
      const full = decoded.image;
      const whole = await sample(full, quads, side, stride);
      images.push(whole.pixels); masks.push(whole.mask);
      for (let k = 0; k < options.cropsPerImage; k++) {
        // A window of 40-95 % of each side: cuts documents at the frame, makes small documents large.
        const w = Math.round(full.width * rng.uniform(0.4, 0.95)), h = Math.round(full.height * rng.uniform(0.4, 0.95));
        const x0 = rng.int(0, full.width - w), y0 = rng.int(0, full.height - h);
        const shifted = quads.map((q) => q.map(([x, y]) => [x - x0, y - y0] as Point));
        const c = await sample(crop(full, x0, y0, w, h), shifted, side, stride);
        images.push(c.pixels); masks.push(c.mask);
      }
    }
    process.stderr.write(`${options.name}: ${chunk} done, ${images.length} samples, ${leftOut} images left out so far (backdrop not allowed)\n`);
  }
  const set: LocaliserSet = { count: images.length, side, maskSide, images: concat(images), masks: concat(masks), leftOut };
  writeFileSync(join(options.out, `${options.name}.bin`), Buffer.concat([set.images, set.masks]));
  writeFileSync(join(options.out, `${options.name}.json`), JSON.stringify({ count: set.count, side, maskSide, chunks, leakFree: options.leakFree, leftOut }));
  return set;
}

export function loadSet(dir: string, name: string): LocaliserSet | null {
  const header = join(dir, `${name}.json`);
  if (!existsSync(header)) return null;
  const { count, side, maskSide } = JSON.parse(readFileSync(header, 'utf8')) as { count: number; side: number; maskSide: number };
  const bytes = new Uint8Array(readFileSync(join(dir, `${name}.bin`)));
  const imageBytes = count * side * side * 3;
  return { count, side, maskSide, images: bytes.subarray(0, imageBytes), masks: bytes.subarray(imageBytes, imageBytes + count * maskSide * maskSide) };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
