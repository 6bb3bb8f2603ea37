// How well src/pipelines/xenops-ps/rectangle.ts finds the photo, against the lab's ground truth: the stuck-on sheet
// of a physical substitution (sidecar params.attackParams.overlay, in render px, mapped through the printed
// portrait's box -> portrait_quad -> the canonical document of the front-end's recorded quad) or the printed portrait
// of a bona fide card (portrait_quad). Reads the front-end snapshots of xenops-ps-snapshot.ts (no front-end pass).
// Prints the share of sides found within 3 / 6 canonical px, the turn's error and the fit's CPU time per image
// (the second of two runs; a dev figure, the benchmark is bench/xenops-ps.ts).
//   node --import tsx lab/detectors/xenops-ps-rectangle-check.ts [--kind physical|bona_fide] [--count 40]
//     [--dir /work/data/extra-ps3-snapshots] [--split train] [--anchors all|photo|layout]
//   --anchors: search from every anchor of portrait-anchors.ts (the product), from the photo box only, or from the
//   layout boxes only (the photo box where no layout box holds the face).
import { readdir, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { lumaFromInterleaved } from '../../src/features/planes.js';
import { decodeImage } from '../../src/image/decode.js';
import { applyHomography, homographyFromPoints } from '../../src/image/homography.js';
import { rectify } from '../../src/localisation/rectify.js';
import type { Box, Point, Quad } from '../../src/domain/types.js';
import { portraitAnchors, type PortraitAnchor } from '../../src/pipelines/xenops-ps/portrait-anchors.js';
import { fitPortraitRectangle } from '../../src/pipelines/xenops-ps/rectangle.js';

const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'physical' },
    count: { type: 'string', default: '40' },
    dir: { type: 'string', default: '/work/data/extra-ps3-snapshots' },
    split: { type: 'string', default: 'train' },
    anchors: { type: 'string', default: 'all' },
  },
});
if (values.kind !== 'physical' && values.kind !== 'bona_fide') throw new Error(`--kind must be physical or bona_fide, got "${values.kind}"`);
if (!['all', 'photo', 'layout'].includes(values.anchors)) throw new Error(`--anchors must be all, photo or layout, got "${values.anchors}"`);
const max = Number(values.count);

function anchorsOf(face: Box, photo: Box, width: number, height: number): PortraitAnchor[] {
  const all = portraitAnchors(face, photo, width, height);
  if (values.anchors === 'photo') return all.filter((a) => a.source === 'photo');
  if (values.anchors === 'layout' && all.length > 1) return all.filter((a) => a.source === 'layout');
  return all;
}

interface Overlay {
  centerPx: [number, number];
  widthPx: number;
  heightPx: number;
  rotationDeg: number;
}

/** Ground-truth corners (left-top, right-top, right-bottom, left-bottom) in input-image px. */
function truthInImage(sidecar: { portrait_quad: Point[]; params: { attackParams?: { overlay?: Overlay; portraitBoxPx?: { x: number; y: number; width: number; height: number } } } }): Point[] {
  const ov = sidecar.params.attackParams?.overlay;
  const box = sidecar.params.attackParams?.portraitBoxPx;
  if (ov === undefined || box === undefined) return sidecar.portrait_quad;
  const renderToImage = homographyFromPoints([[box.x, box.y], [box.x + box.width, box.y], [box.x + box.width, box.y + box.height], [box.x, box.y + box.height]], sidecar.portrait_quad as unknown as Quad);
  const t = (ov.rotationDeg * Math.PI) / 180;
  const [hw, hh] = [ov.widthPx / 2, ov.heightPx / 2];
  return ([[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]] as const).map(([u, v]) =>
    applyHomography(renderToImage, ov.centerPx[0] + u * Math.cos(t) - v * Math.sin(t), ov.centerPx[1] + u * Math.sin(t) + v * Math.cos(t)),
  );
}

const sideErrors: number[] = [];
const turnErrors: number[] = [];
const turns: number[] = [];
const cpuMs: number[] = [];
let done = 0;
let layoutWon = 0;
for (const file of await readdir(values.dir)) {
  for (const entry of JSON.parse(await readFile(`${values.dir}/${file}`, 'utf8'))) {
    if (done >= max || entry.snapshot?.portrait == null || !String(entry.image).includes(`/${values.split}-`)) continue;
    const sidecar = JSON.parse(await readFile(String(entry.image).replace(/\.\w+$/, '.json'), 'utf8'));
    const kind = sidecar.params.attackSubtype ?? (sidecar.label === 'bona_fide' ? 'bona_fide' : 'other');
    if (kind !== values.kind || !sidecar.portrait_quad) continue;
    done++;
    const s = entry.snapshot;
    const decoded = await decodeImage(await readFile(entry.image), { maxImagePixels: 50_000_000 });
    const luma = lumaFromInterleaved(await rectify(decoded.image, s.quad, s.canonicalWidth, s.canonicalHeight));
    const anchors = anchorsOf(s.portrait.face, s.portrait.photo, s.canonicalWidth, s.canonicalHeight);
    fitPortraitRectangle(luma, s.portrait.face, anchors);
    const cpu0 = process.cpuUsage();
    const fit = fitPortraitRectangle(luma, s.portrait.face, anchors);
    if (fit.layoutAnchored === 1) layoutWon++;
    const cpu = process.cpuUsage(cpu0);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    const toCanonical = homographyFromPoints(s.quad, [[0, 0], [s.canonicalWidth, 0], [s.canonicalWidth, s.canonicalHeight], [0, s.canonicalHeight]]);
    const truth = truthInImage(sidecar).map(([x, y]) => applyHomography(toCanonical, x, y));
    const [a, b, c, d] = truth as [Point, Point, Point, Point];
    const truthTurn = (Math.atan2(b[1] - a[1], b[0] - a[0]) * 180) / Math.PI;
    // A card the front-end turned by 180 degrees has its truth corners in the other order: left out.
    if (Math.abs(truthTurn) > 90) continue;
    const [f0, f1, f2, f3] = fit.corners as [Point, Point, Point, Point];
    sideErrors.push(
      Math.abs((f0[0] + f3[0]) / 2 - (a[0] + d[0]) / 2), Math.abs((f1[0] + f2[0]) / 2 - (b[0] + c[0]) / 2),
      Math.abs((f0[1] + f1[1]) / 2 - (a[1] + b[1]) / 2), Math.abs((f2[1] + f3[1]) / 2 - (c[1] + d[1]) / 2),
    );
    turnErrors.push(Math.abs(fit.angleDeg - truthTurn));
    turns.push(Math.abs(fit.angleDeg));
  }
}
const median = (v: number[]): number => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)] ?? Number.NaN;
const p95 = (v: number[]): number => [...v].sort((x, y) => x - y)[Math.min(v.length - 1, Math.floor(v.length * 0.95))] ?? Number.NaN;
const share = (limit: number): string => ((100 * sideErrors.filter((e) => e <= limit).length) / Math.max(1, sideErrors.length)).toFixed(0);
console.log(`${values.kind}: ${turns.length} images (${done} read), sides within 3 px ${share(3)} %, within 6 px ${share(6)} %`);
console.log(`turn error median ${median(turnErrors).toFixed(2)} deg, fitted |turn| median ${median(turns).toFixed(2)} deg`);
console.log(`rectangle found from a layout box on ${layoutWon} of ${done} images`);
console.log(`fit CPU median ${median(cpuMs).toFixed(1)} ms, p95 ${p95(cpuMs).toFixed(1)} ms`);
