import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxBlur, luma } from '../image/raster.js';
import type { Plane, RgbImage } from '../image/types.js';
import { background, card, greyPassportPage, placeInQuad } from '../../test/support/synthetic.js';
import { percentile, strokeMask, textEvidence } from './text-evidence.js';

// The plain version of the text evidence (brute-force closing, fresh arrays, bands walked column by column): the
// optimised module must give the same bits, whatever sizes ran before it (its scratch planes are reused).

function bruteExtremum(p: Plane, r: number, max: boolean): Float32Array {
  const { width, height, data } = p;
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    let m = max ? -Infinity : Infinity;
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
      const v = data[Math.min(height - 1, Math.max(0, y + dy)) * width + Math.min(width - 1, Math.max(0, x + dx))]!;
      m = max ? Math.max(m, v) : Math.min(m, v);
    }
    out[y * width + x] = m;
  }
  return out;
}

function plainStrokes(y: Plane): { mask: Uint8Array; strokes: number } {
  const closed = bruteExtremum({ ...y, data: bruteExtremum(y, 3, true) }, 3, false);
  const hat = closed.map((c, i) => c - y.data[i]!);
  const hist = new Array<number>(256).fill(0);
  for (const v of hat) hist[Math.max(0, Math.min(255, Math.round(v)))]!++;
  let acc = 0, p85 = 255;
  for (let v = 0; v < 256; v++) { acc += hist[v]!; if (acc >= 0.85 * hat.length) { p85 = v; break; } }
  const floor = Math.max(20, p85);
  const mask = new Uint8Array(hat.length);
  let strokes = 0;
  hat.forEach((c, i) => { if (c > floor && c > 0.18 * closed[i]!) { mask[i] = 1; strokes++; } });
  return { mask, strokes };
}

function plainTextEvidence(doc: RgbImage, downsampled: boolean): { textBandFraction: number; strokeFraction: number } {
  const { width, height } = doc;
  const { mask, strokes } = plainStrokes(downsampled ? boxBlur(luma(doc), 1, 2) : luma(doc));
  const bandHeight = Math.max(1, Math.floor(height / 48));
  const runs: number[] = [], inked: number[] = [];
  for (let b = 0; b < 48; b++) {
    let r = 0, k = 0, inRun = false;
    for (let x = 0; x < width; x++) {
      let any = false;
      for (let y = b * bandHeight; y < Math.min(height, (b + 1) * bandHeight); y++) if (mask[y * width + x] === 1) any = true;
      if (any) { k++; if (!inRun) r++; }
      inRun = any;
    }
    runs.push(r); inked.push(k);
  }
  let textBands = 0;
  for (let b = 0; b < 48; b++) {
    if (runs[b]! < 12 || inked[b]! >= 0.7 * width) continue;
    if ([-2, -1, 1, 2].some((d) => b + d >= 0 && b + d < 48 && inked[b + d]! < 0.4 * inked[b]!)) textBands++;
  }
  return { textBandFraction: textBands / 48, strokeFraction: strokes / mask.length };
}

test('text evidence and stroke mask equal the plain version, across sizes (scratch planes reused)', () => {
  const docs: RgbImage[] = [
    card(640, 403, 71),
    placeInQuad(background(320, 210, 72), card(856, 540, 73), [[20, 15], [300, 25], [290, 200], [30, 190]]),
    greyPassportPage(640, 451, 74),
    card(97, 61, 75),
    card(640, 403, 76, [90, 80, 70]),
  ];
  for (const [i, doc] of docs.entries()) {
    for (const downsampled of [false, true]) {
      assert.deepEqual(textEvidence(doc, downsampled), plainTextEvidence(doc, downsampled), `image ${i}, downsampled ${downsampled}`);
    }
    const fast = strokeMask(doc), plain = plainStrokes(luma(doc));
    assert.equal(fast.strokes, plain.strokes, `image ${i}`);
    assert.deepEqual(fast.mask, plain.mask, `image ${i}`);
  }
});

test('the black-hat percentile bins every float32 level as Math.round would (halves, negatives, the ends)', () => {
  const levels: number[] = [];
  for (let v = -3; v <= 258; v += 0.5) for (const d of [-1e-4, 0, 1e-4]) levels.push(Math.fround(v + d));
  const plain = (values: readonly number[], q: number): number => {
    const hist = new Array<number>(256).fill(0);
    for (const v of values) hist[Math.max(0, Math.min(255, Math.round(v)))]!++;
    let acc = 0;
    for (let v = 0; v < 256; v++) { acc += hist[v]!; if (acc >= q * values.length) return v; }
    return 255;
  };
  for (let k = 0; k < levels.length; k += 7) {
    // Every level once as the quantile: the rest of the plane below or above it.
    const values = levels.slice(k, k + 40);
    for (const q of [0, 0.3, 0.5, 0.85, 1]) assert.equal(percentile(new Float32Array(values), q), plain(values, q), `levels from ${values[0]}, q ${q}`);
  }
});
