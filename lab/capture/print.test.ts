import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { drawPrintParams, printPage, type PrintParams } from './print.js';

const DPI = 600;
const SIDE = 360; // 15 mm at 600 dpi

/** A flat page of one sRGB grey level with a solid black bar across its top sixth. */
function page(level: number): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(SIDE * SIDE * 4);
  for (let i = 0; i < SIDE * SIDE; i++) {
    const v = i < (SIDE * SIDE) / 6 ? 0 : level;
    data.set([v, v, v, 255], i * 4);
  }
  return { width: SIDE, height: SIDE, data };
}

/** Luma of the printed reflectance averaged over 3x3 device pixels (~0.13 mm, a phone's view of the copy). */
function cameraCells(r: { width: number; height: number; data: Float32Array }): { w: number; h: number; v: Float32Array } {
  const w = Math.floor(r.width / 3);
  const h = Math.floor(r.height / 3);
  const v = new Float32Array(w * h);
  for (let y = 0; y < h * 3; y++) for (let x = 0; x < w * 3; x++) {
    const o = (y * r.width + x) * 4;
    v[Math.floor(y / 3) * w + Math.floor(x / 3)]! += (0.299 * r.data[o]! + 0.587 * r.data[o + 1]! + 0.114 * r.data[o + 2]!) / 9;
  }
  return { w, h, v };
}

/** Median standard deviation of 8x8-cell (~1 mm) blocks below the black bar: the copy's background texture. */
function backgroundTexture(r: { width: number; height: number; data: Float32Array }): number {
  const { w, h, v } = cameraCells(r);
  const stds: number[] = [];
  for (let by = Math.ceil(h / 6) + 4; by + 8 <= h; by += 8) for (let bx = 0; bx + 8 <= w; bx += 8) {
    let s = 0, s2 = 0;
    for (let y = by; y < by + 8; y++) for (let x = bx; x < bx + 8; x++) { s += v[y * w + x]!; s2 += v[y * w + x]! ** 2; }
    const m = s / 64;
    stds.push(Math.sqrt(Math.max(0, s2 / 64 - m * m)) / m);
  }
  stds.sort((a, b) => a - b);
  return stds[stds.length >> 1]!;
}

const greyCopy = (over: Partial<PrintParams>): PrintParams => ({ ...drawPrintParams(new Rng('copier'), 'gray-photocopy'), dpi: DPI, ...over });
/** The older lab copier: strong background suppression, no mottle, fog or streaks. */
const CLEAN: Partial<PrintParams> = { toneOffset: 0.08, mottle: 0, fog: 0, streak: 0, dotSpreadMm: 0, contrast: 1.5 };

test('a grey copy of a pale background is textured by toner mottle and fog where the clean copier printed plain paper', () => {
  const pale = page(228);
  const clean = backgroundTexture(printPage(pale, greyCopy(CLEAN), new Rng('ink')));
  const real = backgroundTexture(printPage(pale, greyCopy({ toneOffset: 0, mottle: 0.5, mottleMm: 0.6, fog: 0.03, streak: 0.01, contrast: 1.2 }), new Rng('ink')));
  // ~1 mm blocks: the clean copy shows only the paper's formation (~0.8 %), the copier's toner several times more
  // (4.4 % measured).
  assert.ok(real > 2.5 * clean, `relative block std ${real.toFixed(4)} with mottle and fog vs ${clean.toFixed(4)} without`);
  // Mottle alone (no fog) also textures the tint (measured 1.5x the dither's own grain): it is the toner's density,
  // not only stray toner.
  const mottleOnly = backgroundTexture(printPage(pale, greyCopy({ ...CLEAN, toneOffset: 0, contrast: 1.2, mottle: 0.5, mottleMm: 0.6 }), new Rng('ink')));
  const flatTint = backgroundTexture(printPage(pale, greyCopy({ ...CLEAN, toneOffset: 0, contrast: 1.2 }), new Rng('ink')));
  assert.ok(mottleOnly > 1.3 * flatTint, `mottle ${mottleOnly.toFixed(4)} vs the same tint without ${flatTint.toFixed(4)}`);
});

test('mottle leaves solid black solid, and the copy is the same for the same seed', () => {
  const params = greyCopy({ toneOffset: 0, mottle: 0.6, mottleMm: 0.5, fog: 0.03, streak: 0.02 });
  const a = printPage(page(228), params, new Rng('ink'));
  const b = printPage(page(228), params, new Rng('ink'));
  assert.deepEqual(a.data, b.data);
  // Rows 10..50 lie inside the black bar (60 rows), away from the scanner blur at its edge.
  let maxBlack = 0;
  for (let y = 10; y < 50; y++) for (let x = 10; x < SIDE - 10; x++) maxBlack = Math.max(maxBlack, a.data[(y * SIDE + x) * 4 + 1]!);
  assert.ok(maxBlack < 0.2, `brightest pixel in the solid bar ${maxBlack.toFixed(3)} (paper ~0.8): no holes in the toner`);
});

test('copier paper is mostly bluish (brighteners), sometimes cream (recycled); colour prints carry no copier toner', () => {
  let bluish = 0, cream = 0;
  for (let i = 0; i < 200; i++) {
    const [r, , b] = drawPrintParams(new Rng(`paper-${i}`), 'gray-photocopy').paperWhite;
    if (b > r * 1.1) bluish++;
    if (b < r * 0.9) cream++;
  }
  // Expected ~56 % bluish and ~9 % cream beyond 10 % blue/red.
  assert.ok(bluish > 80 && cream > 5 && bluish + cream < 190, `${bluish} bluish and ${cream} cream sheets of 200 (each beyond 10 % blue/red)`);
  for (const process of ['color-laser', 'inkjet'] as const) {
    const p = drawPrintParams(new Rng('colour'), process);
    assert.deepEqual([p.fog, p.mottle, p.streak], [0, 0, 0], process);
    // Office paper for colour prints keeps its slightly warm white (blue never above red).
    assert.ok(p.paperWhite[2] <= p.paperWhite[0], process);
  }
});
