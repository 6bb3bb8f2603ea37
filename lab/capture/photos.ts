// Photographic backdrops for hand-held shots: ordinary room photos from ../shared/data, read at run time (never
// copied into the repository), seen far behind the document and therefore defocused.
import { existsSync, readFileSync } from 'node:fs';
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

/**
 * Scene photos without documents or screens: the bona fide scenes of screen-recapture-dev's TUNING part only
 * (manifest lines 0, 3, 6, ...; the same split the model cards use) and faces/background.jpg. The scenes of its
 * reporting part are the real set that vulture-sr and the front-end's "no document in a generic scene" figure are
 * reported on, so they must never appear in lab images.
 */
export function backdropFiles(): string[] {
  if (cached) return cached;
  const root = sharedRoot();
  const files: string[] = [];
  if (root) {
    files.push(...tuningPartScenes(join(root, 'screen-recapture-dev')));
    const bg = join(root, 'faces', 'background.jpg');
    if (existsSync(bg)) files.push(bg);
  }
  cached = files;
  return files;
}

/** Bona fide images of the manifest lines whose index is a multiple of 3 (the documented tuning part). */
function tuningPartScenes(setDir: string): string[] {
  const manifest = join(setDir, 'manifest.jsonl');
  if (!existsSync(manifest)) return [];
  const lines = readFileSync(manifest, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const files: string[] = [];
  lines.forEach((line, index) => {
    if (index % 3 !== 0) return;
    const entry = JSON.parse(line) as { image?: unknown; label?: unknown };
    if (entry.label === 'bona_fide' && typeof entry.image === 'string') files.push(join(setDir, entry.image));
  });
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
