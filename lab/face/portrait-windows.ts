// Training windows for fine-tuning the tiny face detector on document portraits: for each lab document that shows
// its portrait, the four squares the product searches (src/portrait/windows.ts: left and right squares of side =
// the document's height, each as shown and turned by 180 degrees), as luma at WINDOW_SIDE px. Only the upright
// square that holds the portrait is a positive; its turned copy (an upside-down face: the detector must score it
// lower, that is how the product orients a document), the other side (ghost portraits, emblems, text) and its turn
// are negatives. The face box (the detector's target, not the photo's frame) is the current detector's own box
// when it finds the face on the annotated photo with score >= LABEL_SCORE, otherwise the annotated photo box
// shrunk by the median face-in-photo ratios of those confident boxes.
// Usage: node --import tsx lab/face/portrait-windows.ts --manifest PATH[,PATH] --out FILE.bin
// (writes FILE.bin: N x WINDOW_SIDE^2 luma bytes, and FILE.json: one entry per window).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { Box, DocumentType, Point } from '../../src/domain/types.js';
import { decodeImage } from '../../src/image/decode.js';
import { applyHomography, homographyFromPoints } from '../../src/image/homography.js';
import type { RgbImage } from '../../src/image/types.js';
import { quadInFrame } from '../../src/localisation/geometry.js';
import { crop, stretchedGrey } from '../../src/portrait/windows.js';
import { TinyFaceDetector } from '../../src/portrait/tiny-face-detector.js';
import { rectifyAnnotated } from '../annotated-document.js';
import { manifestImagePath, readJsonLines, readSidecar } from '../manifest-files.js';

export const WINDOW_SIDE = 256;
const LABEL_SCORE = 0.4;

export interface WindowEntry {
  readonly id: string;
  readonly family: string;
  readonly side: 'left' | 'right';
  readonly turned: boolean;
  /** Face box in window pixels (WINDOW_SIDE square), null for a negative window. */
  readonly face: Box | null;
  /** How the face box was obtained. */
  readonly label: 'detector' | 'photo-ratio' | null;
}

async function lumaSquare(doc: RgbImage, x0: number, side: number, turned: boolean): Promise<Uint8Array> {
  const win = crop(doc, x0, 0, side, side);
  let raw = sharp(Buffer.from(win.data), { raw: { width: side, height: side, channels: 3 } });
  if (turned) raw = raw.rotate(180);
  const { data } = await raw.resize(WINDOW_SIDE, WINDOW_SIDE, { kernel: 'linear' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { manifest: { type: 'string' }, out: { type: 'string' } } });
  if (values.manifest === undefined || values.out === undefined) throw new Error('--manifest PATH[,PATH] and --out FILE.bin are required');
  const detector = await TinyFaceDetector.load('models/tiny-face-detector.onnx');
  const entries: (Omit<WindowEntry, 'face' | 'label'> & { face: Box | null; label: WindowEntry['label']; photo: Box | null })[] = [];
  const pixels: Uint8Array[] = [];
  const ratios: { x: number[]; y: number[]; w: number[]; h: number[] } = { x: [], y: [], w: [], h: [] };
  for (const manifest of values.manifest.split(',')) {
    for (const row of readJsonLines<{ image: string; quad: Point[]; document_type: DocumentType }>(manifest)) {
      const path = manifestImagePath(manifest, row.image);
      const sidecar = readSidecar<{ portrait_quad: Point[] | null; family: string }>(path);
      const { image } = await decodeImage(readFileSync(path), { maxImagePixels: 5e7 });
      const pq = sidecar.portrait_quad;
      if (pq === null || !quadInFrame(pq, image.width, image.height)) continue;
      const { landscape, canonical } = await rectifyAnnotated(image, row.quad, row.document_type);
      const W = canonical.width, H = canonical.height;
      if (W <= H) continue;
      const h = homographyFromPoints(landscape, [[0, 0], [W, 0], [W, H], [0, H]]);
      const pts = pq.map(([x, y]) => applyHomography(h, x, y));
      const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
      const photo = { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
      const portraitSide = photo.x + photo.width / 2 < W / 2 ? 'left' : 'right';
      const id = `${basename(dirname(path))}/${basename(path)}`;
      for (const side of ['left', 'right'] as const) {
        const x0 = side === 'left' ? 0 : W - H;
        const k = WINDOW_SIDE / H;
        const inWindow: Box = { x: (photo.x - x0) * k, y: photo.y * k, width: photo.width * k, height: photo.height * k };
        for (const turned of [false, true]) {
          const positive = side === portraitSide && !turned;
          let face: Box | null = null;
          let label: WindowEntry['label'] = null;
          if (positive) {
            const found = (await detector.detect(stretchedGrey(crop(canonical, x0, 0, H, H)), LABEL_SCORE))
              .filter((f) => { const cx = f.x + f.width / 2, cy = f.y + f.height / 2; return cx > photo.x - x0 && cx < photo.x - x0 + photo.width && cy > photo.y && cy < photo.y + photo.height && f.height < photo.height; })[0];
            if (found !== undefined) {
              face = { x: found.x * k, y: found.y * k, width: found.width * k, height: found.height * k };
              label = 'detector';
              ratios.x.push((face.x - inWindow.x) / inWindow.width); ratios.y.push((face.y - inWindow.y) / inWindow.height);
              ratios.w.push(face.width / inWindow.width); ratios.h.push(face.height / inWindow.height);
            } else label = 'photo-ratio';
          }
          entries.push({ id, family: sidecar.family, side, turned, face, label, photo: positive ? inWindow : null });
          pixels.push(await lumaSquare(canonical, x0, H, turned));
        }
      }
    }
  }
  await detector.dispose();
  const median = (v: number[]): number => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? Number.NaN; };
  const r = { x: median(ratios.x), y: median(ratios.y), w: median(ratios.w), h: median(ratios.h) };
  const out: WindowEntry[] = entries.map(({ photo, ...e }) => e.label === 'photo-ratio' && photo !== null
    ? { ...e, face: { x: photo.x + r.x * photo.width, y: photo.y + r.y * photo.height, width: r.w * photo.width, height: r.h * photo.height } }
    : e);
  const all = new Uint8Array(pixels.length * WINDOW_SIDE * WINDOW_SIDE);
  pixels.forEach((p, i) => all.set(p, i * WINDOW_SIDE * WINDOW_SIDE));
  writeFileSync(values.out, all);
  writeFileSync(values.out.replace(/\.bin$/, '') + '.json', JSON.stringify({ side: WINDOW_SIDE, faceInPhoto: r, windows: out }));
  const pos = out.filter((e) => e.face !== null);
  console.log(`${out.length} windows, ${pos.length} positive (${pos.filter((e) => e.label === 'detector').length} labelled by the detector), face in photo ${JSON.stringify(r)}`);
}
