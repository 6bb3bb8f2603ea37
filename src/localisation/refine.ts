// Sub-pixel refinement of a document quad on a finer image: each side is re-fitted to the strongest step along its
// normal (one polarity per side, as a border has), then the corners are the intersections of the refitted sides.
import type { Point, Quad } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { consensusLine, fitLine, intersectLines, lineThrough, type FittedLine } from './fitted-line.js';

/**
 * `quad` is in `image` pixels; `searchRadius` (pixels of `image`) bounds how far a side may move. Sides with too few
 * agreeing samples (hidden by a finger, outside the frame) keep their position.
 */
export function refineQuad(image: RgbImage, quad: Quad, searchRadius: number): Quad {
  const lines: FittedLine[] = [];
  for (let s = 0; s < 4; s++) {
    const a = quad[s] as Point, b = quad[(s + 1) % 4] as Point;
    lines.push(refineSide(image, a, b, searchRadius) ?? lineThrough(a, b));
  }
  const corners: Point[] = [];
  for (let s = 0; s < 4; s++) {
    const p = intersectLines(lines[(s + 3) % 4]!, lines[s]!);
    if (p === null) return quad;
    // A refinement that moves a corner further than the search allows is a wrong fit: keep the original.
    const o = quad[s] as Point;
    if (Math.hypot(p[0] - o[0], p[1] - o[1]) > 3 * searchRadius) return quad;
    corners.push(p);
  }
  return corners as unknown as Quad;
}

function refineSide(image: RgbImage, a: Point, b: Point, radius: number): FittedLine | null {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (length < 8) return null;
  const dx = (b[0] - a[0]) / length, dy = (b[1] - a[1]) / length;
  const nx = -dy, ny = dx;
  const samples = Math.max(8, Math.min(60, Math.round(length / 4)));
  const steps = Math.ceil(radius);
  const found: { x: number; y: number; grad: number }[] = [];
  for (let k = 0; k < samples; k++) {
    // Stay clear of the (rounded) corners.
    const t = 0.1 + (0.8 * (k + 0.5)) / samples;
    const cx = a[0] + (b[0] - a[0]) * t, cy = a[1] + (b[1] - a[1]) * t;
    if (cx < 2 || cy < 2 || cx > image.width - 3 || cy > image.height - 3) continue;
    let best = 0, bestOffset = 0;
    let previous = colourAt(image, cx - (steps + 1) * nx, cy - (steps + 1) * ny);
    for (let o = -steps; o <= steps + 1; o++) {
      const current = colourAt(image, cx + o * nx, cy + o * ny);
      // Derivative along the normal at o - 0.5, strongest channel with its sign.
      let g = 0;
      for (let c = 0; c < 3; c++) { const d = current[c]! - previous[c]!; if (Math.abs(d) > Math.abs(g)) g = d; }
      if (Math.abs(g) > Math.abs(best)) { best = g; bestOffset = o - 0.5; }
      previous = current;
    }
    if (Math.abs(best) >= 6) found.push({ x: cx + bestOffset * nx, y: cy + bestOffset * ny, grad: best });
  }
  // One polarity per side: keep the majority sign.
  const positive = found.filter((f) => f.grad > 0), negative = found.filter((f) => f.grad < 0);
  let points = positive.length >= negative.length ? positive : negative;
  if (points.length < Math.max(5, 0.35 * samples)) return null;
  let line = fitLine(points.map((p) => [p.x, p.y] as Point));
  for (let iter = 0; iter < 2 && line !== null; iter++) {
    const current = line;
    const kept = points.filter((p) => Math.abs(p.x * current.nx + p.y * current.ny - current.rho) < 1.5);
    if (kept.length < Math.max(5, 0.3 * samples)) break;
    points = kept;
    line = fitLine(points.map((p) => [p.x, p.y] as Point));
  }
  return line;
}

function colourAt(image: RgbImage, x: number, y: number): [number, number, number] {
  const { width, height, data } = image;
  const fx = Math.min(Math.max(x - 0.5, 0), width - 1), fy = Math.min(Math.max(y - 0.5, 0), height - 1);
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, width - 1), y1 = Math.min(y0 + 1, height - 1);
  const ax = fx - x0, ay = fy - y0;
  const out: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const p00 = data[(y0 * width + x0) * 3 + c] as number, p10 = data[(y0 * width + x1) * 3 + c] as number;
    const p01 = data[(y1 * width + x0) * 3 + c] as number, p11 = data[(y1 * width + x1) * 3 + c] as number;
    out[c] = (p00 * (1 - ax) + p10 * ax) * (1 - ay) + (p01 * (1 - ax) + p11 * ax) * ay;
  }
  return out;
}

/** How far inside (fraction of the mean side length) a printed document's own border is looked for. */
export const SHEET_MARGIN_DEPTH = 0.12;
/** Smallest luma step (0..255) of a border, and how much brighter than the document the blank margin must be. */
const SHEET_STEP = 6;
const SHEET_MARGIN_CONTRAST = 8;
/** The margin's luma and chroma (max - min channel) within these of the paper seen beyond the print's other sides. */
const SHEET_PAPER_TOLERANCE = 25;
const SHEET_PAPER_CHROMA = 20;

/**
 * A copy printed on paper whose sheet corner is in view: on the sides where the sheet is cut the quad sits on the
 * sheet's edge (the desk darker outside, the paper brighter inside), on the others on the print's own border (the
 * paper brighter outside, the print darker inside). Such mixed polarity moves each sheet-edge side inward to the
 * print's border when one runs parallel within SHEET_MARGIN_DEPTH with the paper-to-print polarity and a blank,
 * brighter margin before it. `quad` is in `image` pixels; it is returned unchanged when no side qualifies.
 */
export function withdrawFromSheetEdges(image: RgbImage, quad: Quad): Quad {
  const cx = (quad[0][0] + quad[1][0] + quad[2][0] + quad[3][0]) / 4, cy = (quad[0][1] + quad[1][1] + quad[2][1] + quad[3][1]) / 4;
  const sides = [0, 1, 2, 3].map((s) => sideFrame(quad[s] as Point, quad[(s + 1) % 4] as Point, cx, cy));
  const steps = sides.map((f) => stepPolarity(image, f));
  const polarity = steps.map((p) => p.polarity);
  if (!polarity.includes(-1) || !polarity.includes(1)) return quad;
  // The sheet as seen beyond the print's own border: the margin inside a sheet edge must be the same paper.
  const beyond = steps.filter((p) => p.polarity === -1);
  const paper = { luma: median(beyond.map((p) => p.outside)), chroma: median(beyond.map((p) => p.outsideChroma)) };
  const meanSide = sides.reduce((sum, f) => sum + f.length, 0) / 4;
  const lines: FittedLine[] = [];
  let moved = false;
  for (let s = 0; s < 4; s++) {
    const f = sides[s]!;
    const inner = polarity[s] === 1 ? printBorderInside(image, f, SHEET_MARGIN_DEPTH * meanSide, paper) : null;
    if (inner !== null) moved = true;
    lines.push(inner ?? lineThrough(f.a, f.b));
  }
  if (!moved) return quad;
  const corners: Point[] = [];
  for (let s = 0; s < 4; s++) {
    const p = intersectLines(lines[(s + 3) % 4]!, lines[s]!);
    if (p === null) return quad;
    corners.push(p);
  }
  return corners as unknown as Quad;
}

interface SideFrame { readonly a: Point; readonly b: Point; readonly length: number; readonly dx: number; readonly dy: number; readonly nx: number; readonly ny: number }

/** A side with its unit direction and its unit normal pointing into the quad. */
function sideFrame(a: Point, b: Point, cx: number, cy: number): SideFrame {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  const dx = (b[0] - a[0]) / length, dy = (b[1] - a[1]) / length;
  let nx = -dy, ny = dx;
  if ((cx - a[0]) * nx + (cy - a[1]) * ny < 0) { nx = -nx; ny = -ny; }
  return { a, b, length, dx, dy, nx, ny };
}

function chromaAt(image: RgbImage, x: number, y: number): number {
  const c = colourAt(image, x, y);
  return Math.max(c[0], c[1], c[2]) - Math.min(c[0], c[1], c[2]);
}

function lumaAt(image: RgbImage, x: number, y: number): number {
  const [r, g, b] = colourAt(image, x, y);
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * polarity +1 when the inside of the side is clearly brighter than the outside, -1 when darker, 0 when unclear;
 * outside, outsideChroma: the median luma and chroma just outside it.
 */
function stepPolarity(image: RgbImage, f: SideFrame): { polarity: number; outside: number; outsideChroma: number } {
  const diffs: number[] = [], outside: number[] = [], chroma: number[] = [];
  for (let k = 0; k < 24; k++) {
    const t = 0.15 + (0.7 * (k + 0.5)) / 24;
    const x = f.a[0] + (f.b[0] - f.a[0]) * t, y = f.a[1] + (f.b[1] - f.a[1]) * t;
    const ox = x - 3 * f.nx, oy = y - 3 * f.ny;
    if (ox < 0 || oy < 0 || ox > image.width - 1 || oy > image.height - 1) continue;
    const out = lumaAt(image, ox, oy);
    outside.push(out);
    chroma.push(chromaAt(image, ox, oy));
    diffs.push(lumaAt(image, x + 3 * f.nx, y + 3 * f.ny) - out);
  }
  if (diffs.length < 8) return { polarity: 0, outside: Number.NaN, outsideChroma: Number.NaN };
  const step = median(diffs);
  return { polarity: step >= SHEET_STEP ? 1 : step <= -SHEET_STEP ? -1 : 0, outside: median(outside), outsideChroma: median(chroma) };
}

/**
 * The print's border inside a sheet-edge side: at each sample the strongest darkening step going inward between
 * 3 px and `depth`, after a margin that is brighter than the print; a line fitted to them that most samples agree
 * with and that runs parallel to the side.
 */
function printBorderInside(image: RgbImage, f: SideFrame, depth: number, paper: { luma: number; chroma: number }): FittedLine | null {
  const samples = 32;
  const steps = Math.floor(depth);
  if (steps < 6) return null;
  const found: Point[] = [];
  for (let k = 0; k < samples; k++) {
    const t = 0.15 + (0.7 * (k + 0.5)) / samples;
    const x = f.a[0] + (f.b[0] - f.a[0]) * t, y = f.a[1] + (f.b[1] - f.a[1]) * t;
    const profile: number[] = [];
    for (let o = 0; o <= steps + 3; o++) profile.push(lumaAt(image, x + o * f.nx, y + o * f.ny));
    // The first clear darkening step (at least half the strongest): the border comes before the print inside.
    const d = (o: number): number => profile[o + 1]! - profile[o - 1]!;
    let best = 0;
    for (let o = 3; o <= steps; o++) best = Math.min(best, d(o));
    if (-best < SHEET_STEP) continue;
    let at = 3;
    while (at < steps && d(at) > 0.5 * best) at++;
    // Its centre: the most negative of the run of the step.
    while (at < steps && d(at + 1) < d(at)) at++;
    // The margin before the step is paper: brighter than the print just past it.
    let margin = 0;
    for (let o = 2; o < at - 1; o++) margin += profile[o]!;
    margin /= Math.max(1, at - 3);
    const print = (profile[Math.min(at + 2, steps + 3)]! + profile[Math.min(at + 3, steps + 3)]!) / 2;
    if (at - 3 < 1 || margin - print < SHEET_MARGIN_CONTRAST) continue;
    // Blank paper: as bright and as coloured as the sheet beyond the print's other sides (a card's own tinted
    // border band before an inner print line is not).
    if (Math.abs(margin - paper.luma) > SHEET_PAPER_TOLERANCE || Math.abs(chromaAt(image, x + ((at + 2) / 2) * f.nx, y + ((at + 2) / 2) * f.ny) - paper.chroma) > SHEET_PAPER_CHROMA) continue;
    found.push([x + at * f.nx, y + at * f.ny]);
  }
  if (found.length < 0.5 * samples) return null;
  // The line most samples agree with, then trimmed refits: print past the border (a header band, text lines) pulls
  // samples further in, and where the print is tilted on its sheet a least-squares start falls between the groups.
  const start = consensusLine(found, 2);
  // Most samples on one line: a passport page's header band has an inner line that a third of them find.
  if (start === null || start.inliers.length < 0.5 * samples) return null;
  let points = start.inliers;
  let line: FittedLine | null = start.line;
  for (const tolerance of [2, 1.5]) {
    if (line === null) return null;
    const current = line;
    points = points.filter(([px, py]) => Math.abs(px * current.nx + py * current.ny - current.rho) < tolerance);
    if (points.length < 0.4 * samples) return null;
    line = fitLine(points);
  }
  // Parallel to the side within about 3 degrees.
  if (line === null || Math.abs(line.nx * f.dx + line.ny * f.dy) > 0.05) return null;
  return line;
}
