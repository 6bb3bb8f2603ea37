// Which localisation stage loses a frame, read side by side: for each side of the annotated quad (DLC grey copies or
// a lab manifest), its edge support along the truth segment (share of samples, longest gap, number of pieces),
// the nearest Hough line (angle, offset, rank by votes), and where the best classical candidate ranks. Optionally
// draws the truth, the near lines and the first hypothesis on the working image (for looking, never committed).
//   node --import tsx lab/localiser/side-lines.ts --only NAME[,NAME] [--manifest PATH] [--draw DIR]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { Point, Quad } from '../../src/domain/types.js';
import { decodeImage } from '../../src/image/decode.js';
import { downscale } from '../../src/image/raster.js';
import { colourEdges, type EdgeMap } from '../../src/localisation/edges.js';
import { quadIou } from '../../src/localisation/geometry.js';
import { detectLines, type Line } from '../../src/localisation/lines.js';
import { DEFAULT_LOCALISER_THRESHOLDS, localise, WORKING_SIDE } from '../../src/localisation/localise.js';
import { manifestImagePath, readJsonLines } from '../manifest-files.js';
import { sharedDataDir } from '../shared-data.js';

const { values } = parseArgs({ options: { only: { type: 'string' }, manifest: { type: 'string' }, draw: { type: 'string' }, 'max-lines': { type: 'string' } } });
if (values.only === undefined) {
  console.log('node --import tsx lab/localiser/side-lines.ts --only NAME[,NAME] [--manifest PATH] [--draw DIR]');
  process.exit(1);
}
interface Row { image: string; quad: [number, number][] }
const manifest = values.manifest ?? join(sharedDataDir(), 'dlc2021-graycopy-dev', 'manifest.jsonl');
const wanted = values.only.split(',');
const rows = readJsonLines<Row>(manifest).filter((r) => wanted.some((w) => r.image.includes(w)));
const thr = DEFAULT_LOCALISER_THRESHOLDS.edgeThreshold;

/** Support of the segment a -> b with one polarity: share of 1-px samples, longest gap, pieces (runs of >= 5 px). */
function sideSupport(edges: EdgeMap, a: Point, b: Point): { share: number; gap: number; pieces: number; polarity: number } {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const dx = (b[0] - a[0]) / length, dy = (b[1] - a[1]) / length, nx = -dy, ny = dx;
  const marks: number[] = [];
  for (let t = 0; t < length; t++) {
    const px = a[0] + t * dx, py = a[1] + t * dy;
    let best = 0;
    for (let o = -1.5; o <= 1.5; o += 0.75) {
      const x = Math.round(px + o * nx), y = Math.round(py + o * ny);
      if (x < 0 || y < 0 || x >= edges.width || y >= edges.height) continue;
      const i = y * edges.width + x, m = edges.magnitude[i]!;
      if (m < thr) continue;
      const along = edges.gx[i]! * nx + edges.gy[i]! * ny;
      if (Math.abs(along) > 0.9 * m && Math.abs(along) > Math.abs(best)) best = along;
    }
    marks.push(Math.sign(best));
  }
  const pos = marks.filter((m) => m > 0).length, neg = marks.filter((m) => m < 0).length;
  const polarity = pos >= neg ? 1 : -1;
  let gap = 0, run = 0, pieces = 0, on = 0;
  for (const m of marks) {
    if (m === polarity) { run = 0; on++; } else { if (on >= 5) pieces++; on = 0; run++; gap = Math.max(gap, run); }
  }
  if (on >= 5) pieces++;
  return { share: Math.max(pos, neg) / Math.max(1, marks.length), gap, pieces, polarity };
}

function nearestLine(lines: readonly Line[], a: Point, b: Point): { rank: number; angle: number; offset: number } {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const nx = -(b[1] - a[1]) / length, ny = (b[0] - a[0]) / length;
  let best = { rank: -1, angle: 99, offset: 99 };
  for (const [rank, l] of lines.entries()) {
    if (l.frameEdge) continue;
    const angle = (Math.acos(Math.min(1, Math.abs(l.nx * nx + l.ny * ny))) * 180) / Math.PI;
    const offset = Math.max(Math.abs(a[0] * l.nx + a[1] * l.ny - l.rho), Math.abs(b[0] * l.nx + b[1] * l.ny - l.rho));
    if (angle < 4 && offset < best.offset) best = { rank, angle, offset };
  }
  return best;
}

for (const row of rows) {
  const full = (await decodeImage(readFileSync(manifestImagePath(manifest, row.image)), { maxImagePixels: 50_000_000 })).image;
  const working = await downscale(full, WORKING_SIDE);
  const s = working.width / full.width;
  const truth = row.quad.map(([x, y]) => [x * s, y * s] as Point) as unknown as Quad;
  const edges = colourEdges(working);
  const lines = detectLines(edges, { edgeThreshold: thr, maxLines: Number(values['max-lines'] ?? 48) });
  const loc = localise(working);
  const ious = loc.candidates.map((c) => quadIou(c.quad, truth));
  const bestRank = ious.indexOf(Math.max(0, ...ious));
  const first = loc.hypotheses[0];
  console.log(`${row.image}: ${loc.candidates.length} candidates, best IoU ${Math.max(0, ...ious).toFixed(3)} at rank ${bestRank}` +
    ` (score ${loc.candidates[bestRank]?.score.toFixed(3)} edge ${loc.candidates[bestRank]?.edgeScore.toFixed(2)}), first hypothesis IoU ${first ? quadIou(first.quad, truth).toFixed(3) : '-'}` +
    ` score ${first?.score.toFixed(3) ?? '-'} edge ${first?.edgeScore.toFixed(2) ?? '-'}, hypothesis IoUs ${loc.hypotheses.map((h) => quadIou(h.quad, truth).toFixed(2)).join(' ')}`);
  for (let k = 0; k < 4; k++) {
    const a = truth[k]!, b = truth[(k + 1) % 4]!;
    const sup = sideSupport(edges, a, b), near = nearestLine(lines, a, b);
    console.log(`  side ${k}: length ${Math.hypot(b[0] - a[0], b[1] - a[1]).toFixed(0)}, support ${sup.share.toFixed(2)} (${sup.polarity > 0 ? '+' : '-'}), longest gap ${sup.gap}, pieces ${sup.pieces}; nearest line rank ${near.rank} angle ${near.angle.toFixed(1)} offset ${near.offset.toFixed(1)}`);
  }
  if (values.draw !== undefined) {
    const img = Buffer.from(working.data);
    const plot = (q: readonly Point[], colour: [number, number, number]): void => {
      for (let k = 0; k < q.length; k++) {
        const a = q[k]!, b = q[(k + 1) % q.length]!, n = Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]));
        for (let t = 0; t <= n; t++) {
          const x = Math.round(a[0] + ((b[0] - a[0]) * t) / Math.max(1, n)), y = Math.round(a[1] + ((b[1] - a[1]) * t) / Math.max(1, n));
          if (x < 0 || y < 0 || x >= working.width || y >= working.height) continue;
          img.set(colour, (y * working.width + x) * 3);
        }
      }
    };
    for (const l of lines) {
      if (l.frameEdge) continue;
      const d = 2 * WORKING_SIDE;
      plot([[l.rho * l.nx - d * l.ny, l.rho * l.ny + d * l.nx], [l.rho * l.nx + d * l.ny, l.rho * l.ny - d * l.nx]], [0, 120, 255]);
    }
    plot(truth, [0, 220, 0]);
    if (first) plot(first.quad, [255, 0, 0]);
    await sharp(img, { raw: { width: working.width, height: working.height, channels: 3 } }).png().toFile(join(values.draw, row.image.replaceAll('/', '_') + '.png'));
  }
}
