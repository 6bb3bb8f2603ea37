// Failure analysis of document localisation: runs the front-end on the DLC grey copies (annotated quads), card
// photos, no-document scenes or lab manifests and writes one JSON line per image with what was found, what the
// classical and learned localisers proposed, and the per-corner error, so misses can be sorted into buckets
// (docs/quality.md, "Localisation round 3"). Usage: see HELP (--help).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Quad } from '../../src/domain/types.js';
import { trueAspect } from '../../src/localisation/aspect.js';
import { polygonArea, quadIou } from '../../src/localisation/geometry.js';
import { frontEndPass, loadFrontEndModels } from './frontend-pass.js';
import { manifestImagePath, readJsonLines } from '../manifest-files.js';
import { sharedDataDir } from '../shared-data.js';

const HELP = `node --import tsx lab/localiser/failures.ts --out FILE [options]
  --set dlc|cards|real       real development folder (default dlc)
  --manifest PATH[,PATH]     lab manifest(s) instead of --set
  --part tune|report|all     DLC only: tune = frames whose index in the manifest mod 3 == 0, report = the others
  --step N                   every N-th row
  --only A,B                 only images whose name contains one of these`;
const { values } = parseArgs({ options: { set: { type: 'string', default: 'dlc' }, manifest: { type: 'string' }, part: { type: 'string', default: 'all' }, step: { type: 'string', default: '1' }, out: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', default: false } } });
if (values.help || values.out === undefined) { console.log(HELP); process.exit(values.help ? 0 : 1); }
const step = Number(values.step);
if (!['tune', 'report', 'all'].includes(values.part)) throw new Error(`--part must be tune, report or all, got ${values.part}`);

interface Row { image: string; quad?: [number, number][]; document_type?: string }
const items: { path: string; name: string; truth: Row | null; part: string }[] = [];
if (values.manifest !== undefined) {
  for (const m of values.manifest.split(',')) for (const [k, r] of readJsonLines<Row>(m).entries()) if (k % step === 0) items.push({ path: manifestImagePath(m, r.image), name: r.image, truth: r, part: 'lab' });
} else if (values.set === 'dlc') {
  const root = join(sharedDataDir(), 'dlc2021-graycopy-dev');
  for (const [k, r] of readJsonLines<Row>(join(root, 'manifest.jsonl')).entries()) {
    const part = k % 3 === 0 ? 'tune' : 'report';
    if (k % step !== 0 || (values.part !== 'all' && values.part !== part)) continue;
    items.push({ path: join(root, r.image), name: r.image, truth: r, part });
  }
} else {
  const root = values.set === 'cards' ? join(sharedDataDir(), 'card-photos-dev') : join(sharedDataDir(), 'screen-recapture-dev', 'real');
  for (const f of readdirSync(root).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort()) items.push({ path: join(root, f), name: f, truth: null, part: values.set });
}

if (values.only !== undefined) {
  const wanted = values.only.split(',');
  items.splice(0, items.length, ...items.filter((i) => wanted.some((w) => i.name.includes(w))));
}
const models = await loadFrontEndModels();
const { localiser } = models;
const lines: string[] = [];
const round = (v: number): number => Math.round(v * 1000) / 1000;
for (const item of items) {
  const bytes = readFileSync(item.path);
  const { result, full, toFull, loc } = await frontEndPass(bytes, models);
  const learned = await localiser.locate(full);
  const truth = item.truth?.quad as Quad | undefined;
  const main = result.main?.document ?? null;
  const record: Record<string, unknown> = {
    name: item.name, part: item.part, width: full.width, height: full.height,
    expectedType: item.truth?.document_type ?? null, count: result.documents.length,
    type: main?.type ?? null, aspect: main ? round(main.aspect) : null, score: main ? round(main.score) : null,
    quad: main?.quad.map(([x, y]) => [Math.round(x), Math.round(y)]) ?? null,
    mrz: main?.mrz ?? null, portrait: result.main?.portrait !== null && result.main !== null,
    hypotheses: loc.hypotheses.length, learnedQuads: learned.quads.map((q) => round(q.score)),
  };
  if (truth !== undefined) {
    record.truthAspect = round(trueAspect(truth, full.width, full.height));
    record.truthAreaFraction = round(polygonArea(truth) / (full.width * full.height));
    record.iou = main ? round(quadIou(main.quad, truth)) : 0;
    record.bestClassicalIou = round(Math.max(0, ...loc.candidates.slice(0, 60).map((c) => quadIou(toFull(c.quad), truth))));
    record.bestHypothesisIou = round(Math.max(0, ...loc.hypotheses.map((c) => quadIou(toFull(c.quad), truth))));
    record.hypothesisRank = loc.hypotheses.findIndex((c) => quadIou(toFull(c.quad), truth) >= 0.85);
    record.bestLearnedIou = round(Math.max(0, ...learned.quads.map((q) => quadIou(q.quad, truth))));
    if (main) {
      // Each truth corner's distance to the nearest found corner, as a fraction of the document's size.
      const size = Math.sqrt(polygonArea(truth));
      record.cornerErrors = truth.map(([x, y]) => round(Math.min(...main.quad.map(([u, v]) => Math.hypot(u - x, v - y))) / size));
    }
  }
  lines.push(JSON.stringify(record));
  writeFileSync(values.out, lines.join('\n') + '\n');
}
await models.dispose();
console.log(`${items.length} images -> ${values.out}`);
