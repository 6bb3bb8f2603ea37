// Portrait detection on lab documents rectified with their annotated quads (no localisation error), oriented by
// the product's own rule (orientByPortrait): found on documents that show a portrait (sidecar portrait_quad, wholly
// in the frame), found upright, found upright with the face's centre on the annotated photo ("onPhoto"), and found
// where none shows. --verbose lists each miss with the best face's score and size.
// Usage: node --import tsx lab/measure-portrait.ts --manifest PATH[,PATH] [--step N] [--verbose] [--input-size N]
//        [--model FILE.onnx] (default: the product's portrait face model) [--min-score S] (default: the product's)
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { orientByPortrait } from '../src/analysis/frontend.js';
import type { DocumentType, Point } from '../src/domain/types.js';
import { decodeImage } from '../src/image/decode.js';
import { applyHomography, homographyFromPoints } from '../src/image/homography.js';
import { DEFAULT_PORTRAIT_THRESHOLDS, findPortrait } from '../src/portrait/portrait.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../src/portrait/tiny-face-detector.js';
import { quadInFrame } from '../src/localisation/geometry.js';
import { rectifyAnnotated } from './annotated-document.js';
import { manifestImagePath, readJsonLines, readSidecar } from './manifest-files.js';

const { values } = parseArgs({ options: { manifest: { type: 'string' }, step: { type: 'string', default: '1' }, verbose: { type: 'boolean', default: false }, 'input-size': { type: 'string' }, model: { type: 'string', default: `models/${PORTRAIT_FACE_MODEL}` }, 'min-score': { type: 'string' } } });
const thresholds = values['min-score'] !== undefined ? { ...DEFAULT_PORTRAIT_THRESHOLDS, minScore: Number(values['min-score']) } : DEFAULT_PORTRAIT_THRESHOLDS;
if (values.manifest === undefined) throw new Error('--manifest PATH[,PATH] is required (lab chunk manifests)');
const step = Number(values.step);
const faces = await TinyFaceDetector.load(values.model, values['input-size'] !== undefined ? Number(values['input-size']) : undefined);
const side = (q: readonly Point[], a: number, b: number): number => Math.hypot((q[a]![0] - q[b]![0]), (q[a]![1] - q[b]![1]));

const byClass = new Map<string, { shows: number; found: number; upright: number; onPhoto: number; none: number; falseFound: number }>();
for (const manifest of values.manifest.split(',')) {
  for (const [k, row] of readJsonLines<{ image: string; label: string; attack: string | null; quad: Point[]; document_type: DocumentType }>(manifest).entries()) {
    if (k % step !== 0) continue;
    const path = manifestImagePath(manifest, row.image);
    const sidecar = readSidecar<{ portrait_quad: Point[] | null; params: { width: number; height: number } }>(path);
    const { image } = await decodeImage(readFileSync(path), { maxImagePixels: 5e7 });
    const pq = sidecar.portrait_quad;
    const shows = pq !== null && quadInFrame(pq, image.width, image.height);
    if (pq !== null && !shows) continue; // a portrait partly outside the frame: neither case
    const { landscape, canonical } = await rectifyAnnotated(image, row.quad, row.document_type);
    const view = await orientByPortrait(faces, landscape, canonical, thresholds);
    const cls = row.attack ?? row.label;
    const c = byClass.get(cls) ?? { shows: 0, found: 0, upright: 0, onPhoto: 0, none: 0, falseFound: 0 };
    byClass.set(cls, c);
    const where = `${basename(dirname(path))}/${basename(path)}`;
    if (shows) {
      c.shows++;
      if (view.portrait !== null) c.found++;
      if (view.portrait !== null && view.quad[0] === landscape[0]) {
        c.upright++;
        if (onAnnotatedPhoto(view.portrait.face, pq, landscape, canonical.width, canonical.height)) c.onPhoto++;
      }
      if (view.portrait === null && values.verbose) {
        const up = await findPortrait(faces, canonical, { minScore: 0, minHeightFraction: 0, maxHeightFraction: 10, sideFraction: 0.5, minCentreY: -10, maxCentreY: 10 });
        const hFrac = (side(pq, 1, 2) + side(pq, 3, 0)) / (side(row.quad, 1, 2) + side(row.quad, 3, 0));
        console.error('MISSED', cls, where, `portrait height ${(100 * hFrac).toFixed(0)} % of the document`, `best face upright: score ${up.best?.face.score.toFixed(2) ?? '-'} height ${up.best ? (100 * up.best.face.height / canonical.height).toFixed(0) : '-'} %`, `view score ${view.faceScore.toFixed(2)}`);
      }
    } else {
      c.none++;
      if (view.portrait !== null) { c.falseFound++; if (values.verbose) console.error('FOUND WITHOUT PORTRAIT', cls, where, view.faceScore.toFixed(2)); }
    }
  }
}
await faces.dispose();
const out: Record<string, unknown> = {};
let shows = 0, found = 0, upright = 0, onPhoto = 0, none = 0, falseFound = 0;
for (const [cls, c] of byClass) {
  shows += c.shows; found += c.found; upright += c.upright; onPhoto += c.onPhoto; none += c.none; falseFound += c.falseFound;
  out[cls] = { showsPortrait: c.shows, found: c.shows ? round(c.found / c.shows) : null, foundUpright: c.shows ? round(c.upright / c.shows) : null, onPhoto: c.shows ? round(c.onPhoto / c.shows) : null, noPortrait: c.none, foundWithoutPortrait: c.falseFound };
}
out.all = { showsPortrait: shows, found: shows ? round(found / shows) : null, foundUpright: shows ? round(upright / shows) : null, onPhoto: shows ? round(onPhoto / shows) : null, noPortrait: none, foundWithoutPortrait: falseFound };
console.log(JSON.stringify(out, null, 2));

/** The face's centre inside the annotated portrait, mapped into the upright canonical raster. */
function onAnnotatedPhoto(face: { x: number; y: number; width: number; height: number }, portrait: readonly Point[], landscape: readonly Point[], width: number, height: number): boolean {
  const h = homographyFromPoints(landscape, [[0, 0], [width, 0], [width, height], [0, height]]);
  const p = portrait.map(([x, y]) => applyHomography(h, x, y));
  const xs = p.map((q) => q[0]), ys = p.map((q) => q[1]);
  const cx = face.x + face.width / 2, cy = face.y + face.height / 2;
  return cx >= Math.min(...xs) && cx <= Math.max(...xs) && cy >= Math.min(...ys) && cy <= Math.max(...ys);
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
