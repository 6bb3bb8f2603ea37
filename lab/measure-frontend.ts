// Measures the shared front-end on the real development folders (../shared/data, see its README) or on lab chunks,
// and prints the figures docs/quality.md reports. Usage: see HELP below (--help).
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFrontEnd, type FrontEndResult } from '../src/analysis/frontend.js';
import { quadIou } from '../src/localisation/geometry.js';
import { LearnedLocaliser } from '../src/localisation/learned.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../src/portrait/tiny-face-detector.js';
import { manifestImagePath, readJsonLines, readSidecar } from './manifest-files.js';
import { sharedDataDir } from './shared-data.js';

const HELP = `node --import tsx lab/measure-frontend.ts [options]
  --set dlc|cards|real|all   real development folders (default all)
  --step N                   every N-th DLC frame / lab image (quick runs; reported figures use 1)
  --manifest PATH[,PATH]     lab chunk manifest(s) instead of --set: statuses the front-end raises on lab images
                             (not found, cropped on whole documents, colourless on colour documents), per class
  --class NAME               with --manifest: only this label or attack (bona_fide, PRINTED_COPY ...)
  --classical                without the learned localiser (models/localiser): the classical localiser alone
  --verbose                  one line per image in error (stderr)`;
const { values } = parseArgs({ options: { set: { type: 'string', default: 'all' }, step: { type: 'string', default: '1' }, manifest: { type: 'string' }, class: { type: 'string' }, verbose: { type: 'boolean', default: false }, classical: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (values.help) { console.log(HELP); process.exit(0); }
const step = Number(values.step);
if (!Number.isInteger(step) || step < 1) throw new Error(`--step must be a positive integer, got ${values.step}`);
const data = sharedDataDir();
const faces = await TinyFaceDetector.load(`models/${PORTRAIT_FACE_MODEL}`);
const localiser = values.classical ? undefined : await LearnedLocaliser.load('models/localiser');
const models = { faces, ...(localiser ? { localiser } : {}) };
const options = { maxImagePixels: 50_000_000 };

async function run(path: string): Promise<FrontEndResult> {
  return runFrontEnd(readFileSync(path), models, options);
}

function log(...args: unknown[]): void {
  if (values.verbose) console.error(...args);
}

const summary: Record<string, unknown> = {};

if (values.manifest !== undefined) summary.lab = await measureLab(values.manifest.split(','), values.class);

if (values.manifest === undefined && (values.set === 'all' || values.set === 'dlc')) {
  const root = join(data, 'dlc2021-graycopy-dev');
  const rows = readJsonLines<{ image: string; quad: [number, number][]; document_type: string }>(join(root, 'manifest.jsonl'));
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

if (values.manifest === undefined && (values.set === 'all' || values.set === 'cards')) {
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

if (values.manifest === undefined && (values.set === 'all' || values.set === 'real')) {
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
await localiser?.dispose();
console.log(JSON.stringify(summary, null, 2));

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

interface LabRow {
  image: string;
  label: string;
  attack: string | null;
  quad: [number, number][];
  document_type: string;
}

/** Sidecar facts the statuses are judged against: is the document whole in the frame, is it printed in colour. */
interface LabTruth {
  cropped: boolean;
  colourDocument: boolean;
}

async function labTruth(dir: string, row: LabRow): Promise<LabTruth> {
  const sidecar = readSidecar<{ params?: { width?: number; height?: number; attack?: { process?: string } } }>(join(dir, row.image));
  // Every lab document is printed in colour except the grey photocopies (params.attack.process "gray-photocopy").
  const grey = /gr[ae]y|mono/i.test(sidecar.params?.attack?.process ?? '');
  // Whole or cropped by the annotated quad's geometry alone: a corner outside the frame (params.camera.cropped says
  // what the scene asked for; a random placement often takes a corner of an uncropped scene past the frame all the
  // same). Not the product's rule, which is what is measured.
  const width = sidecar.params?.width ?? 0, height = sidecar.params?.height ?? 0;
  const cropped = width > 0 && height > 0 && row.quad.some(([x, y]) => x < 0 || y < 0 || x > width || y > height);
  return { cropped, colourDocument: !grey };
}

async function measureLab(manifests: readonly string[], only: string | undefined): Promise<Record<string, unknown>> {
  const byClass = new Map<string, { n: number; notFound: number; whole: number; croppedWhole: number; croppedWholeRightQuad: number; croppedFound: number; croppedMissed: number; colour: number; colourless: number; typeRight: number; ious: number[] }>();
  for (const manifest of manifests) {
    const rows = readJsonLines<LabRow>(manifest);
    for (const [k, row] of rows.entries()) {
      const cls = row.attack ?? row.label;
      if (k % step !== 0 || (only !== undefined && only !== cls && only !== row.label)) continue;
      const image = manifestImagePath(manifest, row.image);
      const truth = await labTruth(dirname(image), { ...row, image: basename(image) });
      const r = await run(image);
      const c = byClass.get(cls) ?? { n: 0, notFound: 0, whole: 0, croppedWhole: 0, croppedWholeRightQuad: 0, croppedFound: 0, croppedMissed: 0, colour: 0, colourless: 0, typeRight: 0, ious: [] };
      byClass.set(cls, c);
      c.n++;
      const main = r.main;
      const iou = main === null ? 0 : quadIou(main.document.quad, row.quad);
      c.ious.push(iou);
      const where = `${basename(dirname(image))}/${basename(image)}`;
      if (main === null) { c.notFound++; log('NOT FOUND', cls, where); continue; }
      if (main.document.type === row.document_type) c.typeRight++;
      if (iou < 0.9) log('IOU', iou.toFixed(3), cls, where);
      if (!truth.cropped) {
        c.whole++;
        if (main.document.cropped) {
          c.croppedWhole++;
          // A right quad (IoU >= 0.9) called cropped is the rule's error; a wrong quad is the localiser's.
          if (iou >= 0.9) c.croppedWholeRightQuad++;
          log('CROPPED (whole)', iou >= 0.9 ? 'right quad' : 'wrong quad', cls, where, `iou ${iou.toFixed(2)}`, JSON.stringify(main.document.quad.map(([x, y]) => [Math.round(x), Math.round(y)])));
        }
      } else {
        c.croppedFound++;
        if (!main.document.cropped) { c.croppedMissed++; log('NOT CROPPED (past the frame)', cls, where, `iou ${iou.toFixed(2)}`); }
      }
      if (truth.colourDocument) {
        c.colour++;
        if (r.colorless) { c.colourless++; log('COLORLESS (colour)', cls, where, `coherent chroma ${main.measurements.colour.coherentChroma.toFixed(4)}`, `iou ${iou.toFixed(2)}`); }
      }
    }
  }
  const out: Record<string, unknown> = {};
  // Every image together: the figures the learned localiser is judged by (docs/quality.md).
  const all = [...byClass.values()];
  const n = all.reduce((s, c) => s + c.n, 0);
  const ious = all.flatMap((c) => c.ious).sort((a, b) => a - b);
  out.all = {
    images: n,
    iouMedian: round(ious[Math.floor(n / 2)] ?? 0),
    iouAtLeast090: round(ious.filter((v) => v >= 0.9).length / n),
    notFound: round(all.reduce((s, c) => s + c.notFound, 0) / n),
    typeRight: round(all.reduce((s, c) => s + c.typeRight, 0) / n),
  };
  for (const [cls, c] of byClass) {
    c.ious.sort((a, b) => a - b);
    out[cls] = {
      images: c.n,
      notFound: round(c.notFound / c.n),
      croppedOnWhole: c.whole > 0 ? round(c.croppedWhole / c.whole) : null,
      croppedOnWholeRightQuad: c.croppedWholeRightQuad,
      croppedOnWholeWrongQuad: c.croppedWhole - c.croppedWholeRightQuad,
      wholeFound: c.whole,
      notCroppedPastFrame: c.croppedFound > 0 ? `${c.croppedMissed} / ${c.croppedFound}` : null,
      colourlessOnColour: c.colour > 0 ? round(c.colourless / c.colour) : null,
      iouMedian: round(c.ious[Math.floor(c.n / 2)] ?? 0),
      iouAtLeast090: round(c.ious.filter((v) => v >= 0.9).length / c.n),
      typeRight: round(c.typeRight / c.n),
    };
  }
  return out;
}
