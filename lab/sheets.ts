// Contact sheets for docs/lab.md: a grid of lab images per class (ground-truth quads outlined) and one close-up
// per attack at native resolution showing its trace (moire, halftone rosettes, overlay edge, status bar).
// Usage: node --import tsx lab/sheets.ts [--out docs/lab] [--per-class 8] [--seed sheets] [--parts MODULE]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createCanvas, Image } from '@napi-rs/canvas';
import { Rng } from './rng.js';
import type { LabClass, LabSample, LabQuad } from './types.js';
import { LAB_CLASSES, makeSampleOfClass } from './generate.js';
import { loadLabParts } from './parts.js';
import type { LabParts } from './parts.js';
import { screenReplay } from './attacks/screen-replay.js';
import { printedCopy } from './attacks/printed-copy.js';

const THUMB = 300;

async function main(): Promise<void> {
  const args = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '');
  const out = args.get('out') ?? 'docs/lab';
  const perClass = Number(args.get('per-class') ?? 8);
  const seed = args.get('seed') ?? 'sheets';
  await mkdir(out, { recursive: true });
  // --parts MODULE swaps in another parts module (exporting loadLabParts), e.g. for previews before a merge.
  const partsModule = args.get('parts');
  // Committed sheets must not show images from ../shared/data: no photographic backdrops.
  const parts: LabParts = partsModule
    ? await ((await import(partsModule)) as { loadLabParts: typeof loadLabParts }).loadLabParts('train', { photoBackdrops: false })
    : await loadLabParts('train', { photoBackdrops: false });
  const kept = new Map<LabClass, LabSample[]>();
  for (const cls of LAB_CLASSES) {
    const samples: LabSample[] = [];
    for (let i = 0; i < perClass; i++) samples.push((await makeSampleOfClass(cls, new Rng(`${seed}:${cls}:${i}`), 'train', parts)).sample);
    kept.set(cls, samples);
    await writeFile(join(out, `sheet-${cls.toLowerCase().replace(/_/g, '-')}.png`), await sheet(samples, cls));
    process.stderr.write(`sheet ${cls} done\n`);
  }
  await traces(out, parts, kept, seed);
}

function caption(s: LabSample): string {
  const p = s.params as Record<string, any>;
  const a = p['attack'] as Record<string, any> | undefined;
  const size = `${p['width'] ?? '?'}x${p['height'] ?? '?'}`;
  if (!a) return `${size} ${p['scene']?.table ?? ''}${p['camera']?.handHeld ? ' hand-held' : ''}`;
  if (a['kind'] === 'screen-replay') return `${size} ${a['display']?.name} ${Math.round(a['display']?.ppi)} ppi`;
  if (a['kind'] === 'printed-copy') return `${size} ${a['process']}${a['halftoneLpi'] ? ` ${Math.round(a['halftoneLpi'])} lpi` : ''}`;
  return `${size} ${String(a['kind'] ?? a['subtype'] ?? '')} ${String(a['edit'] ?? a['variant'] ?? '')}`.trim();
}

/** Grid of thumbnails, 4 per row, quads outlined in green (main) and yellow (second document). */
async function sheet(samples: readonly LabSample[], title: string): Promise<Buffer> {
  const cols = 4;
  const rows = Math.ceil(samples.length / cols);
  const cell = THUMB + 8;
  const canvas = createCanvas(cols * cell, rows * (cell + 16) + 24);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#202020';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#ffffff';
  ctx.font = '15px "DejaVu Sans"';
  ctx.fillText(title, 6, 17);
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const meta = await sharp(s.bytes).metadata();
    const w = meta.width ?? 1;
    const h = meta.height ?? 1;
    const k = THUMB / Math.max(w, h);
    const png = await sharp(s.bytes).resize(Math.round(w * k), Math.round(h * k)).png().toBuffer();
    const img = new Image();
    img.src = png;
    const x0 = (i % cols) * cell + 4 + (THUMB - w * k) / 2;
    const y0 = Math.floor(i / cols) * (cell + 16) + 24 + (THUMB - h * k) / 2;
    ctx.drawImage(img, x0, y0);
    ctx.save();
    ctx.beginPath();
    ctx.rect(x0, y0, w * k, h * k);
    ctx.clip();
    s.quads.forEach((q, qi) => outline(ctx, q, x0, y0, k, qi === 0 ? '#36e05a' : '#f0d030'));
    ctx.restore();
    ctx.fillStyle = '#d0d0d0';
    ctx.font = '11px "DejaVu Sans"';
    ctx.fillText(caption(s).slice(0, 48), (i % cols) * cell + 4, Math.floor(i / cols) * (cell + 16) + 24 + THUMB + 12);
  }
  return sharp(canvas.toBuffer('image/png')).png({ palette: true, quality: 85, effort: 8 }).toBuffer();
}

function outline(ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>, q: LabQuad, x0: number, y0: number, k: number, color: string): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  q.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x0 + x * k, y0 + y * k) : ctx.lineTo(x0 + x * k, y0 + y * k)));
  ctx.closePath();
  ctx.stroke();
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.arc(x0 + q[0][0] * k, y0 + q[0][1] * k, 3, 0, Math.PI * 2);
  ctx.fill();
}

/** Native-resolution crop (scaled up `zoom` times, nearest neighbour) around a point. */
async function crop(bytes: Uint8Array, cx: number, cy: number, size: number, zoom: number): Promise<Buffer> {
  const meta = await sharp(bytes).metadata();
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  const left = Math.max(0, Math.min(w - size, Math.round(cx - size / 2)));
  const top = Math.max(0, Math.min(h - size, Math.round(cy - size / 2)));
  return sharp(bytes).extract({ left, top, width: Math.min(size, w), height: Math.min(size, h) }).resize(Math.min(size, w) * zoom, Math.min(size, h) * zoom, { kernel: 'nearest' }).png().toBuffer();
}

function centre(q: LabQuad): [number, number] {
  return [(q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4, (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4];
}

async function traces(out: string, parts: LabParts, kept: Map<LabClass, LabSample[]>, seed: string): Promise<void> {
  const doc = await parts.renderDocument({ rng: new Rng(`${seed}:trace-doc`), split: 'train' });
  // Screen replay: a phone screen filling the frame of a 12 MP shot, centre crop.
  const sr = await screenReplay({ doc, rng: new Rng(`${seed}:trace-sr`), split: 'train', capture: parts.capture }, { displayClass: 'phone', capture: { resolution: [4000, 3000], photoBackdrops: false } });
  const [sx, sy] = centre(sr.quads[0]!);
  await writeFile(join(out, 'trace-screen-replay.png'), await crop(sr.bytes, sx, sy, 240, 2));
  // Printed copy: colour laser, the card filling the width of a 12 MP frame (~47 px/mm): rosettes resolved.
  const pc = await printedCopy({ doc, rng: new Rng(`${seed}:trace-pc`), split: 'train', capture: parts.capture }, { process: 'color-laser', capture: { resolution: [4000, 3000], controlled: { widthFill: 0.9 } } });
  const [px, py] = centre(pc.quads[0]!);
  await writeFile(join(out, 'trace-printed-copy.png'), await crop(pc.bytes, px, py, 200, 2));
  // Portrait substitution: the portrait's edge of the first sample that shows it.
  const ps = (kept.get('PORTRAIT_SUBSTITUTION') ?? []).find((s) => s.portraitQuad !== null);
  if (ps?.portraitQuad) {
    const q = ps.portraitQuad;
    await writeFile(join(out, 'trace-portrait-substitution.png'), await crop(ps.bytes, q[0][0], q[0][1], 160, 2));
  }
  // Digital manipulation: the top of a screenshot (status bar), else the centre of an edit.
  const dm = kept.get('DIGITAL_MANIPULATIONS') ?? [];
  const shot = dm.find((s) => JSON.stringify(s.params).includes('screenshot')) ?? dm[0];
  if (shot) {
    const meta = await sharp(shot.bytes).metadata();
    const w = meta.width ?? 0;
    await writeFile(join(out, 'trace-digital-manipulations.png'), await sharp(shot.bytes).extract({ left: 0, top: 0, width: w, height: Math.min(meta.height ?? 0, Math.round(w * 0.25)) }).resize(Math.min(w, 720)).png().toBuffer());
  }
  process.stderr.write('traces done\n');
}

await main();
