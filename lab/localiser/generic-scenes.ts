// node --import tsx lab/localiser/generic-scenes.ts [--model models/localiser] [--classical]
// The front-end on the generic scenes of screen-recapture-dev/real (no identity document in them), split into the
// tuning part (the scenes lab images may use as backdrops, lab/capture/photos.ts backdropFiles()) and the reporting
// part (never seen in lab images since the leak-free rule): how many scenes get a document reported. The reporting
// part is the clean figure.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFrontEnd } from '../../src/analysis/frontend.js';
import { LearnedLocaliser } from '../../src/localisation/learned.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../../src/portrait/tiny-face-detector.js';
import { backdropFiles } from '../capture/photos.js';
import { sharedDataDir } from '../shared-data.js';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'models/localiser' }, classical: { type: 'boolean', default: false } } });
const root = join(sharedDataDir(), 'screen-recapture-dev', 'real');
const tuning = new Set(backdropFiles());
const faces = await TinyFaceDetector.load(`models/${PORTRAIT_FACE_MODEL}`);
const localiser = values.classical ? undefined : await LearnedLocaliser.load(values.model);
const parts: Record<'tune' | 'report', { scenes: number; documentReported: number; names: string[] }> = {
  tune: { scenes: 0, documentReported: 0, names: [] },
  report: { scenes: 0, documentReported: 0, names: [] },
};
for (const file of readdirSync(root).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort()) {
  const path = join(root, file);
  const part = parts[tuning.has(path) ? 'tune' : 'report'];
  part.scenes++;
  const result = await runFrontEnd(readFileSync(path), { faces, ...(localiser ? { localiser } : {}) }, { maxImagePixels: 50_000_000 });
  if (result.documents.length > 0) { part.documentReported++; part.names.push(file); }
}
await faces.dispose();
await localiser?.dispose();
console.log(JSON.stringify({ model: values.classical ? 'classical only' : values.model, ...parts }, null, 2));
