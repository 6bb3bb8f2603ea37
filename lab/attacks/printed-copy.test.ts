import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { captureDocument } from '../capture/index.js';
import type { CaptureOptions } from '../capture/index.js';
import type { DocumentRender } from '../types.js';
import { printedCopy } from './printed-copy.js';
import { syntheticDocument } from '../../test/lab/synthetic-document.js';
import { decode, lumaAt, quadMapper } from '../../test/lab/pixels.js';
import type { Decoded } from '../../test/lab/pixels.js';
import { spectrum2dAt } from '../../test/lab/spectrum.js';

function flatDocument(rgb: readonly [number, number, number]): DocumentRender {
  const doc = syntheticDocument();
  const w = Math.round(doc.widthMm * 8);
  const h = Math.round(doc.heightMm * 8);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  return { ...doc, image: { width: w, height: h, data }, pxPerMm: 8, cornerRadiusMm: 0, hologramBoxes: [], laminated: false };
}

const WIDTH_FILL = 2.8;
const controlled: CaptureOptions = {
  resolution: [640, 480],
  // Fronto-parallel close-up: 640 px see ~31 mm of the print (as a 12 MP frame sees a whole card, ~47 px/mm).
  controlled: { widthFill: WIDTH_FILL, noNoise: true },
  encoding: { path: 'phone', quality: 95, longSide: null, phoneModel: ['Test', 'Camera'] },
};

/** Centre window of one channel (0 R, 1 G, 2 B, 3 luma), mean removed, Hann-windowed. */
function window(img: Decoded, channel: number, size: number): Float64Array {
  const out = new Float64Array(size * size);
  const x0 = Math.round(img.width / 2 - size / 2);
  const y0 = Math.round(img.height / 2 - size / 2);
  let mean = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = ((y0 + y) * img.width + x0 + x) * 3;
      const v = channel === 3 ? 0.299 * img.data[o]! + 0.587 * img.data[o + 1]! + 0.114 * img.data[o + 2]! : img.data[o + channel]!;
      out[y * size + x] = v;
      mean += v;
    }
  }
  mean /= size * size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const w = (0.5 - 0.5 * Math.cos((2 * Math.PI * x) / (size - 1))) * (0.5 - 0.5 * Math.cos((2 * Math.PI * y) / (size - 1)));
      out[y * size + x] = (out[y * size + x]! - mean) * w;
    }
  }
  return out;
}

test('a fronto-parallel capture of a colour laser print has halftone peaks at the printer frequency and screen angles', async () => {
  const lpi = 150;
  const sample = await printedCopy(
    { doc: flatDocument([150, 140, 130]), rng: new Rng('halftone'), split: 'train', capture: captureDocument },
    { process: 'color-laser', print: { lpi, angles: { c: 15, m: 75, y: 0, k: 45 } }, straight: true, capture: controlled },
  );
  const camera = sample.params['camera'] as { focalPx: number; distanceMm: number };
  const img = await decode(sample.bytes);
  // Halftone frequency on the sensor: screen ruling (lines per mm) / sensor pixels per mm.
  const f = lpi / 25.4 / (camera.focalPx / camera.distanceMm);
  assert.ok(f > 0.15 && f < 0.45, `test geometry puts the screen at ${f.toFixed(3)} cycles/px`);
  const size = 128;
  // Black (45 deg) in luma, cyan (15 deg) in red (cyan absorbs red), magenta (75 deg) in green.
  for (const [name, channel, angle] of [['black', 3, 45], ['cyan', 0, 15], ['magenta', 1, 75]] as const) {
    const win = window(img, channel, size);
    const at = (deg: number): number => spectrum2dAt(win, size, f * Math.cos((deg * Math.PI) / 180), f * Math.sin((deg * Math.PI) / 180));
    const peak = at(angle);
    // Off the screen direction at the same radius (8 and 11 deg away: a few DFT bins, away from the other inks).
    const off = Math.max(at(angle - 8), at(angle + 8), at(angle - 11), at(angle + 11));
    assert.ok(peak > 4 * off, `${name}: |F| ${peak.toFixed(3)} at ${angle} deg vs ${off.toFixed(3)} beside it`);
  }
});

test('an inkjet print of the same patch has no AM peak at the laser screen positions', async () => {
  const sample = await printedCopy(
    { doc: flatDocument([150, 140, 130]), rng: new Rng('inkjet'), split: 'train', capture: captureDocument },
    { process: 'inkjet', straight: true, capture: controlled },
  );
  const camera = sample.params['camera'] as { focalPx: number; distanceMm: number };
  const img = await decode(sample.bytes);
  const f = 150 / 25.4 / (camera.focalPx / camera.distanceMm);
  const win = window(img, 3, 128);
  const at = (deg: number): number => spectrum2dAt(win, 128, f * Math.cos((deg * Math.PI) / 180), f * Math.sin((deg * Math.PI) / 180));
  const peak = at(45);
  const off = Math.max(at(37), at(53), at(34), at(56));
  assert.ok(peak < 2 * off, `error diffusion should have no 45 deg line at ${f.toFixed(3)}: ${peak.toFixed(3)} vs ${off.toFixed(3)}`);
});

/** Mean max-min spread of RGB at 9 x 5 points inside the document quad (null when most of them are off-frame). */
function chromaInQuad(img: Decoded, quad: Parameters<typeof quadMapper>[0]): number | null {
  const map = quadMapper(quad);
  let chroma = 0;
  let count = 0;
  for (let i = 1; i < 10; i++) {
    for (let j = 1; j < 6; j++) {
      const [x, y] = map(i / 10, j / 6);
      const xi = Math.round(x);
      const yi = Math.round(y);
      if (xi < 0 || yi < 0 || xi >= img.width || yi >= img.height) continue;
      const o = (yi * img.width + xi) * 3;
      chroma += Math.max(img.data[o]!, img.data[o + 1]!, img.data[o + 2]!) - Math.min(img.data[o]!, img.data[o + 1]!, img.data[o + 2]!);
      count++;
    }
  }
  return count > 30 ? chroma / count : null;
}

test('a grey photocopy of a red card is colourless where a colour print of it, in the same scene, is red', async () => {
  const red = flatDocument([200, 50, 40]);
  let checked = 0;
  for (let seed = 0; seed < 5 && checked < 3; seed++) {
    const shoot = (process: 'gray-photocopy' | 'color-laser') =>
      printedCopy({ doc: red, rng: new Rng(`photocopy-${seed}`), split: 'train', capture: captureDocument }, { process, capture: { resolution: [960, 540] } });
    const grey = await shoot('gray-photocopy');
    assert.equal(grey.label, 'attack');
    assert.equal(grey.attack, 'PRINTED_COPY');
    const g = chromaInQuad(await decode(grey.bytes), grey.quads[0]!);
    const colour = await shoot('color-laser');
    const c = chromaInQuad(await decode(colour.bytes), colour.quads[0]!);
    if (g === null || c === null) continue; // this shot crops most of the document away
    checked++;
    // Same lights, camera and white-balance error: only the print process differs. The room's colour cast may tint
    // a grey copy a little; the red ink must not be there.
    assert.ok(g < 0.5 * c, `seed ${seed}: chroma ${g.toFixed(1)} on the grey copy vs ${c.toFixed(1)} on the colour print`);
  }
  assert.equal(checked, 3, 'too few shots showed the document');
});

test('--print-cut card cuts the copy along the card outline: the paper margin around it becomes table, the document stays', async () => {
  const doc: DocumentRender = { ...flatDocument([90, 90, 90]), cornerRadiusMm: 3.2 };
  const capture: CaptureOptions = {
    resolution: [640, 480],
    controlled: { widthFill: 0.6, noNoise: true },
    encoding: { path: 'phone', quality: 95, longSide: null, phoneModel: ['Test', 'Camera'] },
  };
  // Seed 'cut-0': its default scissor cut leaves >= 3.2 mm of paper on every side and the table is darker than paper,
  // so the ring 1.8-3 mm outside the document is paper by default and table once cut along the outline.
  const shoot = (cut?: 'default' | 'card') =>
    printedCopy({ doc, rng: new Rng('cut-0'), split: 'train', capture: captureDocument }, { process: 'gray-photocopy', straight: true, capture, ...(cut ? { cut } : {}) });
  const plain = await shoot();
  const card = await shoot('card');
  // Off is the old behaviour, byte for byte (older chunks stay reproducible).
  assert.deepEqual((await shoot('default')).bytes, plain.bytes);
  const plainAttack = plain.params['attack'] as { marginsMm: number[]; cut?: unknown };
  const cardAttack = card.params['attack'] as { marginsMm: number[]; cut?: { rounded: boolean } };
  assert.equal(plainAttack.cut, undefined);
  assert.ok(Math.min(...plainAttack.marginsMm) >= 3.2, `default margins ${plainAttack.marginsMm.join(', ')}`);
  assert.ok(Math.max(...cardAttack.marginsMm) <= 2.5, `card margins ${cardAttack.marginsMm.join(', ')}`);
  const [a, b] = [await decode(plain.bytes), await decode(card.bytes)];
  // Same scene and camera: only the cut differs (the auto exposure sees less paper, so compare against the document).
  const at = quadMapper(plain.quads[0]!);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const inside: [number, number][] = [];
  for (let fy = 0.15; fy <= 0.85; fy += 0.1) for (let fx = 0.1; fx <= 0.9; fx += 0.1) inside.push(at(fx, fy) as [number, number]);
  // Outside it, 1.8-3 mm from the edge: paper with the default cut, the (darker) table with the card cut.
  const ring: [number, number][] = [];
  for (const d of [1.8, 2.4, 3]) {
    const fx = d / doc.widthMm;
    const fy = d / doc.heightMm;
    for (let t = 0.25; t <= 0.75; t += 0.125) ring.push(at(-fx, t) as [number, number], at(1 + fx, t) as [number, number], at(t, -fy) as [number, number], at(t, 1 + fy) as [number, number]);
  }
  const contrast = (img: Decoded) => mean(ring.map(([x, y]) => lumaAt(img, x, y, 1)!)) / mean(inside.map(([x, y]) => lumaAt(img, x, y, 2)!));
  const [ca, cb] = [contrast(a), contrast(b)];
  assert.ok(ca > 1.4 && cb < 0.75 * ca, `ring / document luma: default cut ${ca.toFixed(2)}, card cut ${cb.toFixed(2)}`);
  assert.equal(cardAttack.cut?.rounded, true);
});
