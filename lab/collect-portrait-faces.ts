// Failure analysis of the portrait search: every face the tiny face detector returns (score >= 0.05) on lab
// documents rectified with their annotated quads, per orientation (0 / 180), window (whole document, left and right
// squares, each grey and contrast-stretched as the product does) and detector input size, with the true portrait box
// in canonical pixels. Writes JSON lines for offline analysis (which window, size and box rules would find the
// portrait). Never run on test chunks for tuning.
// Usage: node --import tsx lab/collect-portrait-faces.ts --manifest PATH[,PATH] --out FILE [--step N] [--model FILE.onnx]
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { DocumentType, Point } from '../src/domain/types.js';
import { decodeImage } from '../src/image/decode.js';
import { applyHomography, homographyFromPoints } from '../src/image/homography.js';
import { rotate180 } from '../src/localisation/rectify.js';
import { quadInFrame } from '../src/localisation/geometry.js';
import { crop, stretchedGrey } from '../src/portrait/windows.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../src/portrait/tiny-face-detector.js';
import { rectifyAnnotated } from './annotated-document.js';
import { manifestImagePath, readJsonLines, readSidecar } from './manifest-files.js';

const { values } = parseArgs({ options: { manifest: { type: 'string' }, out: { type: 'string' }, step: { type: 'string', default: '1' }, model: { type: 'string', default: `models/${PORTRAIT_FACE_MODEL}` } } });
if (values.manifest === undefined || values.out === undefined) throw new Error('--manifest PATH[,PATH] and --out FILE are required');
const step = Number(values.step);
const sizes = [320, 224, 160];
const detectors = new Map<number, TinyFaceDetector>();
for (const s of sizes) detectors.set(s, await TinyFaceDetector.load(values.model, s));
const lines: string[] = [];
for (const manifest of values.manifest.split(',')) {
  for (const [k, row] of readJsonLines<{ image: string; label: string; attack: string | null; quad: Point[]; document_type: DocumentType }>(manifest).entries()) {
    if (k % step !== 0) continue;
    const path = manifestImagePath(manifest, row.image);
    const sidecar = readSidecar<{ portrait_quad: Point[] | null; family: string; params: { attackSubtype?: string } }>(path);
    const { image } = await decodeImage(readFileSync(path), { maxImagePixels: 5e7 });
    const pq = sidecar.portrait_quad;
    const shows = pq !== null && quadInFrame(pq, image.width, image.height);
    const { landscape, canonical } = await rectifyAnnotated(image, row.quad, row.document_type);
    const W = canonical.width, H = canonical.height;
    let truth: { x: number; y: number; width: number; height: number } | null = null;
    if (pq !== null) {
      const h = homographyFromPoints(landscape, [[0, 0], [W, 0], [W, H], [0, H]]);
      const pts = pq.map(([x, y]) => applyHomography(h, x, y));
      const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
      truth = { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
    }
    const faces: unknown[] = [];
    for (const turn of [0, 180]) {
      const doc = turn === 0 ? canonical : rotate180(canonical);
      const windows: { name: string; x0: number; img: typeof doc; sizes: number[] }[] = [
        { name: 'whole', x0: 0, img: stretchedGrey(doc), sizes: [320] },
        { name: 'left', x0: 0, img: stretchedGrey(crop(doc, 0, 0, H, H)), sizes },
        { name: 'right', x0: W - H, img: stretchedGrey(crop(doc, W - H, 0, H, H)), sizes },
      ];
      for (const w of windows) for (const s of w.sizes) {
        for (const f of await detectors.get(s)!.detect(w.img, 0.05)) faces.push({ turn, window: w.name, size: s, score: f.score, x: f.x + w.x0, y: f.y, width: f.width, height: f.height });
      }
    }
    lines.push(JSON.stringify({ id: `${basename(dirname(path))}/${basename(path)}`, cls: row.attack ?? row.label, subtype: sidecar.params.attackSubtype ?? null, family: sidecar.family, type: row.document_type, W, H, shows, truth, faces }));
  }
}
for (const d of detectors.values()) await d.dispose();
writeFileSync(values.out, lines.join('\n') + '\n');
