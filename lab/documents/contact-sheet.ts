// Renders one document of every procedural family (and optionally the specimens) onto a contact sheet PNG, to look
// at the designs: node --import tsx lab/documents/contact-sheet.ts OUT.png [--specimens] [--boxes] [--palette] [--width PX]
// [--seed S]. --boxes outlines the portrait (red), ghost (blue), overlay areas (light blue) and text fields (green).
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { Rng } from '../rng.js';
import { splitOfFamily } from '../split.js';
import { renderDocument } from './index.js';
import { PROCEDURAL_FAMILIES } from './family-ids.js';
import { listSpecimenFamilies } from './specimen-files.js';
import type { DocumentRender } from '../types.js';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--') && a.endsWith('.png'));
if (!out) {
  console.error('usage: contact-sheet.ts OUT.png [--specimens] [--boxes] [--palette] [--width PX] [--seed S]');
  process.exit(2);
}
const opt = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const tileW = opt('--width', 400);
const seed = opt('--seed', 1);
const families = [...PROCEDURAL_FAMILIES.map((f) => f.id), ...(args.includes('--specimens') ? listSpecimenFamilies().map((s) => s.family) : [])];
const docs: DocumentRender[] = [];
for (const family of families) {
  const doc = await renderDocument({ rng: new Rng(`${seed}:${family}`), split: splitOfFamily(family), family });
  docs.push(args.includes('--boxes') ? withBoxes(doc) : doc);
}

/** Copy of the document with its portrait (red), ghost (blue), overlay (light blue) and field (green) boxes outlined. */
function withBoxes(d: DocumentRender): DocumentRender {
  const data = new Uint8ClampedArray(d.image.data);
  const outline = (b: { x: number; y: number; width: number; height: number }, rgb: readonly [number, number, number]): void => {
    const t = Math.max(2, Math.round(d.image.width / 300));
    for (let y = b.y; y < b.y + b.height; y++) {
      for (let x = b.x; x < b.x + b.width; x++) {
        const edge = x < b.x + t || x >= b.x + b.width - t || y < b.y + t || y >= b.y + b.height - t;
        if (!edge || x < 0 || y < 0 || x >= d.image.width || y >= d.image.height) continue;
        const i = (y * d.image.width + x) * 4;
        data[i] = rgb[0];
        data[i + 1] = rgb[1];
        data[i + 2] = rgb[2];
        data[i + 3] = 255;
      }
    }
  };
  if (d.portraitBox) outline(d.portraitBox, [255, 0, 0]);
  if (d.ghostPortraitBox) outline(d.ghostPortraitBox, [0, 0, 255]);
  for (const h of d.hologramBoxes) outline(h, [0, 160, 255]);
  for (const f of Object.values(d.fields)) outline(f.box, [0, 170, 0]);
  return { ...d, image: { ...d.image, data } };
}
const cols = 4;
const tileH = Math.round(tileW * 0.74);
const pad = 10;
const tiles = await Promise.all(
  docs.map(async (d) => ({
    input: await sharp(Buffer.from(d.image.data.buffer, d.image.data.byteOffset, d.image.data.length), { raw: { width: d.image.width, height: d.image.height, channels: 4 } })
      .resize(tileW, tileH, { fit: 'contain', background: { r: 90, g: 90, b: 90, alpha: 1 } })
      .png()
      .toBuffer(),
  })),
);
const rows = Math.ceil(docs.length / cols);
const sheet = await sharp({ create: { width: cols * (tileW + pad) + pad, height: rows * (tileH + pad) + pad, channels: 3, background: { r: 90, g: 90, b: 90 } } })
  .composite(tiles.map((t, i) => ({ input: t.input, left: pad + (i % cols) * (tileW + pad), top: pad + Math.floor(i / cols) * (tileH + pad) })))
  .png(args.includes('--palette') ? { compressionLevel: 9, palette: true, colours: 256, effort: 10, dither: 0.8 } : { compressionLevel: 9 })
  .toBuffer();
writeFileSync(out, sheet);
console.log(`${docs.length} documents -> ${out} (${sheet.length} bytes)`);
