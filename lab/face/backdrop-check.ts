// Does the portrait detector find faces where there is no document? Card-shaped rectangles of lab photos away from
// the document (lab/face/backdrop-windows.ts's sampler, aspect 1.585) are rectified like a document hypothesis and
// searched the product's way (orientByPortrait, either way up, product thresholds): a portrait found there is what
// lets findDocuments verify a false document on a face alone. Run on lab VAL to choose an epoch; the generic real
// scenes (lab/localiser/generic-scenes.ts) are the product-level check.
// Usage: node --import tsx lab/face/backdrop-check.ts --manifest PATH[,PATH] [--model FILE.onnx] [--per-image 2]
//        [--seed backdrop-check] [--verbose]
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_VERIFICATION, orientByPortrait } from '../../src/analysis/frontend.js';
import type { Point } from '../../src/domain/types.js';
import { decodeImage } from '../../src/image/decode.js';
import { DEFAULT_PORTRAIT_THRESHOLDS } from '../../src/portrait/portrait.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../../src/portrait/tiny-face-detector.js';
import { rectifyAnnotated } from '../annotated-document.js';
import { manifestImagePath, readJsonLines } from '../manifest-files.js';
import { Rng } from '../rng.js';
import { backdropRects, quadBox } from './backdrop-windows.js';

/** ID-1 card aspect (85.6 x 54 mm): the shape of most false hypotheses. */
const CARD_ASPECT = 1.585;

const { values } = parseArgs({ options: { manifest: { type: 'string' }, model: { type: 'string', default: `models/${PORTRAIT_FACE_MODEL}` }, 'per-image': { type: 'string', default: '2' }, seed: { type: 'string', default: 'backdrop-check' }, verbose: { type: 'boolean', default: false } } });
if (values.manifest === undefined) throw new Error('--manifest PATH[,PATH] is required (lab chunk manifests, e.g. val-v1..v3)');
const perImage = Number(values['per-image']);
if (!Number.isInteger(perImage) || perImage < 1) throw new Error(`--per-image must be a whole number >= 1, got ${values['per-image']}`);
const faces = await TinyFaceDetector.load(values.model);
const rng = new Rng(values.seed);
let rects = 0, found = 0, clear = 0;
const names: string[] = [];
for (const manifest of values.manifest.split(',')) {
  for (const row of readJsonLines<{ image: string; quad: Point[] }>(manifest)) {
    const path = manifestImagePath(manifest, row.image);
    const { image } = await decodeImage(readFileSync(path), { maxImagePixels: 5e7 });
    for (const r of backdropRects(rng, image.width, image.height, quadBox(row.quad), perImage, CARD_ASPECT)) {
      const quad: Point[] = [[r.x, r.y], [r.x + r.width, r.y], [r.x + r.width, r.y + r.height], [r.x, r.y + r.height]];
      const { landscape, canonical } = await rectifyAnnotated(image, quad, 'ID_CARD');
      const view = await orientByPortrait(faces, landscape, canonical, DEFAULT_PORTRAIT_THRESHOLDS);
      rects++;
      if (view.portrait !== null) {
        found++;
        const where = `${basename(dirname(path))}/${basename(path)}`;
        names.push(where);
        if (values.verbose) console.error('FACE AWAY FROM THE DOCUMENT', where, JSON.stringify(r), view.faceScore.toFixed(2));
      }
      // A face this clear verifies a hypothesis without any print (src/analysis/frontend.ts verifiedWithoutPrint).
      if (view.faceScore >= DEFAULT_VERIFICATION.minFaceScore) clear++;
    }
  }
}
console.log(JSON.stringify({ model: values.model, rectangles: rects, portraitFound: found, faceVerifiesAlone: clear, names }, null, 2));
await faces.dispose();
