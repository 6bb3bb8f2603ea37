// Contact sheet and trace close-ups of the portrait-substitution and digital-manipulation attacks, for docs/lab.md.
// Run: node --import tsx scripts/lab-tamper-sheet.ts [outDir=docs/lab]
// Writes tamper-sheet.png and tamper-trace-*.png (each kept under 300 KB: palette PNG, shrunk if needed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { Rng } from '../lab/rng.js';
import type { AttackContext, CaptureFn, DocumentRender, LabQuad, LabSample } from '../lab/types.js';
import { makeDigitalManipulation } from '../lab/attacks/digital-manipulation.js';
import type { DigitalManipulationKind } from '../lab/attacks/digital-manipulation.js';
import { makePortraitSubstitution } from '../lab/attacks/portrait-substitution.js';
import type { FaceSource } from '../lab/attacks/face-source.js';
import { uiFont } from '../lab/attacks/fonts.js';
import { quadBounds } from '../lab/attacks/homography.js';
import type { Rgb8 } from '../lab/attacks/raster.js';
import { createRgb, cropRgb, decodeRgb, dropAlpha, resizeRgb } from '../lab/attacks/raster.js';
import { captureDocument } from '../lab/capture/index.js';
import { renderDocument } from '../lab/documents/index.js';
import { listFaces, loadFace, loadIdPhoto } from '../lab/faces.js';

const outDir = process.argv[2] ?? 'docs/lab';
const MAX_BYTES = 300 * 1024;

interface Pieces {
  readonly document: (rng: Rng) => Promise<DocumentRender>;
  readonly capture: CaptureFn;
  readonly faces: FaceSource;
}

const pieces: Pieces = {
  document: (rng) => renderDocument({ rng, split: 'train', documentType: rng.bool(0.7) ? 'ID_CARD' : 'PASSPORT' }),
  capture: captureDocument,
  faces: { list: listFaces, load: loadFace, loadIdPhoto },
};

async function savePng(name: string, image: Rgb8): Promise<void> {
  let img = image;
  for (let attempt = 0; attempt < 6; attempt++) {
    const bytes = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
      .png({ palette: true, colours: 256, dither: 0.6, compressionLevel: 9, effort: 8 })
      .toBuffer();
    if (bytes.length <= MAX_BYTES) {
      writeFileSync(join(outDir, name), bytes);
      console.log(`${name}: ${img.width}x${img.height}, ${(bytes.length / 1024).toFixed(0)} KB`);
      return;
    }
    img = await resizeRgb(img, Math.round(img.width * 0.85), Math.round(img.height * 0.85));
  }
  throw new Error(`${name} stays above ${MAX_BYTES} bytes`);
}

/** Tiles images in a grid with a caption under each. */
function grid(tiles: { image: Rgb8; caption: string }[], columns: number, tileW: number, tileH: number): Rgb8 {
  const capH = 26;
  const rows = Math.ceil(tiles.length / columns);
  const W = columns * tileW + (columns + 1) * 6;
  const H = rows * (tileH + capH) + (rows + 1) * 6;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#202020';
  ctx.fillRect(0, 0, W, H);
  tiles.forEach((t, i) => {
    const x = 6 + (i % columns) * (tileW + 6);
    const y = 6 + Math.floor(i / columns) * (tileH + capH + 6);
    const rgba = ctx.createImageData(t.image.width, t.image.height);
    for (let p = 0; p < t.image.width * t.image.height; p++) {
      rgba.data[p * 4] = t.image.data[p * 3]!;
      rgba.data[p * 4 + 1] = t.image.data[p * 3 + 1]!;
      rgba.data[p * 4 + 2] = t.image.data[p * 3 + 2]!;
      rgba.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(rgba, x + Math.floor((tileW - t.image.width) / 2), y + Math.floor((tileH - t.image.height) / 2));
    ctx.fillStyle = '#f0f0f0';
    ctx.font = `15px ${uiFont('inter', 500)}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(t.caption, x + 4, y + tileH + capH / 2);
  });
  return dropAlpha({ width: W, height: H, data: ctx.getImageData(0, 0, W, H).data });
}

async function fit(image: Rgb8, w: number, h: number): Promise<Rgb8> {
  const f = Math.min(w / image.width, h / image.height);
  return resizeRgb(image, Math.max(1, Math.round(image.width * f)), Math.max(1, Math.round(image.height * f)));
}

/** Nearest-neighbour enlargement, so pixels (halftone dots, JPEG blocks, UI edges) stay visible. */
function enlarge(image: Rgb8, k: number): Rgb8 {
  const out = createRgb(image.width * k, image.height * k);
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const s = (Math.floor(y / k) * image.width + Math.floor(x / k)) * 3;
      out.data.set(image.data.subarray(s, s + 3), (y * out.width + x) * 3);
    }
  }
  return out;
}

/** Luminance high-pass (3x3 Laplacian) amplified around mid-grey: shows noise and JPEG blocks. */
function residual(image: Rgb8, gain: number): Rgb8 {
  const out = createRgb(image.width, image.height);
  const Y = (x: number, y: number): number => {
    const i = (Math.min(image.height - 1, Math.max(0, y)) * image.width + Math.min(image.width - 1, Math.max(0, x))) * 3;
    return 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
  };
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = 4 * Y(x, y) - Y(x - 1, y) - Y(x + 1, y) - Y(x, y - 1) - Y(x, y + 1);
      const g = Math.max(0, Math.min(255, Math.round(128 + gain * v)));
      out.data.fill(g, (y * image.width + x) * 3, (y * image.width + x) * 3 + 3);
    }
  }
  return out;
}

function side(a: Rgb8, b: Rgb8, gap = 8): Rgb8 {
  const h = Math.max(a.height, b.height);
  const out = createRgb(a.width + gap + b.width, h);
  out.data.fill(32);
  for (let y = 0; y < a.height; y++) out.data.set(a.data.subarray(y * a.width * 3, (y + 1) * a.width * 3), y * out.width * 3);
  for (let y = 0; y < b.height; y++) out.data.set(b.data.subarray(y * b.width * 3, (y + 1) * b.width * 3), (y * out.width + a.width + gap) * 3);
  return out;
}

function cropAround(image: Rgb8, cx: number, cy: number, w: number, h: number): Rgb8 {
  const x = Math.max(0, Math.min(image.width - w, Math.round(cx - w / 2)));
  const y = Math.max(0, Math.min(image.height - h, Math.round(cy - h / 2)));
  return cropRgb(image, x, y, Math.min(w, image.width), Math.min(h, image.height));
}

function recording(capture: CaptureFn): { capture: CaptureFn; last: () => LabSample } {
  let last: LabSample | null = null;
  return {
    capture: async (d, r) => {
      last = await capture(d, r);
      return last;
    },
    last: () => {
      if (!last) throw new Error('no capture yet');
      return last;
    },
  };
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const tiles: { image: Rgb8; caption: string }[] = [];
  const tileW = 400;
  const tileH = 300;
  const ctxFor = async (seed: number, capture: CaptureFn = pieces.capture): Promise<AttackContext> => {
    const rng = new Rng(seed);
    return { doc: await pieces.document(rng.fork('document')), rng: rng.fork('attack'), split: 'train', capture };
  };
  const crops: Record<string, Rgb8> = {};

  // Physical overlays: a whole capture tile and a close-up of the sheet's shadowed edge.
  for (const seed of [3, 8]) {
    const ctx = await ctxFor(seed);
    const s = await makePortraitSubstitution(pieces.faces, { kind: 'physical' })(ctx);
    const img = await decodeRgb(s.bytes);
    const ap = s.params['attackParams'] as { overlay: { liftedCorner: number | null; print: { process: string; lpi: number | null } } };
    tiles.push({ image: await fit(img, tileW, tileH), caption: `portrait: printed photo stuck on (${ap.overlay.print.process}${ap.overlay.liftedCorner !== null ? ', lifted corner' : ''})` });
    if (!crops['overlay'] && s.portraitQuad) {
      const b = quadBounds(s.portraitQuad);
      crops['overlay'] = enlarge(cropAround(img, b.x0, (b.y0 + b.y1) / 2, 150, 150), 3);
    }
  }
  // Digital swap: tile, and a crop with its noise residual (the pasted face is smoother than the card).
  for (const seed of [5, 11]) {
    const ctx = await ctxFor(seed);
    const s = await makePortraitSubstitution(pieces.faces, { kind: 'digital' })(ctx);
    const img = await decodeRgb(s.bytes);
    tiles.push({ image: await fit(img, tileW, tileH), caption: 'portrait: face swapped in an editor' });
    if (!crops['swap'] && s.portraitQuad) {
      const b = quadBounds(s.portraitQuad);
      const c = cropAround(img, b.x1, (b.y0 + b.y1) / 2, 260, 260);
      crops['swap'] = side(c, residual(c, 6));
    }
  }
  const kinds: [DigitalManipulationKind, number, string][] = [
    ['screenshot', 2, 'screenshot'],
    ['screenshot', 4, 'screenshot'],
    ['screenshot', 9, 'screenshot'],
    ['retype', 4, 'edit: retyped field'],
    ['splice', 6, 'edit: spliced field'],
    ['copy_move', 3, 'edit: copy-move'],
    ['resave', 2, 'edit: cropped, re-saved'],
  ];
  for (const [kind, seed, caption] of kinds) {
    const rec = recording(pieces.capture);
    const ctx = await ctxFor(seed, rec.capture);
    const s = await makeDigitalManipulation({ kind })(ctx);
    const img = await decodeRgb(s.bytes);
    const ap = s.params['attackParams'] as Record<string, unknown>;
    const label = kind === 'screenshot' ? `${caption}: ${String(ap['device'])}, ${String(ap['app'])}, ${String(ap['encoding'])}` : caption;
    tiles.push({ image: await fit(img, tileW, tileH), caption: label });
    if (kind === 'screenshot' && !crops['status']) {
      const bar = ap['statusBarPx'] as number;
      const left = cropRgb(img, 0, 0, 360, bar);
      const right = cropRgb(img, img.width - 420, 0, 420, bar);
      crops['status'] = side(left, right, 12);
    }
    if ((kind === 'retype' || kind === 'splice') && !crops[kind]) {
      const q = ap['editedQuad'] as LabQuad;
      const b = quadBounds(q);
      const before = await decodeRgb(rec.last().bytes);
      const w = Math.round(b.x1 - b.x0 + 60);
      const h = Math.round(b.y1 - b.y0 + 40);
      const a = cropAround(before, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, w, h);
      const c = cropAround(img, (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, w, h);
      crops[kind] = kind === 'retype' ? enlarge(side(a, c), 2) : enlarge(side(c, residual(c, 10)), 2);
    }
    if (kind === 'copy_move' && !crops['copy_move']) {
      const d = ap['destination'] as { x: number; y: number; width: number; height: number };
      const [dx, dy] = ap['shiftPx'] as [number, number];
      const pad = 12;
      const a = cropRgb(img, d.x - pad, d.y - pad, d.width + 2 * pad, d.height + 2 * pad);
      const c = cropRgb(img, d.x + dx - pad, d.y + dy - pad, d.width + 2 * pad, d.height + 2 * pad);
      crops['copy_move'] = enlarge(side(a, c), 2);
    }
  }
  await savePng('tamper-sheet.png', grid(tiles, 4, tileW, tileH));
  for (const [name, image] of Object.entries(crops)) await savePng(`tamper-trace-${name.replace('_', '-')}.png`, image);
}

await main();
