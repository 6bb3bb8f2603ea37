// Per-strip labels (branch ps7) for a strip dump of xenops-ps-strips.ts, from the sidecars and the front-end
// snapshots the dump was cut from (xenops-ps-sheet-truth.ts): a physical substitution's strip is 1 when it lies
// across the stuck-on sheet's same-named side and dropped (null) otherwise; bona fide strips are 0, and those across
// the printed portrait's frame are flagged as hard negatives (`frame`); digital substitutions get null (no sheet).
// Writes PREFIX.labels.json beside the dump; --draw DIR writes PNGs of the first N images (canonical document,
// sheet / frame outline in yellow, strip centres green = 1, red = 0 on the frame, grey = 0 elsewhere, blue = dropped).
//   node --import tsx lab/detectors/xenops-ps-strip-labels.ts /tmp/ps6/strips/train [...] [--draw /tmp/ps7/draw --count 6]
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { Point } from '../../src/domain/types.js';
import { decodeImage } from '../../src/image/decode.js';
import { rectify } from '../../src/localisation/rectify.js';
import { ACROSS_TOLERANCE, distanceToSide, photoToCanonical, physicalStripLabels, sheetInPhoto, type TruthSidecar } from './xenops-ps-sheet-truth.js';
import type { SnapshotEntry, Snapshot } from './xenops-ps-snapshot-input.js';
import type { StripSetIndex } from './xenops-ps-strips.js';

export interface StripLabels {
  readonly tolerance: number;
  /** Per image of the index, per strip: 1, 0 or null (left out of training). */
  readonly labels: readonly (readonly (0 | 1 | null)[])[];
  /** Per image, per strip: a bona fide strip across the printed portrait's frame. */
  readonly frame: readonly (readonly boolean[])[];
}

async function allSnapshots(dirs: readonly string[]): Promise<Map<string, Snapshot>> {
  const map = new Map<string, Snapshot>();
  for (const dir of dirs)
    for (const file of await readdir(dir))
      for (const e of JSON.parse(await readFile(join(dir, file), 'utf8')) as SnapshotEntry[]) if (e.snapshot !== null && !map.has(e.image)) map.set(e.image, e.snapshot);
  return map;
}

function drawOutline(img: { width: number; height: number; data: Uint8Array }, pts: readonly Point[], rgb: readonly [number, number, number]): void {
  const put = (x: number, y: number): void => {
    const xi = Math.round(x), yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= img.width || yi >= img.height) return;
    img.data.set(rgb, (yi * img.width + xi) * 3);
  };
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!, q = pts[(i + 1) % pts.length]!;
    const n = Math.ceil(Math.hypot(q[0] - p[0], q[1] - p[1]));
    for (let k = 0; k <= n; k++) put(p[0] + ((q[0] - p[0]) * k) / Math.max(1, n), p[1] + ((q[1] - p[1]) * k) / Math.max(1, n));
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      dirs: { type: 'string', default: '/work/data/extra-ps3-snapshots,/work/data/extra-ps4-snapshots' },
      draw: { type: 'string' },
      count: { type: 'string', default: '6' },
    },
  });
  if (positionals.length === 0) throw new Error('usage: xenops-ps-strip-labels.ts STRIP_PREFIX [...] [--draw DIR --count N]');
  const snaps = await allSnapshots(values.dirs.split(','));
  let drawn = 0;
  for (const prefix of positionals) {
    const index = JSON.parse(await readFile(`${prefix}.json`, 'utf8')) as StripSetIndex;
    const labels: (0 | 1 | null)[][] = [];
    const frame: boolean[][] = [];
    const counts = { positive: 0, dropped: 0, negative: 0, frame: 0, physicalImages: 0, physicalWithPositive: 0, noTruth: 0 };
    for (const im of index.images) {
      const snap = snaps.get(im.path);
      const sidecar = JSON.parse(await readFile(im.path.replace(/\.[^./]+$/, '.json'), 'utf8')) as TruthSidecar;
      const toCanon = (pts: readonly Point[]): Point[] => (snap === undefined ? [] : photoToCanonical(pts, snap.quad, snap.canonicalWidth, snap.canonicalHeight));
      let outline: Point[] = [];
      let row: (0 | 1 | null)[];
      let onFrame: boolean[] = im.places.map(() => false);
      if (im.label === 'bona_fide') {
        outline = sidecar.portrait_quad?.length === 4 ? toCanon(sidecar.portrait_quad) : [];
        onFrame = im.places.map((p) => outline.length === 4 && distanceToSide(p, outline) <= ACROSS_TOLERANCE);
        row = im.places.map(() => 0);
      } else if (im.subtype === 'physical') {
        counts.physicalImages++;
        const sheet = sheetInPhoto(sidecar);
        outline = sheet === null ? [] : toCanon(sheet);
        if (outline.length !== 4) counts.noTruth++;
        row = outline.length === 4 ? physicalStripLabels(im.places, outline) : im.places.map(() => null);
        if (row.includes(1)) counts.physicalWithPositive++;
      } else row = im.places.map(() => null);
      for (const l of row) l === 1 ? counts.positive++ : l === 0 ? counts.negative++ : counts.dropped++;
      counts.frame += onFrame.filter(Boolean).length;
      labels.push(row);
      frame.push(onFrame);
      if (values.draw !== undefined && snap !== undefined && drawn < Number(values.count) && im.subtype !== 'digital' && (drawn % 2 === 0) === (im.subtype === 'physical')) {
        drawn++;
        const decoded = await decodeImage(await readFile(im.path), { maxImagePixels: 50_000_000 });
        const canon = await rectify(decoded.image, snap.quad, snap.canonicalWidth, snap.canonicalHeight);
        const img = { width: canon.width, height: canon.height, data: Uint8Array.from(canon.data) };
        drawOutline(img, outline, [255, 255, 0]);
        im.places.forEach((p, j) => {
          const colour: [number, number, number] = row[j] === 1 ? [0, 255, 0] : row[j] === null ? [0, 80, 255] : onFrame[j] ? [255, 0, 0] : [160, 160, 160];
          drawOutline(img, [[p.x - 2, p.y - 2], [p.x + 2, p.y - 2], [p.x + 2, p.y + 2], [p.x - 2, p.y + 2]], colour);
        });
        await mkdir(values.draw, { recursive: true });
        const name = `${drawn}-${im.subtype ?? im.label}-${im.path.split('/').slice(-2).join('_').replace(/\.\w+$/, '')}.png`;
        await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } }).png().toFile(join(values.draw, name));
      }
    }
    const out: StripLabels = { tolerance: ACROSS_TOLERANCE, labels, frame };
    await writeFile(`${prefix}.labels.json`, JSON.stringify(out));
    console.log(`${prefix}: ${JSON.stringify(counts)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
