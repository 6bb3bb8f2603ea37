// How often colourlessness() calls a document grey, on a manifest with document quads (DESIGN.md format): the
// check runs on the quad's bounding box, shrunk by 10 % to keep the desk out. Evaluation only.
// Usage: node --import tsx scripts/colourless-check.ts <manifest.jsonl> [--every N]
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import sharp from 'sharp';
import { toRgbPlanes } from '../src/features/planes.js';
import { colourlessness } from '../src/features/colour.js';

const [manifestPath, flag, value] = process.argv.slice(2);
if (!manifestPath) throw new Error('usage: colourless-check.ts <manifest.jsonl> [--every N]');
const every = flag === '--every' ? Number(value) : 1;
const root = dirname(resolve(manifestPath));
const entries = readFileSync(manifestPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { image: string; quad?: number[][]; colorless?: boolean })
  .filter((e, i) => e.quad && i % every === 0);
let flagged = 0;
const fractions: number[] = [];
for (const e of entries) {
  const xs = e.quad!.map((p) => p[0]!);
  const ys = e.quad!.map((p) => p[1]!);
  const image = sharp(resolve(root, e.image));
  const meta = await image.metadata();
  const x0 = Math.max(0, Math.min(...xs));
  const y0 = Math.max(0, Math.min(...ys));
  const x1 = Math.min(meta.width!, Math.max(...xs));
  const y1 = Math.min(meta.height!, Math.max(...ys));
  const mx = Math.round((x1 - x0) * 0.1);
  const my = Math.round((y1 - y0) * 0.1);
  const region = { left: Math.round(x0 + mx), top: Math.round(y0 + my), width: Math.round(x1 - x0 - 2 * mx), height: Math.round(y1 - y0 - 2 * my) };
  const { data, info } = await image.extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const result = colourlessness(toRgbPlanes({ width: info.width, height: info.height, channels: info.channels, data }));
  fractions.push(result.colourfulFraction);
  if (result.colourless) flagged++;
}
fractions.sort((a, b) => a - b);
console.log(`${entries.length} documents from ${manifestPath}: ${flagged} (${((100 * flagged) / entries.length).toFixed(1)} %) called colourless; ` +
  `colourful-pixel fraction median ${fractions[fractions.length >> 1]!.toFixed(4)}, 95th percentile ${fractions[Math.floor(0.95 * (fractions.length - 1))]!.toFixed(4)}, max ${fractions[fractions.length - 1]!.toFixed(4)}`);
