// A detector's coarse region map as a small picture: each cell coloured by the probability its raw score would
// get under the pipeline's calibration, red (attack-like, 0) through yellow (0.5) to green (live-like, 1), as an
// opaque PNG with square-looking cells. Clients overlay it on the document themselves (it covers the canonical
// document, corner to corner); the raw numbers travel beside it.
import sharp from 'sharp';

/** Pixels per cell side in the PNG: big enough to view as is, small enough to stay a few hundred bytes. */
export const REGION_CELL_PX = 16;

/** The diverging scale's anchors (ColorBrewer RdYlGn ends and middle): probability 0, 0.5, 1. */
const ATTACK: readonly [number, number, number] = [215, 48, 39];
const UNDECIDED: readonly [number, number, number] = [255, 255, 191];
const LIVE: readonly [number, number, number] = [26, 152, 80];

/** Colour of a probability on the red-yellow-green scale (NaN is grey: no score). */
export function probabilityColour(p: number): [number, number, number] {
  if (!Number.isFinite(p)) return [128, 128, 128];
  const q = Math.min(1, Math.max(0, p));
  const [from, to, f] = q < 0.5 ? [ATTACK, UNDECIDED, q / 0.5] : [UNDECIDED, LIVE, (q - 0.5) / 0.5];
  return [0, 1, 2].map((c) => Math.round(from[c]! + (to[c]! - from[c]!) * f)) as [number, number, number];
}

/** PNG (rows x cols cells, row-major probabilities) encoded in base64. */
export async function regionMapPng(rows: number, cols: number, probabilities: readonly number[]): Promise<string> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || probabilities.length !== rows * cols) {
    throw new Error(`region map of ${rows} x ${cols} cells needs ${rows * cols} values, got ${probabilities.length}`);
  }
  const width = cols * REGION_CELL_PX, height = rows * REGION_CELL_PX;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / REGION_CELL_PX);
    for (let x = 0; x < width; x++) {
      const colour = probabilityColour(probabilities[row * cols + Math.floor(x / REGION_CELL_PX)]!);
      data.set(colour, (y * width + x) * 3);
    }
  }
  const png = await sharp(data, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 9 }).toBuffer();
  return png.toString('base64');
}
