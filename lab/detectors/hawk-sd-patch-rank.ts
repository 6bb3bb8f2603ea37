// Diagnostic for hawk-sd's patch CNN (hawk-sd-patch-cnn.ts): for every edit of the val / test chunks, is the edited
// box covered by one of the document's patches at all (>= 60 % of min(box, patch)), and where does the covering
// patch rank among the document's patch scores -- with the product's budget of 48 patches and with every adjacent
// lattice patch at --stride (default 64: adjacent patches)?
//   node --import tsx lab/detectors/hawk-sd-patch-rank.ts --model M.onnx --quads FRONTEND_RECORDS.jsonl[,...] [--stride 32]
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { lumaOfRect } from '../../src/features/planes.js';
import { decodeImage } from '../../src/image/decode.js';
import { loadModel } from '../../src/inference/session.js';
import { analysedRegion, documentRegion } from '../../src/pipelines/hawk-sd/features.js';
import { scorePatches } from './hawk-sd-patch-scores.js';
const { values } = parseArgs({ options: { model: { type: 'string' }, quads: { type: 'string' }, stride: { type: 'string', default: '64' } } });
if (!values.model || !values.quads) {
  process.stderr.write('usage: hawk-sd-patch-rank.ts --model M.onnx --quads Q.jsonl[,...] [--stride 64]\n');
  process.exit(2);
}
type Point = [number, number];
type Quad = [Point, Point, Point, Point];
const quads = new Map<string, Quad | null>();
for (const f of values.quads.split(',')) for (const l of (await readFile(f, 'utf8')).split('\n')) if (l.trim()) { const r = JSON.parse(l) as { path: string; quad: Quad | null };
    quads.set(r.path, r.quad); }
const s = await loadModel(values.model);
for (const split of ['val', 'test']) {
  const lines: string[] = [];
  let covered48 = 0, coveredAll = 0, n = 0, top1All = 0, top10All = 0;
  for (const [path, quad] of quads) {
    if (!quad || !path.includes(`/${split}-`)) continue;
    const side = JSON.parse(await readFile(path.replace(/\.[^.]+$/, '.json'), 'utf8'));
    const sub = side.params?.attackSubtype; if (!['retype', 'splice', 'copy_move'].includes(sub)) continue;
    const a = side.params.attackParams; const pts = a.editedQuad ?? (a.destination ? [[a.destination.x, a.destination.y], [a.destination.x + a.destination.width, a.destination.y + a.destination.height]] : null);
    if (!pts) continue;
    const box = { x0: Math.min(...pts.map((p: number[]) => p[0])), y0: Math.min(...pts.map((p: number[]) => p[1])), x1: Math.max(...pts.map((p: number[]) => p[0])), y1: Math.max(...pts.map((p: number[]) => p[1])) };
    const { image } = await decodeImage(await readFile(path), { maxImagePixels: 50_000_000 });
    const region = analysedRegion(documentRegion(quad, image.width, image.height, Infinity), image.width, image.height);
    const luma = lumaOfRect(image, region);
    n++;
    const res: string[] = [];
    for (const budget of [48, 100000]) {
      const { scores, origins } = await scorePatches(s, luma, { x: 0, y: 0, width: luma.width, height: luma.height }, 0, 0, budget, budget === 48 ? 64 : Number(values.stride));
      const area = Math.min(4096, (box.x1 - box.x0) * (box.y1 - box.y0));
      let best = -1;
      origins.forEach(([x, y], i) => { const gx = x + region.x, gy = y + region.y; const ov = Math.max(0, Math.min(gx + 64, box.x1) - Math.max(gx, box.x0)) * Math.max(0, Math.min(gy + 64, box.y1) - Math.max(gy, box.y0)); if (ov >= 0.6 * area) best = Math.max(best, scores[i]!); });
      if (best < 0) { res.push(`${budget === 48 ? 48 : 'all'}: no patch covers the box (${origins.length} patches)`); continue; }
      const rank = Array.from(scores).filter((v) => v > best).length;
      if (budget === 48) covered48++; else { coveredAll++; if (rank === 0) top1All++; if (rank < Math.max(1, origins.length * 0.1)) top10All++; }
      res.push(`${budget === 48 ? 48 : 'all'}: best covering patch ${best.toFixed(3)}, rank ${rank + 1} of ${origins.length}`);
    }
    lines.push(`${sub} ${path.split('/').slice(-2).join('/')}: ${res.join('; ')}`);
  }
  console.log(lines.join('\n'));
  console.log(`${split}: ${n} edits; box covered by a patch: ${covered48} with 48 patches, ${coveredAll} with all lattice patches (stride ${values.stride}); with all patches the covering patch is the document's strongest in ${top1All}, in its top 10 % in ${top10All}`);
}
await s.dispose();
