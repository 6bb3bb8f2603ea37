// Separability of every scalar feature of src/features on a labelled manifest (DESIGN.md format): AUC of
// "attack scores higher than bona fide", overall and per attack type. Evaluation only -- no model is fitted.
// Usage: node --import tsx scripts/feature-separability.ts <manifest.jsonl> [--exclude <substring>] [--crop 1024]
//        [--document]
// The spectral, noise, JPEG and texture features run on a crop at native resolution (attack traces are fine-scale;
// the crop starts on the 8x8 grid so JPEG phases stay as stored), colour on the whole image at 512 px. The crop is
// central, or with --document centred on the main document's quad (its bounding box shrunk by 5 %) when the
// manifest has one; colour then also uses the document's bounding box.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import sharp from 'sharp';
import { cropPlane, lumaFromRgb, toRgbPlanes, channelPlane, type RgbPlanes } from '../src/features/planes.js';
import { averagePowerSpectrum, findSpectralPeaks, highFrequencyRatio } from '../src/features/spectrum.js';
import { medianResidual, noiseInconsistency, noiseLevelMap, noiseSigma } from '../src/features/residual.js';
import { compressionTrace } from '../src/features/jpeg.js';
import { chromaStatistics, colourlessness, gamutHull, whitePoint } from '../src/features/colour.js';
import { flatness, lbpHistogram, localContrast, sharpness } from '../src/features/texture.js';

interface Entry {
  image: string;
  label: 'bona_fide' | 'attack';
  attack: string | null;
  quad?: number[][];
}

const args = process.argv.slice(2);
const manifestPath = args[0];
if (!manifestPath) throw new Error('usage: feature-separability.ts <manifest.jsonl> [--exclude <substring>] [--crop 1024]');
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const exclude = option('--exclude');
const cropSize = Number(option('--crop') ?? 1024);
const onDocument = args.includes('--document');

const ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63];

/** Luma quantisation table (table id 0, 8-bit) of a JPEG file in natural order, or undefined (not JPEG / 16-bit). */
function lumaTable(bytes: Buffer): number[] | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 4 <= bytes.length) {
    const marker = bytes.readUInt16BE(i);
    const length = bytes.readUInt16BE(i + 2);
    if (marker === 0xffdb) {
      let j = i + 4;
      while (j < i + 2 + length) {
        const precision = bytes[j]! >> 4;
        const id = bytes[j]! & 15;
        if (precision === 0 && id === 0) {
          const table = new Array<number>(64);
          for (let k = 0; k < 64; k++) table[ZIGZAG[k]!] = bytes[j + 1 + k]!;
          return table;
        }
        j += 1 + 64 * (precision + 1);
      }
    }
    if (marker === 0xffda) break;
    i += 2 + length;
  }
  return undefined;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bounding box of a quad, shrunk by 5 % on each side and clamped to the image; null when nothing is left. */
function documentBox(quad: number[][] | undefined, width: number, height: number): Box | null {
  if (!quad || quad.length !== 4) return null;
  const xs = quad.map((p) => p[0]!);
  const ys = quad.map((p) => p[1]!);
  const x0 = Math.max(0, Math.min(...xs));
  const y0 = Math.max(0, Math.min(...ys));
  const x1 = Math.min(width, Math.max(...xs));
  const y1 = Math.min(height, Math.max(...ys));
  const mx = 0.05 * (x1 - x0);
  const my = 0.05 * (y1 - y0);
  const box = { x: Math.ceil(x0 + mx), y: Math.ceil(y0 + my), width: Math.floor(x1 - x0 - 2 * mx), height: Math.floor(y1 - y0 - 2 * my) };
  return box.width >= 256 && box.height >= 256 ? box : null;
}

/** A square crop of at most `size` px centred in `within`, its origin on the 8x8 grid. */
function cropRgbPlanes(rgb: RgbPlanes, size: number, within: Box): RgbPlanes {
  const s = Math.min(size, within.width, within.height);
  // Rounding the origin down to the grid moves the crop at most 7 px left / up, still inside the image.
  const x = Math.floor((within.x + (within.width - s) / 2) / 8) * 8;
  const y = Math.floor((within.y + (within.height - s) / 2) / 8) * 8;
  const rect = { x, y, width: s, height: s };
  return {
    width: s,
    height: s,
    r: cropPlane(channelPlane(rgb, 'r'), rect).data,
    g: cropPlane(channelPlane(rgb, 'g'), rect).data,
    b: cropPlane(channelPlane(rgb, 'b'), rect).data,
  };
}

async function features(path: string, quad: number[][] | undefined): Promise<Record<string, number>> {
  const bytes = readFileSync(path);
  const full = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const rgbFull = toRgbPlanes({ width: full.info.width, height: full.info.height, channels: full.info.channels, data: full.data });
  const whole = { x: 0, y: 0, width: rgbFull.width, height: rgbFull.height };
  const doc = onDocument ? documentBox(quad, rgbFull.width, rgbFull.height) : null;
  const crop = cropRgbPlanes(rgbFull, cropSize, doc ?? whole);
  const luma = lumaFromRgb(crop);
  let colourSource = sharp(bytes).removeAlpha().toColourspace('srgb');
  if (doc) colourSource = colourSource.extract({ left: doc.x, top: doc.y, width: doc.width, height: doc.height });
  const small = await colourSource.resize(512, 512, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
  const rgbSmall = toRgbPlanes({ width: small.info.width, height: small.info.height, channels: small.info.channels, data: small.data });
  const out: Record<string, number> = {};

  const residual = medianResidual(luma);
  const peaksOf = (plane: typeof luma) => findSpectralPeaks(averagePowerSpectrum(plane, { size: 128, maxPatches: 16 }), { minFrequency: 0.03 });
  const lumaPeaks = peaksOf(luma);
  const residualPeaks = peaksOf(residual);
  const channelPeaks = (['r', 'g', 'b'] as const).map((c) => peaksOf(channelPlane(crop, c)));
  out['spectrum: max peak prominence dB (luma)'] = lumaPeaks[0]?.prominenceDb ?? 0;
  out['spectrum: peak count >= 10 dB (luma)'] = lumaPeaks.length;
  out['spectrum: max peak prominence dB (median residual)'] = residualPeaks[0]?.prominenceDb ?? 0;
  out['spectrum: max peak prominence dB (max over R, G, B)'] = Math.max(...channelPeaks.map((p) => p[0]?.prominenceDb ?? 0));
  out['spectrum: high-frequency ratio > 0.25 c/px (luma)'] = highFrequencyRatio(averagePowerSpectrum(luma, { size: 128, maxPatches: 16 }));

  out['residual: noise sigma'] = noiseSigma(luma);
  const inconsistency = noiseInconsistency(noiseLevelMap(luma, 32));
  out['residual: noise spread p90/p10'] = inconsistency.spread;
  out['residual: noise outlier fraction'] = inconsistency.outlierFraction;

  const trace = compressionTrace(luma, lumaTable(bytes));
  out['jpeg: blockiness'] = trace.grid.blockiness;
  out['jpeg: comb fit at primary grid'] = trace.comb.primaryFit;
  out['jpeg: shifted second grid (comb fit)'] = trace.shiftedGrid;
  out['jpeg: double compression (histogram periodicity)'] = trace.doubleCompression;

  const chroma = chromaStatistics(rgbSmall);
  out['colour: saturation p50'] = chroma.saturationP50;
  out['colour: saturation p99'] = chroma.saturationP99;
  out['colour: colourfulness'] = chroma.colourfulness;
  out['colour: colourful pixel fraction (white-balanced)'] = colourlessness(rgbSmall).colourfulFraction;
  out['colour: gamut hull / sRGB'] = gamutHull(rgbSmall).relativeToSrgb;
  const wp = whitePoint(rgbSmall);
  out['colour: CCT grey world'] = wp.greyWorld.cct;
  out['colour: CCT brightest 2 %'] = wp.brightest.cct;

  const lbp = lbpHistogram(luma, 2);
  out['texture: LBP non-uniform share'] = lbp[9]!;
  out['texture: LBP flat/dip share (bin 8)'] = lbp[8]!;
  out['texture: LBP edge share (bin 4)'] = lbp[4]!;
  const sh = sharpness(luma, 2);
  out['texture: Laplacian variance'] = sh.laplacianVariance;
  out['texture: mean gradient'] = sh.meanGradient;
  const flat = flatness(luma);
  out['texture: flat unclipped 4x4 blocks'] = flat.flatUnclippedFraction;
  const contrast = localContrast(luma);
  out['texture: block std p10'] = contrast.stdP10;
  out['texture: block std p90'] = contrast.stdP90;
  return out;
}

/** AUC of "attack > bona fide" by the Mann-Whitney U statistic (ties count one half). */
function auc(attack: number[], bona: number[]): number {
  let wins = 0;
  for (const a of attack) for (const b of bona) wins += a > b ? 1 : a === b ? 0.5 : 0;
  return wins / (attack.length * bona.length);
}

const root = dirname(resolve(manifestPath));
const entries: Entry[] = readFileSync(manifestPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Entry)
  .filter((e) => !exclude || !e.image.includes(exclude));
const rows: Array<{ entry: Entry; values: Record<string, number> }> = [];
for (const entry of entries) rows.push({ entry, values: await features(resolve(root, entry.image), entry.quad) });

const bona = rows.filter((r) => r.entry.label === 'bona_fide');
const attackTypes = [...new Set(rows.filter((r) => r.entry.label === 'attack').map((r) => r.entry.attack ?? 'unknown'))].sort();
const names = Object.keys(rows[0]?.values ?? {});
console.log(`Manifest ${manifestPath}${exclude ? ` without images whose path contains "${exclude}"` : ''}: ${bona.length} bona fide, ` +
  attackTypes.map((t) => `${rows.filter((r) => r.entry.attack === t).length} ${t}`).join(', ') +
  `; crop ${cropSize} px${onDocument ? ' on the document' : ''}.\n`);
console.log(`| feature | ${attackTypes.map((t) => `AUC ${t}`).join(' | ')} |`);
console.log(`|---|${attackTypes.map(() => '---:').join('|')}|`);
for (const name of names) {
  const b = bona.map((r) => r.values[name]!);
  const cells = attackTypes.map((t) => auc(rows.filter((r) => r.entry.attack === t).map((r) => r.values[name]!), b).toFixed(2));
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
