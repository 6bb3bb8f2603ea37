// Measures the shared front-end on the real development folders (../shared/data, see its README) and prints the
// figures docs/quality.md reports. Usage:
//   node --import tsx lab/measure-frontend.ts [--set dlc|cards|real|all] [--step N] [--verbose]
// --step N keeps every N-th DLC frame (quick runs); the reported figures use --step 1.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFrontEnd, type FrontEndResult } from '../src/analysis/frontend.js';
import { quadIou } from '../src/localisation/geometry.js';
import { TinyFaceDetector } from '../src/portrait/tiny-face-detector.js';
import { sharedDataDir } from '../test/support/shared-data.js';

const { values } = parseArgs({ options: { set: { type: 'string', default: 'all' }, step: { type: 'string', default: '1' }, verbose: { type: 'boolean', default: false } } });
const step = Number(values.step);
const data = sharedDataDir();
const faces = await TinyFaceDetector.load('models/tiny-face-detector.onnx');
const models = { faces };
const options = { maxImagePixels: 50_000_000 };

async function run(path: string): Promise<FrontEndResult> {
  return runFrontEnd(readFileSync(path), models, options);
}

function log(...args: unknown[]): void {
  if (values.verbose) console.error(...args);
}

const summary: Record<string, unknown> = {};

if (values.set === 'all' || values.set === 'dlc') {
  const root = join(data, 'dlc2021-graycopy-dev');
  const rows = readFileSync(join(root, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { image: string; quad: [number, number][]; document_type: string });
  const ious: number[] = [];
  let notFound = 0, colorless = 0, typeRight = 0, portraits = 0, upright = 0, n = 0;
  for (const [k, row] of rows.entries()) {
    if (k % step !== 0) continue;
    n++;
    const r = await run(join(root, row.image));
    const main = r.main;
    if (main === null) { notFound++; ious.push(0); log('NOT FOUND', row.image); continue; }
    const iou = quadIou(main.document.quad, row.quad);
    ious.push(iou);
    if (r.colorless) colorless++;
    if (main.document.type === row.document_type) typeRight++;
    if (main.portrait !== null) portraits++;
    // Upright: our corner 0 (the document's own top-left) is the annotation's corner 0.
    const [x0, y0] = main.document.quad[0];
    const nearest = row.quad.map(([x, y]) => Math.hypot(x - x0, y - y0));
    if (iou >= 0.5 && nearest.indexOf(Math.min(...nearest)) === 0) upright++;
    if (iou < 0.9 || main.document.type !== row.document_type) log(iou.toFixed(3), main.document.type, row.document_type, row.image);
  }
  ious.sort((a, b) => a - b);
  summary.dlc = {
    frames: n,
    iouAtLeast090: round(ious.filter((v) => v >= 0.9).length / n),
    iouMedian: round(ious[Math.floor(n / 2)] ?? 0),
    notFound: round(notFound / n),
    colorless: round(colorless / n),
    typeRight: round(typeRight / n),
    portraitFound: round(portraits / n),
    uprightRight: round(upright / n),
  };
}

if (values.set === 'all' || values.set === 'cards') {
  const root = join(data, 'card-photos-dev');
  const expected: Record<string, number> = { 'two-ids-render.png': 2 };
  const rows: Record<string, unknown>[] = [];
  let right = 0;
  const files = readdirSync(root).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
  for (const f of files) {
    const r = await run(join(root, f));
    const want = expected[f] ?? 1;
    if (r.documents.length === want) right++;
    rows.push({ file: f, count: r.documents.length, expected: want, type: r.main?.document.type ?? null, cropped: r.main?.document.cropped ?? null, portrait: r.main?.portrait !== null && r.main !== null, colorless: r.colorless, warnings: r.warnings });
  }
  summary.cards = { images: files.length, countRight: right, rows };
}

if (values.set === 'all' || values.set === 'real') {
  const root = join(data, 'screen-recapture-dev', 'real');
  const files = readdirSync(root).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
  let reported = 0;
  for (const f of files) {
    const r = await run(join(root, f));
    if (r.documents.length > 0) { reported++; log('DOCUMENT REPORTED', f, r.main?.document.type, r.main?.document.score.toFixed(2)); }
  }
  summary.noDocumentScenes = { images: files.length, documentReported: round(reported / files.length) };
}

await faces.dispose();
console.log(JSON.stringify(summary, null, 2));

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
