// Containers of the chosen hypothesis: for each image, the classical candidates (top 60) that hold the quad the
// front-end reported (a portrait window or a block of print chosen over the document's own outline, docs/quality.md
// "Localisation round 5"), with the facts the container rule reads and each container's IoU with the truth.
//   node --import tsx lab/localiser/containers.ts --manifest M.jsonl | --set dlc [--part tune] [--step N] --out FILE
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Quad } from '../../src/domain/types.js';
import { quadIou } from '../../src/localisation/geometry.js';
import { containerFacts, containersOf, isDocumentContainer } from '../../src/localisation/containers.js';
import { frontEndPass, loadFrontEndModels } from './frontend-pass.js';
import { manifestImagePath, readJsonLines } from '../manifest-files.js';
import { sharedDataDir } from '../shared-data.js';

const { values } = parseArgs({ options: { set: { type: 'string', default: 'dlc' }, manifest: { type: 'string' }, part: { type: 'string', default: 'all' }, step: { type: 'string', default: '1' }, out: { type: 'string' } } });
if (values.out === undefined) throw new Error('--out FILE is required');
const step = Number(values.step);
interface Row { image: string; quad?: [number, number][] }
const items: { path: string; name: string; truth: Quad | null; part: string }[] = [];
if (values.manifest !== undefined) {
  for (const [k, r] of readJsonLines<Row>(values.manifest).entries()) if (k % step === 0) items.push({ path: manifestImagePath(values.manifest, r.image), name: r.image, truth: (r.quad as Quad | undefined) ?? null, part: 'lab' });
} else {
  const root = join(sharedDataDir(), 'dlc2021-graycopy-dev');
  for (const [k, r] of readJsonLines<Row>(join(root, 'manifest.jsonl')).entries()) {
    const part = k % 3 === 0 ? 'tune' : 'report';
    if (k % step !== 0 || (values.part !== 'all' && values.part !== part)) continue;
    items.push({ path: join(root, r.image), name: r.image, truth: (r.quad as Quad | undefined) ?? null, part });
  }
}
const models = await loadFrontEndModels();
const out: string[] = [];
const r3 = (v: number): number => Math.round(v * 1000) / 1000;
for (const item of items) {
  const bytes = readFileSync(item.path);
  const { result, toFull, loc } = await frontEndPass(bytes, models);
  const main = result.main?.document.quad ?? null;
  const record: Record<string, unknown> = { name: item.name, part: item.part, iou: main && item.truth ? r3(quadIou(main, item.truth)) : 0 };
  if (main !== null) {
    // The classical hypothesis the main document came from (its refined corners moved a little).
    const chosen = loc.hypotheses.map((h) => ({ h, iou: quadIou(toFull(h.quad), main) })).sort((a, b) => b.iou - a.iou)[0];
    if (chosen !== undefined && chosen.iou >= 0.7) {
      record.chosen = { score: r3(chosen.h.score), edge: r3(chosen.h.edgeScore), aspect: r3(chosen.h.aspect), truthIou: item.truth ? r3(quadIou(toFull(chosen.h.quad), item.truth)) : null };
      record.containers = containersOf(chosen.h, loc.candidates).map((c) => {
        const facts = containerFacts(loc.density, loc.densityThreshold, chosen.h, c);
        return {
          truthIou: item.truth ? r3(quadIou(toFull(c.quad), item.truth)) : null, score: r3(c.score), edgeScore: r3(c.edgeScore),
          aspect: r3(c.aspect), aspectScore: r3(c.aspectScore), partShare: r3(facts.partShare), ringContent: r3(facts.ringContent), partMargin: r3(facts.partMargin),
          promoted: isDocumentContainer(c, chosen.h, facts),
        };
      });
    }
  }
  out.push(JSON.stringify(record));
  writeFileSync(values.out, out.join('\n') + '\n');
}
await models.dispose();
console.log(`${items.length} images -> ${values.out}`);
