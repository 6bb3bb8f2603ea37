// Small labelled image sets generated in tests (never real data): bona fide images green, attacks red, with
// some overlap so that the metrics are not trivially perfect, a black image where no document is found, a missing
// file and a file that is not an image.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

export interface GeneratedSet {
  readonly dir: string;
  readonly manifest: string;
  readonly lines: readonly object[];
}

async function solid(path: string, width: number, height: number, r: number, g: number, b: number): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: { r, g, b } } }).jpeg({ quality: 90 }).toFile(path);
}

export async function generateImageSet(dir: string, perClass = 6): Promise<GeneratedSet> {
  await mkdir(join(dir, 'img'), { recursive: true });
  const lines: object[] = [];
  const quad = (w: number, h: number) => [[w * 0.08, h * 0.08], [w * 0.92, h * 0.08], [w * 0.92, h * 0.92], [w * 0.08, h * 0.92]];
  for (let i = 0; i < perClass; i++) {
    // bona fide: green dominates, score (g - r) / 25 from 2.0 down to -0.4 (the last overlaps the attacks)
    const g = 150 - i * 12;
    await solid(join(dir, 'img', `bona-${i}.jpg`), 64, 40, 100, g, 80);
    lines.push({ image: `img/bona-${i}.jpg`, label: 'bona_fide', attack: null, quad: quad(64, 40), document_type: 'ID_CARD' });
    // screen replays: red dominates
    await solid(join(dir, 'img', `sr-${i}.jpg`), 40, 64, 130 + i * 10, 100, 80);
    lines.push({ image: `img/sr-${i}.jpg`, label: 'attack', attack: 'SCREEN_REPLAY', quad: quad(40, 64), document_type: 'ID_CARD' });
  }
  await solid(join(dir, 'img', 'pc-0.jpg'), 64, 40, 90, 120, 90);
  lines.push({ image: 'img/pc-0.jpg', label: 'attack', attack: 'PRINTED_COPY' });
  await solid(join(dir, 'img', 'dark.jpg'), 64, 40, 5, 5, 5);
  lines.push({ image: 'img/dark.jpg', label: 'attack', attack: 'SCREEN_REPLAY', quad: quad(64, 40) });
  await writeFile(join(dir, 'img', 'not-an-image.jpg'), 'hello');
  lines.push({ image: 'img/not-an-image.jpg', label: 'bona_fide', attack: null });
  lines.push({ image: 'img/missing.jpg', label: 'bona_fide', attack: null });
  const manifest = join(dir, 'manifest.jsonl');
  await writeFile(manifest, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return { dir, manifest, lines };
}
