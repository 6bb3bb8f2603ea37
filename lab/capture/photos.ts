// Photographic backdrops for hand-held shots: ordinary room photos from ../shared/data, read at run time (never
// copied into the repository), seen far behind the document and therefore defocused.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { sharedDataDir } from '../shared-data.js';
import type { Rng } from '../rng.js';
import { SRGB_TO_LINEAR } from './color.js';

function sharedRoot(): string | null {
  try {
    return sharedDataDir();
  } catch {
    return null; // no shared data here: hand-held shots keep the table behind them
  }
}

let cached: string[] | null = null;

/** Scene photos without documents or screens: screen-recapture-dev/real and faces/background.jpg. */
export function backdropFiles(): string[] {
  if (cached) return cached;
  const root = sharedRoot();
  const files: string[] = [];
  if (root) {
    const real = join(root, 'screen-recapture-dev', 'real');
    if (existsSync(real)) for (const f of readdirSync(real).sort()) if (/\.(jpe?g|png)$/i.test(f)) files.push(join(real, f));
    const bg = join(root, 'faces', 'background.jpg');
    if (existsSync(bg)) files.push(bg);
  }
  cached = files;
  return files;
}

export interface Backdrop {
  readonly data: Float32Array;
  readonly file: string;
}

/** A random crop of a random photo covering the frame, as linear RGB (display-referred values, relative scale). */
export async function loadBackdrop(rng: Rng, width: number, height: number): Promise<Backdrop | null> {
  const files = backdropFiles();
  if (files.length === 0) return null;
  const file = rng.pick(files);
  const meta = await sharp(file).rotate().metadata();
  const sw = (meta.autoOrient?.width ?? meta.width) || 1;
  const sh = (meta.autoOrient?.height ?? meta.height) || 1;
  // Crop 50-100 % of the photo with the frame's aspect ratio.
  const aspect = width / height;
  const maxW = Math.min(sw, sh * aspect);
  const cw = Math.max(16, Math.round(maxW * rng.uniform(0.5, 1)));
  const ch = Math.max(16, Math.round(cw / aspect));
  const left = rng.int(0, Math.max(0, sw - cw));
  const top = rng.int(0, Math.max(0, sh - ch));
  let img = sharp(file).rotate().extract({ left, top, width: Math.min(cw, sw - left), height: Math.min(ch, sh - top) }).resize(width, height, { fit: 'fill' });
  if (rng.bool()) img = img.flop();
  const raw = await img.removeAlpha().raw().toBuffer();
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = SRGB_TO_LINEAR[raw[i]!]!;
  return { data, file: file.slice(file.lastIndexOf('/data/') + 1) };
}
