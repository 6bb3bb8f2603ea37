// DIGITAL_MANIPULATIONS: files that never were a single honest camera capture.
// - screenshot: a captured document photo shown on a phone (gallery, messenger chat, banking app) and screenshotted:
//   exact device resolution, status and navigation bars, flat pixel-perfect UI, no sensor noise, PNG or one JPEG
//   encode, no camera EXIF; the document quads are mapped into the screenshot;
// - retype / splice / copy_move / resave: edits of the capture itself (lab/attacks/photo-edits.ts), saved again as JPEG.
// The sidecar's attackSubtype names which one was made; attackParams hold its parameters.
import type { AttackContext, DocumentRender, LabQuad, LabSample } from '../types.js';
import { asAttack, captureWith } from './capture-helpers.js';
import { editorExif } from './exif.js';
import type { UiFontFamily } from './fonts.js';
import { boxToQuad, documentToImage, quadBounds } from './homography.js';
import type { CopyMoveParams, FieldInImage, ResaveParams, RetypeParams, SpliceParams } from './photo-edits.js';
import {
  alterText,
  cleanBackgroundShift,
  copyMove,
  cropAndAdjust,
  expandBox,
  fieldsInFrame,
  offGridOrigin,
  retypeField,
  spliceFromCapture,
} from './photo-edits.js';
import { PHONE_DEVICES } from './phone-devices.js';
import { drawScreenshotLayout, renderScreenshot } from './phone-ui.js';
import type { Rgb8 } from './raster.js';
import { decodeRgb, encodeJpeg, encodePng, jpegRoundTrip, resizeRgb } from './raster.js';

export const DIGITAL_MANIPULATION_KINDS = ['screenshot', 'retype', 'splice', 'copy_move', 'resave'] as const;
export type DigitalManipulationKind = (typeof DIGITAL_MANIPULATION_KINDS)[number];

const KIND_WEIGHTS: readonly (readonly [DigitalManipulationKind, number])[] = [
  ['screenshot', 0.4],
  ['retype', 0.2],
  ['splice', 0.15],
  ['copy_move', 0.15],
  ['resave', 0.1],
];

export interface DigitalManipulationOptions {
  readonly kind?: DigitalManipulationKind;
}

export function makeDigitalManipulation(options: DigitalManipulationOptions = {}) {
  if (options.kind !== undefined && !DIGITAL_MANIPULATION_KINDS.includes(options.kind)) {
    throw new Error(`digital manipulation kind "${String(options.kind)}" is not one of ${DIGITAL_MANIPULATION_KINDS.join(', ')}`);
  }
  return async (ctx: AttackContext): Promise<LabSample> => {
    const kind = options.kind ?? ctx.rng.weighted(KIND_WEIGHTS);
    switch (kind) {
      case 'screenshot':
        return screenshot(ctx);
      case 'retype':
        return editedCapture(ctx, 'retype');
      case 'splice':
        return editedCapture(ctx, 'splice');
      case 'copy_move':
        return editedCapture(ctx, 'copy_move');
      case 'resave':
        return editedCapture(ctx, 'resave');
    }
  };
}

/** The generator's entry point: a random kind per sample. */
export const digitalManipulation = makeDigitalManipulation();

function mapQuad(q: LabQuad, sx: number, sy: number, ox: number, oy: number): LabQuad {
  return q.map(([x, y]) => [x * sx + ox, y * sy + oy] as const) as unknown as LabQuad;
}

async function screenshot(ctx: AttackContext): Promise<LabSample> {
  const rng = ctx.rng.fork('screenshot');
  // Any framing will do: the screenshot shows whatever the photo shows.
  const shot = await captureWith(ctx.capture, ctx.doc, rng, () => true, 1);
  let photo = await decodeRgb(shot.sample.bytes);
  const original = { width: photo.width, height: photo.height };
  const layout = drawScreenshotLayout(rng.fork('layout'), photo.width, photo.height, rng.pick(PHONE_DEVICES));
  // Messengers downscale and re-encode received photos before the chat shows them.
  let messenger: { longSide: number; quality: number } | null = null;
  if (layout.app === 'messenger') {
    const longSide = Math.min(1600, Math.max(photo.width, photo.height));
    const f = longSide / Math.max(photo.width, photo.height);
    messenger = { longSide, quality: rng.int(70, 80) };
    photo = await jpegRoundTrip(await resizeRgb(photo, Math.round(photo.width * f), Math.round(photo.height * f)), messenger.quality);
  }
  const r = layout.photoRect;
  const scaled = await resizeRgb(photo, r.width, r.height);
  const screen = renderScreenshot(layout, scaled);
  const png = rng.bool(0.65);
  const jpegQuality = png ? null : rng.int(85, 95);
  const bytes = png ? await encodePng(screen) : await encodeJpeg(screen, jpegQuality!);
  const sx = r.width / original.width;
  const sy = r.height / original.height;
  return asAttack(
    shot.sample,
    'DIGITAL_MANIPULATIONS',
    'screenshot',
    {
      device: layout.device.name,
      os: layout.device.os,
      width: layout.device.width,
      height: layout.device.height,
      app: layout.app,
      dark: layout.dark,
      clock: layout.clock,
      batteryPct: layout.batteryPct,
      network: layout.network,
      navStyle: layout.navStyle,
      statusBarPx: layout.statusBarPx,
      bottomBarPx: layout.bottomBarPx,
      photoRect: r,
      messengerRecompression: messenger,
      encoding: png ? 'png' : 'jpeg',
      jpegQuality,
      fonts: ['@fontsource/inter', '@fontsource/roboto'],
    },
    {
      bytes,
      extension: png ? 'png' : 'jpg',
      quads: shot.sample.quads.map((q) => mapQuad(q, sx, sy, r.x, r.y)),
      portraitQuad: shot.sample.portraitQuad ? mapQuad(shot.sample.portraitQuad, sx, sy, r.x, r.y) : null,
    },
  );
}

/** Field edits need at least one text field fully in the frame. */
function hasVisibleField(doc: DocumentRender, sample: LabSample, width: number, height: number): boolean {
  const quad = sample.quads[0];
  return quad !== undefined && fieldsInFrame(doc, documentToImage(doc.image.width, doc.image.height, quad), width, height).length > 0;
}

const RETYPE_FONTS: readonly UiFontFamily[] = ['roboto', 'inter', 'arimo'];

/** The document's value font name, lower-case ('' when unknown): lab/documents records params.fonts.value. */
function documentValueFont(params: Readonly<Record<string, unknown>>): string {
  const fonts = params['fonts'];
  const value = fonts && typeof fonts === 'object' ? (fonts as Record<string, unknown>)['value'] : params['font'];
  return typeof value === 'string' ? value.toLowerCase() : '';
}

async function editedCapture(ctx: AttackContext, wanted: Exclude<DigitalManipulationKind, 'screenshot'>): Promise<LabSample> {
  const { doc } = ctx;
  const rng = ctx.rng.fork(`edit-${wanted}`);
  const shot = await captureWith(ctx.capture, doc, rng, (s, w, h) => hasVisibleField(doc, s, w, h));
  const photo = await decodeRgb(shot.sample.bytes);
  const quad = shot.sample.quads[0];
  if (!quad) throw new Error('digital manipulation: the capture returned no document quad');
  const docToImage = documentToImage(doc.image.width, doc.image.height, quad);
  const fields = fieldsInFrame(doc, docToImage, photo.width, photo.height);
  // Field edits need a visible field; without one the forger can only re-save.
  const kind = wanted !== 'resave' && fields.length === 0 ? 'resave' : wanted;
  const finalQuality = rng.int(75, 95);
  let edited: Rgb8;
  let params: Record<string, unknown>;
  let quads = shot.sample.quads;
  let portraitQuad = shot.sample.portraitQuad;
  if (kind === 'retype') {
    // Typed text needs a typeset field (not the handwritten signature).
    const typed = fields.filter((f) => f.name !== 'signature');
    const field = rng.pick(typed.length > 0 ? typed : fields);
    const fonts = RETYPE_FONTS.filter((f) => !documentValueFont(doc.params).includes(f));
    const p: RetypeParams = {
      field: field.name,
      originalText: field.text,
      newText: alterText(field.text, rng, field.name),
      font: rng.pick(fonts.length > 0 ? fonts : RETYPE_FONTS),
      // Document values are mostly bold; the forger picks a heavy weight most of the time.
      fontWeight: rng.bool(0.75) ? rng.pick([600, 700] as const) : rng.pick([400, 500] as const),
      sizeRatio: rng.uniform(0.88, 1.05),
      widthRatio: rng.uniform(0.94, 1.08),
      cloneShiftDocPx: rng.bool(0.75) ? cleanBackgroundShift(doc, expandBox(field.docBox, field.docBox.height * 0.3, field.docBox.height * 0.15), rng) : null,
      textBlurPx: rng.uniform(0, 0.9),
      featherPx: rng.uniform(0.5, 2.5),
    };
    edited = retypeField(photo, docToImage, field, p);
    params = { ...p, editedQuad: field.quad };
  } else if (kind === 'splice') {
    const src = await captureWith(ctx.capture, doc, rng.fork('splice-source'), (s, w, h) => hasVisibleField(doc, s, w, h));
    const source = await decodeRgb(src.sample.bytes);
    const srcQuad = src.sample.quads[0] ?? quad;
    const srcDocToImage = documentToImage(doc.image.width, doc.image.height, srcQuad);
    const srcFields = fieldsInFrame(doc, srcDocToImage, source.width, source.height);
    const t = rng.pick(fields);
    // Prefer a different field of similar height (e.g. another date) as the source of the pasted text.
    const others = srcFields.filter((f) => f.name !== t.name && Math.abs(f.docBox.height - t.docBox.height) < t.docBox.height * 0.25);
    const s: FieldInImage | undefined = others.length > 0 ? rng.pick(others) : srcFields.find((f) => f.name === t.name);
    const h = t.docBox.height;
    const width = Math.max(t.docBox.width, s?.docBox.width ?? 0);
    const region = expandBox({ x: t.docBox.x, y: t.docBox.y, width, height: h }, h * 0.35, h * 0.2);
    const targetQuad = boxToQuad(docToImage, region);
    const p: SpliceParams = {
      targetField: t.name,
      sourceField: s?.name ?? null,
      regionDocPx: region,
      sourceShiftDocPx: s ? [s.docBox.x - t.docBox.x, s.docBox.y - t.docBox.y] : [0, 0],
      colourMatch: rng.uniform(0.4, 1),
      featherPx: rng.uniform(0.5, 4),
      patchJpegQuality: rng.int(60, 88),
      patchGridOrigin: offGridOrigin(quadBounds(targetQuad), rng),
    };
    edited = await spliceFromCapture(photo, docToImage, source, srcDocToImage, p);
    params = { ...p, editedQuad: targetQuad, sourceCapture: src.sample.params };
  } else if (kind === 'copy_move') {
    const t = rng.pick(fields);
    const h = t.docBox.height;
    const others = fields.filter((f) => f.name !== t.name && Math.abs(f.docBox.height - h) < h * 0.25);
    const concealDoc = expandBox(t.docBox, h * 0.3, h * 0.15);
    const clean = cleanBackgroundShift(doc, concealDoc, rng);
    const mode: CopyMoveParams['mode'] = clean && (others.length === 0 || rng.bool(0.6)) ? 'conceal' : others.length > 0 ? 'duplicate' : 'conceal';
    // Destination: the field (wide enough for the other field's text when duplicating); source centre: clean card
    // background (conceal) or the other field's text (duplicate).
    let destDoc = concealDoc;
    let srcDoc: [number, number];
    let other: FieldInImage | null = null;
    if (mode === 'duplicate') {
      other = rng.pick(others);
      destDoc = expandBox({ ...t.docBox, width: Math.max(t.docBox.width, other.docBox.width) }, h * 0.3, h * 0.15);
      srcDoc = [other.docBox.x + destDoc.width / 2 - h * 0.3, other.docBox.y + destDoc.height / 2 - h * 0.15];
    } else {
      const [dx, dy] = clean ?? [0, destDoc.height * 1.4];
      srcDoc = [destDoc.x + destDoc.width / 2 + dx, destDoc.y + destDoc.height / 2 + dy];
    }
    const dq = boxToQuad(docToImage, destDoc);
    const db = quadBounds(dq);
    const destCentre = boxToQuad(docToImage, { x: destDoc.x + destDoc.width / 2, y: destDoc.y + destDoc.height / 2, width: 0, height: 0 })[0];
    const srcCentre = boxToQuad(docToImage, { x: srcDoc[0], y: srcDoc[1], width: 0, height: 0 })[0];
    const destination = { x: Math.floor(db.x0), y: Math.floor(db.y0), width: Math.ceil(db.x1 - db.x0), height: Math.ceil(db.y1 - db.y0) };
    const p: CopyMoveParams = {
      mode,
      field: t.name,
      otherField: other?.name ?? null,
      destination,
      shiftPx: [Math.round(srcCentre[0] - destCentre[0]), Math.round(srcCentre[1] - destCentre[1])],
      featherPx: rng.bool(0.4) ? 0 : rng.uniform(1, 4),
    };
    edited = copyMove(photo, p);
    params = { ...p };
  } else {
    const aligned = rng.bool(0.15);
    const pick = (): number => (aligned ? 8 * rng.int(0, 6) : rng.int(0, 48));
    let left = pick();
    const top = pick();
    if (!aligned && left % 8 === 0 && top % 8 === 0) left += rng.int(1, 7);
    const p: ResaveParams = {
      crop: { left, top, right: rng.int(0, 48), bottom: rng.int(0, 48) },
      gamma: rng.uniform(0.85, 1.15),
      gain: rng.uniform(0.94, 1.08),
      saturation: rng.uniform(0.9, 1.15),
      jpegQuality: rng.int(60, 92),
    };
    edited = cropAndAdjust(photo, p);
    params = { ...p, alignedCrop: aligned };
    quads = quads.map((q) => mapQuad(q, 1, 1, -left, -top));
    portraitQuad = portraitQuad ? mapQuad(portraitQuad, 1, 1, -left, -top) : null;
  }
  const quality = kind === 'resave' ? (params['jpegQuality'] as number) : finalQuality;
  const exif = await editorExif(shot.sample.bytes, rng.fork('exif'));
  const bytes = await encodeJpeg(edited, quality, '4:2:0', exif ? { ...exif } : null);
  return asAttack(
    shot.sample,
    'DIGITAL_MANIPULATIONS',
    kind,
    { ...params, requestedKind: wanted, finalJpegQuality: quality, sourceWidth: photo.width, sourceHeight: photo.height, savedExif: exif },
    { bytes, extension: 'jpg', quads, portraitQuad },
  );
}

