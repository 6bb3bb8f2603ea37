// Edits a forger makes on a captured photo of a document, in the photo's own pixels:
// - retype: a text field cloned over with nearby card background (perspective-correct clone) and new text typed in a
//   similar but different font, warped to the card's perspective;
// - splice: a region taken from another capture of a document, aligned, level-matched and saved as its own JPEG crop
//   before pasting (so its 8x8 grid sits at a different phase than the final file's);
// - copy-move: a region of the same photo duplicated by an integer shift (exact pixel copy before the final save);
// - resave: crop and tone adjustment, then one more JPEG encode at another quality (non-aligned double JPEG).
import { createCanvas } from '@napi-rs/canvas';
import type { Rng } from '../rng.js';
import type { DocumentRender, LabQuad, PxBox } from '../types.js';
import { matchColour } from './colour-match.js';
import type { UiFontFamily } from './fonts.js';
import { uiFont } from './fonts.js';
import type { Homography } from './homography.js';
import { applyHomography, boxToQuad, composeHomography, invertHomography, quadBounds, quadInside, sampleBilinear, warpInto } from './homography.js';
import { featherWeight } from './quad-mask.js';
import type { Rgb8 } from './raster.js';
import { cloneRgb, createRgb, cropRgb, gaussianBlurRgb, jpegRoundTrip } from './raster.js';

export interface FieldInImage {
  readonly name: string;
  readonly text: string;
  readonly docBox: PxBox;
  readonly quad: LabQuad;
}

function translation(dx: number, dy: number): Homography {
  return [1, 0, dx, 0, 1, dy, 0, 0, 1];
}

function scaling(s: number): Homography {
  return [s, 0, 0, 0, s, 0, 0, 0, 1];
}

export function expandBox(b: PxBox, padX: number, padY: number): PxBox {
  return { x: b.x - padX, y: b.y - padY, width: b.width + 2 * padX, height: b.height + 2 * padY };
}

function intersects(a: PxBox, b: PxBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Text fields of `doc` whose (padded) box is fully inside the captured frame. */
export function fieldsInFrame(doc: DocumentRender, docToImage: Homography, width: number, height: number): FieldInImage[] {
  return Object.entries(doc.fields)
    .filter(([name, f]) => !name.toLowerCase().startsWith('mrz') && f.text.trim().length > 0 && f.box.width > 4 && f.box.height > 4)
    .map(([name, f]) => {
      const padded = expandBox(f.box, f.box.height * 0.3, f.box.height * 0.15);
      return { name, text: f.text, docBox: f.box, quad: boxToQuad(docToImage, padded) };
    })
    .filter((f) => quadInside(f.quad, width, height, 4));
}

/**
 * A doc-space shift that moves `box` onto clean card background (inside the card, touching no field, portrait or
 * ghost portrait), trying below, above and to the right; null when there is none.
 */
export function cleanBackgroundShift(doc: DocumentRender, box: PxBox, rng: Rng): [number, number] | null {
  const gap = box.height * 0.4;
  const candidates: [number, number][] = rng.shuffle([
    [0, box.height + gap],
    [0, -(box.height + gap)],
    [box.width + gap, 0],
    [0, 2 * (box.height + gap)],
    [0, -2 * (box.height + gap)],
  ]);
  const margin = 2 * doc.pxPerMm;
  const obstacles: PxBox[] = [...Object.values(doc.fields).map((f) => expandBox(f.box, 2, 2))];
  if (doc.portraitBox) obstacles.push(doc.portraitBox);
  if (doc.ghostPortraitBox) obstacles.push(doc.ghostPortraitBox);
  for (const [dx, dy] of candidates) {
    const moved: PxBox = { x: box.x + dx, y: box.y + dy, width: box.width, height: box.height };
    if (moved.x < margin || moved.y < margin || moved.x + moved.width > doc.image.width - margin || moved.y + moved.height > doc.image.height - margin) continue;
    if (obstacles.some((o) => intersects(o, moved))) continue;
    return [dx, dy];
  }
  return null;
}

const SURNAMES = ['MARTIN', 'SCHMIDT', 'NOVAK', 'ROSSI', 'GARCIA', 'KOWALSKI', 'PETROV', 'JANSEN', 'LEROY', 'HOFFMANN', 'SILVA', 'NIELSEN'];
const GIVEN_NAMES = ['ANNA', 'LUKAS', 'MARIA', 'JAN', 'ELENA', 'DAVID', 'SOFIA', 'PAUL', 'IRINA', 'MARCO', 'LEA', 'TOMAS'];

/**
 * A plausible alteration of a field's text: 1-2 digits changed in dates and numbers (birth year, expiry, number);
 * a name replaced by another name (in the same letter case); anything else gets one character changed.
 */
export function alterText(text: string, rng: Rng, fieldName = ''): string {
  const chars = [...text];
  const digitIdx = chars.map((c, i) => (/[0-9]/.test(c) ? i : -1)).filter((i) => i >= 0);
  if (digitIdx.length > 0) {
    const changes = rng.int(1, Math.min(2, digitIdx.length));
    for (const i of rng.shuffle(digitIdx).slice(0, changes)) {
      const old = chars[i]!;
      let d = old;
      while (d === old) d = String(rng.int(0, 9));
      chars[i] = d;
    }
    return chars.join('');
  }
  const words = text.split(/(\s+)/);
  const wordIdx = words.map((w, i) => (/^[A-Za-z\u00C0-\u024F'-]{2,}$/.test(w) ? i : -1)).filter((i) => i >= 0);
  if (wordIdx.length > 0) {
    const i = rng.pick(wordIdx);
    const old = words[i]!;
    const names = /given|first|vorname|prenom/i.test(fieldName) ? GIVEN_NAMES : SURNAMES;
    const choices = names.filter((n) => n !== old.toUpperCase());
    const name = rng.pick(choices);
    words[i] = old === old.toUpperCase() ? name : name[0] + name.slice(1).toLowerCase();
    return words.join('');
  }
  const i = rng.int(0, Math.max(0, chars.length - 1));
  chars[i] = chars[i] === 'X' ? 'Y' : 'X';
  return chars.join('');
}

export interface RetypeParams {
  readonly field: string;
  readonly originalText: string;
  readonly newText: string;
  readonly font: UiFontFamily;
  readonly fontWeight: 400 | 500 | 600 | 700;
  /** Font size relative to the field box height (the forger matches it by eye). */
  readonly sizeRatio: number;
  /**
   * Width the forger squeezes or stretches the typed text to, relative to the old text's width scaled by the change in
   * length (editors' free transform): typed text never overruns the field by much.
   */
  readonly widthRatio: number;
  /** Clone source shift in document pixels, or null when the field was filled with a flat colour. */
  readonly cloneShiftDocPx: readonly [number, number] | null;
  readonly textBlurPx: number;
  readonly featherPx: number;
}

/** The ink colour of a field as photographed: the mean of its darkest pixels. */
function inkColour(photo: Rgb8, quad: LabQuad): [number, number, number] {
  const b = quadBounds(quad);
  const px: [number, number, number, number][] = [];
  for (let y = Math.max(0, Math.floor(b.y0)); y < Math.min(photo.height, Math.ceil(b.y1)); y++) {
    for (let x = Math.max(0, Math.floor(b.x0)); x < Math.min(photo.width, Math.ceil(b.x1)); x++) {
      if (featherWeight(quad, 1, x + 0.5, y + 0.5) < 1) continue;
      const i = (y * photo.width + x) * 3;
      const r = photo.data[i]!;
      const g = photo.data[i + 1]!;
      const bl = photo.data[i + 2]!;
      px.push([0.299 * r + 0.587 * g + 0.114 * bl, r, g, bl]);
    }
  }
  px.sort((a, c) => a[0] - c[0]);
  const n = Math.max(1, Math.floor(px.length * 0.08));
  const acc = [0, 0, 0];
  for (let k = 0; k < n && k < px.length; k++) for (let c = 0; c < 3; c++) acc[c] = acc[c]! + px[k]![c + 1]!;
  return [acc[0]! / n, acc[1]! / n, acc[2]! / n];
}

/** Median colour of a ring just outside a quad: the card background a flat fill would use. */
function ringColour(photo: Rgb8, quad: LabQuad): [number, number, number] {
  const b = quadBounds(quad);
  const vals: [number[], number[], number[]] = [[], [], []];
  for (let y = Math.max(0, Math.floor(b.y0) - 6); y < Math.min(photo.height, Math.ceil(b.y1) + 6); y++) {
    for (let x = Math.max(0, Math.floor(b.x0) - 6); x < Math.min(photo.width, Math.ceil(b.x1) + 6); x++) {
      const w = featherWeight(quad, 1, x + 0.5, y + 0.5);
      if (w > 0) continue;
      const i = (y * photo.width + x) * 3;
      for (let c = 0; c < 3; c++) vals[c]!.push(photo.data[i + c]!);
    }
  }
  return vals.map((v) => {
    v.sort((a, c) => a - c);
    return v[Math.floor(v.length / 2)] ?? 128;
  }) as [number, number, number];
}

export function retypeField(photo: Rgb8, docToImage: Homography, field: FieldInImage, p: RetypeParams): Rgb8 {
  const out = cloneRgb(photo);
  const h = field.docBox.height;
  const erase = expandBox(field.docBox, h * 0.3, h * 0.15);
  const eraseQuad = boxToQuad(docToImage, erase);
  const ink = inkColour(photo, field.quad);
  const imageToDoc = invertHomography(docToImage);
  // 1. Cover the old text: clone card background from a shifted place, through the card's perspective.
  if (p.cloneShiftDocPx) {
    const [dx, dy] = p.cloneShiftDocPx;
    const dstToSrc = composeHomography(docToImage, composeHomography(translation(dx, dy), imageToDoc));
    warpInto(out, photo, dstToSrc, quadBounds(eraseQuad), (x, y) => featherWeight(eraseQuad, p.featherPx, x, y));
  } else {
    const fill = ringColour(photo, eraseQuad);
    const b = quadBounds(eraseQuad);
    for (let y = Math.max(0, Math.floor(b.y0)); y < Math.min(out.height, Math.ceil(b.y1) + 1); y++) {
      for (let x = Math.max(0, Math.floor(b.x0)); x < Math.min(out.width, Math.ceil(b.x1) + 1); x++) {
        const w = featherWeight(eraseQuad, p.featherPx, x + 0.5, y + 0.5);
        if (w <= 0) continue;
        const i = (y * out.width + x) * 3;
        for (let c = 0; c < 3; c++) out.data[i + c] = Math.round(fill[c]! * w + out.data[i + c]! * (1 - w));
      }
    }
  }
  // 2. Type the new text in doc space at the photo's local scale, then warp it onto the card.
  const corners = quadBounds(eraseQuad);
  const scale = Math.max(0.2, Math.sqrt(((corners.x1 - corners.x0) * (corners.y1 - corners.y0)) / (erase.width * erase.height)));
  const cw = Math.max(8, Math.ceil(erase.width * 2 * scale));
  const ch = Math.max(8, Math.ceil(erase.height * scale));
  const canvas = createCanvas(cw, ch);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, cw, ch);
  ctx.fillStyle = '#ffffff';
  const fontPx = h * p.sizeRatio * scale;
  ctx.font = `${fontPx.toFixed(2)}px ${uiFont(p.font, p.fontWeight)}`;
  ctx.textBaseline = 'alphabetic';
  const natural = ctx.measureText(p.newText).width;
  const target = field.docBox.width * (p.newText.length / Math.max(1, p.originalText.length)) * p.widthRatio * scale;
  const sx = natural > 0 ? Math.min(1.25, Math.max(0.6, target / natural)) : 1;
  ctx.setTransform(sx, 0, 0, 1, (field.docBox.x - erase.x) * scale, 0);
  ctx.fillText(p.newText, 0, (field.docBox.y - erase.y + h * 0.8) * scale);
  const raw = ctx.getImageData(0, 0, cw, ch).data;
  const alpha = createRgb(cw, ch);
  for (let i = 0; i < cw * ch; i++) alpha.data[i * 3] = alpha.data[i * 3 + 1] = alpha.data[i * 3 + 2] = raw[i * 4]!;
  gaussianBlurRgb(alpha, p.textBlurPx);
  const imageToCanvas = composeHomography(scaling(scale), composeHomography(translation(-erase.x, -erase.y), imageToDoc));
  const sample = new Float32Array(3);
  // The typed text may run past the erased box (a longer value): composite over the whole text canvas.
  const reach = quadBounds(boxToQuad(docToImage, { x: erase.x, y: erase.y, width: cw / scale, height: erase.height }));
  for (let y = Math.max(0, Math.floor(reach.y0)); y < Math.min(out.height, Math.ceil(reach.y1) + 1); y++) {
    for (let x = Math.max(0, Math.floor(reach.x0)); x < Math.min(out.width, Math.ceil(reach.x1) + 1); x++) {
      const [u, v] = applyHomography(imageToCanvas, x + 0.5, y + 0.5);
      if (u < 0 || v < 0 || u > cw || v > ch) continue;
      sampleBilinear(alpha, u, v, sample);
      const a = sample[0]! / 255;
      if (a <= 0.002) continue;
      const i = (y * out.width + x) * 3;
      for (let c = 0; c < 3; c++) out.data[i + c] = Math.round(ink[c]! * a + out.data[i + c]! * (1 - a));
    }
  }
  return out;
}

export interface SpliceParams {
  readonly targetField: string | null;
  readonly sourceField: string | null;
  /** Target region in document pixels and the shift to the source region (document pixels). */
  readonly regionDocPx: PxBox;
  readonly sourceShiftDocPx: readonly [number, number];
  readonly colourMatch: number;
  readonly featherPx: number;
  readonly patchJpegQuality: number;
  readonly patchGridOrigin: readonly [number, number];
}

/** A patch origin just above-left of `bounds`, never on the 8x8 grid of the final image. */
export function offGridOrigin(bounds: { x0: number; y0: number }, rng: Rng): [number, number] {
  let ox = Math.max(0, Math.floor(bounds.x0) - rng.int(0, 7));
  let oy = Math.max(0, Math.floor(bounds.y0) - rng.int(0, 7));
  if (ox % 8 === 0 && oy % 8 === 0) {
    if (ox >= 3) ox -= rng.int(1, 3);
    else oy += rng.int(1, 3);
  }
  return [ox, oy];
}

export async function spliceFromCapture(
  target: Rgb8,
  targetDocToImage: Homography,
  source: Rgb8,
  sourceDocToImage: Homography,
  p: SpliceParams,
): Promise<Rgb8> {
  const quad = boxToQuad(targetDocToImage, p.regionDocPx);
  const b = quadBounds(quad);
  const [ox, oy] = p.patchGridOrigin;
  const pw = Math.min(target.width, Math.ceil(b.x1) + 8) - ox;
  const ph = Math.min(target.height, Math.ceil(b.y1) + 8) - oy;
  if (pw <= 0 || ph <= 0) throw new Error('splice: region lies outside the image');
  const base = cropRgb(target, ox, oy, pw, ph);
  const layer = cloneRgb(base);
  const local = quad.map(([x, y]) => [x - ox, y - oy] as const) as unknown as LabQuad;
  const [sx, sy] = p.sourceShiftDocPx;
  const layerToSource = composeHomography(
    sourceDocToImage,
    composeHomography(translation(sx, sy), composeHomography(invertHomography(targetDocToImage), translation(ox, oy))),
  );
  warpInto(layer, source, layerToSource, quadBounds(local));
  matchColour(layer, base, local, p.colourMatch);
  const saved = await jpegRoundTrip(layer, p.patchJpegQuality);
  const out = cloneRgb(target);
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const w = featherWeight(local, p.featherPx, x + 0.5, y + 0.5);
      if (w <= 0) continue;
      const s = (y * pw + x) * 3;
      const d = ((oy + y) * target.width + ox + x) * 3;
      for (let c = 0; c < 3; c++) out.data[d + c] = Math.round(saved.data[s + c]! * w + target.data[d + c]! * (1 - w));
    }
  }
  return out;
}

export interface CopyMoveParams {
  readonly mode: 'conceal' | 'duplicate';
  readonly field: string;
  readonly otherField: string | null;
  /** Destination rectangle in image pixels and the integer shift to its source. */
  readonly destination: PxBox;
  readonly shiftPx: readonly [number, number];
  readonly featherPx: number;
}

/** Copies image pixels from `destination + shift` onto `destination` (exact copy inside, feathered border). */
export function copyMove(photo: Rgb8, p: CopyMoveParams): Rgb8 {
  const out = cloneRgb(photo);
  const { x: x0, y: y0, width: w, height: h } = p.destination;
  const [dx, dy] = p.shiftPx;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const tx = x0 + x;
      const ty = y0 + y;
      const sx = tx + dx;
      const sy = ty + dy;
      if (tx < 0 || ty < 0 || tx >= photo.width || ty >= photo.height || sx < 0 || sy < 0 || sx >= photo.width || sy >= photo.height) continue;
      const edge = Math.min(x + 0.5, y + 0.5, w - x - 0.5, h - y - 0.5);
      const wgt = p.featherPx <= 0 ? 1 : Math.min(1, edge / p.featherPx);
      const d = (ty * photo.width + tx) * 3;
      const s = (sy * photo.width + sx) * 3;
      for (let c = 0; c < 3; c++) out.data[d + c] = wgt >= 1 ? photo.data[s + c]! : Math.round(photo.data[s + c]! * wgt + photo.data[d + c]! * (1 - wgt));
    }
  }
  return out;
}

export interface ResaveParams {
  readonly crop: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly gamma: number;
  readonly gain: number;
  readonly saturation: number;
  readonly jpegQuality: number;
}

/** Crop and global tone edit (levels, saturation) as a gallery editor applies them. */
export function cropAndAdjust(photo: Rgb8, p: ResaveParams): Rgb8 {
  const w = photo.width - p.crop.left - p.crop.right;
  const h = photo.height - p.crop.top - p.crop.bottom;
  const out = cropRgb(photo, p.crop.left, p.crop.top, w, h);
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(255 * Math.pow(v / 255, p.gamma) * p.gain)));
  for (let i = 0; i < w * h; i++) {
    const r = lut[out.data[i * 3]!]!;
    const g = lut[out.data[i * 3 + 1]!]!;
    const b = lut[out.data[i * 3 + 2]!]!;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    out.data[i * 3] = Math.max(0, Math.min(255, Math.round(y + (r - y) * p.saturation)));
    out.data[i * 3 + 1] = Math.max(0, Math.min(255, Math.round(y + (g - y) * p.saturation)));
    out.data[i * 3 + 2] = Math.max(0, Math.min(255, Math.round(y + (b - y) * p.saturation)));
  }
  return out;
}
