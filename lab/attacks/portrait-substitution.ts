// PORTRAIT_SUBSTITUTION: another person's face over the document's portrait.
// - physical: a printed photo stuck on the card (lab/attacks/portrait-overlay.ts), then captured like a real card;
// - digital: the portrait region of a capture replaced in an editor: the pasted face brings its own sharpness, noise,
//   colour statistics and (when it was a JPEG saved at its own crop) its own 8x8 grid phase; the feathered paste
//   leaves a halo / seam; the edited photo is saved once more as JPEG, without camera EXIF.
import { listFaces, loadFace, loadIdPhoto } from '../faces.js';
import type { Rng } from '../rng.js';
import type { AttackContext, LabQuad, LabSample } from '../types.js';
import type { FaceSource } from './face-source.js';
import { meanChroma, pickReplacementFace, toGrey } from './face-source.js';
import { homographyFromPoints, quadBounds, warpInto } from './homography.js';
import { applyPortraitOverlay, drawOverlayParams } from './portrait-overlay.js';
import { featherWeight, scaleQuad } from './quad-mask.js';
import { matchColour } from './colour-match.js';
import type { Rgb8 } from './raster.js';
import { cloneRgb, cropRgb, decodeRgb, encodeJpeg, gaussianBlurRgb, jpegRoundTrip, resizeRgb } from './raster.js';
import { asAttack, captureWith, quadVisible } from './capture-helpers.js';
import { editorExif } from './exif.js';

export const PORTRAIT_KINDS = ['physical', 'digital'] as const;
export type PortraitSubstitutionKind = (typeof PORTRAIT_KINDS)[number];

export interface DigitalSwapParams {
  readonly replacementFaceId: string;
  /** 0 = face pasted as it was, 1 = mean and contrast matched to the old portrait per channel. */
  readonly colourMatch: number;
  readonly blurSigmaPx: number;
  readonly addedNoiseSigma: number;
  readonly featherPx: number;
  /** The pasted area relative to the printed portrait (the forger covers it with a margin). */
  readonly grow: number;
  /** Quality of the JPEG the face patch was saved as before pasting (null: pasted straight from a lossless layer). */
  readonly patchJpegQuality: number | null;
  /** Image position of the patch's own JPEG grid origin; its phase mod 8 differs from the final image's (0, 0). */
  readonly patchGridOrigin: readonly [number, number];
  readonly finalJpegQuality: number;
}

export function drawDigitalSwapParams(rng: Rng, replacementFaceId: string, quad: LabQuad): DigitalSwapParams {
  const b = quadBounds(scaleQuad(quad, 1.1));
  // Patch grid origin: the crop the forger saved; never on the final 8x8 grid (that would hide the misalignment).
  let ox = Math.floor(b.x0) - rng.int(0, 6);
  let oy = Math.floor(b.y0) - rng.int(0, 6);
  if (((ox % 8) + 8) % 8 === 0 && ((oy % 8) + 8) % 8 === 0) ox -= rng.int(1, 7);
  ox = Math.max(0, ox);
  oy = Math.max(0, oy);
  if (ox % 8 === 0 && oy % 8 === 0) oy = oy >= 3 ? oy - 3 : oy + 3;
  return {
    replacementFaceId,
    colourMatch: rng.uniform(0.2, 0.9),
    blurSigmaPx: rng.uniform(0, 1.4),
    addedNoiseSigma: rng.bool(0.4) ? rng.uniform(0.5, 3) : 0,
    featherPx: rng.uniform(0.5, 6),
    grow: rng.uniform(1.0, 1.08),
    patchJpegQuality: rng.bool(0.7) ? rng.int(55, 85) : null,
    patchGridOrigin: [ox, oy],
    finalJpegQuality: rng.int(80, 96),
  };
}

/** Replaces the portrait quad of `photo` by `face` (cropped to the portrait aspect). Returns a new raster. */
export async function swapPortraitDigitally(photo: Rgb8, portraitQuad: LabQuad, face: Rgb8, p: DigitalSwapParams, rng: Rng): Promise<Rgb8> {
  const target = scaleQuad(portraitQuad, p.grow);
  const b = quadBounds(target);
  const [ox, oy] = p.patchGridOrigin;
  const x1 = Math.min(photo.width, Math.ceil(b.x1) + 8);
  const y1 = Math.min(photo.height, Math.ceil(b.y1) + 8);
  // The patch layer covers [ox, x1) x [oy, y1): the old photo, with the face warped onto the portrait.
  const pw = x1 - ox;
  const ph = y1 - oy;
  let patch = cropRgb(photo, ox, oy, pw, ph);
  const bw = Math.max(8, Math.round(b.x1 - b.x0));
  const bh = Math.max(8, Math.round(b.y1 - b.y0));
  const faceSized = await resizeRgb(face, bw, bh);
  const local = target.map(([x, y]) => [x - ox, y - oy] as const) as unknown as LabQuad;
  const toFace = homographyFromPoints(local, [[0, 0], [bw, 0], [bw, bh], [0, bh]]);
  const layer = cloneRgb(patch);
  warpInto(layer, faceSized, toFace, quadBounds(local));
  matchColour(layer, patch, local, p.colourMatch);
  gaussianBlurRgb(layer, p.blurSigmaPx);
  if (p.addedNoiseSigma > 0) {
    for (let i = 0; i < layer.data.length; i++) layer.data[i] = clamp8(layer.data[i]! + rng.normal(0, p.addedNoiseSigma));
  }
  // Feathered paste of the face layer over the old patch.
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const w = featherWeight(local, p.featherPx, x + 0.5, y + 0.5);
      if (w <= 0) continue;
      const i = (y * pw + x) * 3;
      for (let c = 0; c < 3; c++) patch.data[i + c] = Math.round(layer.data[i + c]! * w + patch.data[i + c]! * (1 - w));
    }
  }
  if (p.patchJpegQuality !== null) patch = await jpegRoundTrip(patch, p.patchJpegQuality);
  // Paste the patch back, only where the face went (plus the feather): the rest of the crop stays the original.
  const out = cloneRgb(photo);
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      if (featherWeight(local, p.featherPx + 2, x + 0.5, y + 0.5) <= 0) continue;
      const s = (y * pw + x) * 3;
      const d = ((oy + y) * photo.width + ox + x) * 3;
      out.data[d] = patch.data[s]!;
      out.data[d + 1] = patch.data[s + 1]!;
      out.data[d + 2] = patch.data[s + 2]!;
    }
  }
  return out;
}

function clamp8(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

/** Builds the attack for a given source of replacement faces (the generator passes lab/faces.ts). */
export function makePortraitSubstitution(faces: FaceSource, options: { kind?: PortraitSubstitutionKind } = {}) {
  return async function portraitSubstitution(ctx: AttackContext): Promise<LabSample> {
    const { doc, rng } = ctx;
    const box = doc.portraitBox;
    if (!box) {
      throw new Error(`portrait substitution needs a document with a portrait; layout family "${doc.family}" has portraitBox null`);
    }
    const kind: PortraitSubstitutionKind = options.kind ?? (rng.bool(0.55) ? 'physical' : 'digital');
    // A grey (laser-engraved / monochrome) printed portrait is usually replaced by a grey face: forgers notice colour.
    const greyPortrait = meanChroma(doc.image, box) < 12;
    const makeGrey = greyPortrait && rng.fork('grey').bool(0.85);
    if (kind === 'physical') {
      const overlay = drawOverlayParams(doc, box, rng.fork('overlay'));
      // A photo printed to be stuck on is usually an ID photo (plain backdrop) when the source offers one.
      const face = await pickReplacementFace(faces, ctx.split, doc.faceId, overlay.widthPx / overlay.heightPx, rng.fork('face'), 0.8);
      const altered = applyPortraitOverlay(doc, makeGrey ? toGrey(face.image) : face.image, overlay, rng.fork('apply'));
      const shot = await captureWith(ctx.capture, altered, rng.fork('capture'), (s, w, h) => quadVisible(s.portraitQuad)(s, w, h));
      return asAttack(shot.sample, 'PORTRAIT_SUBSTITUTION', 'physical', {
        replacementFaceId: face.faceId,
        replacementIsIdPhoto: face.idPhoto,
        originalFaceId: doc.faceId,
        portraitBoxPx: box,
        overlay,
        greyFace: makeGrey,
        portraitInFrame: shot.visible,
      });
    }
    const shot = await captureWith(ctx.capture, doc, rng.fork('capture'), (s, w, h) => quadVisible(s.portraitQuad)(s, w, h));
    const quad = shot.sample.portraitQuad;
    if (!shot.visible || !quad) {
      // Nothing to paste into when the portrait stays out of frame in every try: make the physical attack instead
      // (the altered card is the attack; its capture retries for a visible portrait the same way).
      return makePortraitSubstitution(faces, { kind: 'physical' })({ ...ctx, rng: rng.fork('fallback-physical') });
    }
    const photo = await decodeRgb(shot.sample.bytes);
    const faceRng = rng.fork('face');
    const aspect = box.width / box.height;
    const face = await pickReplacementFace(faces, ctx.split, doc.faceId, aspect, faceRng, 0.5);
    const p = drawDigitalSwapParams(rng.fork('swap'), face.faceId, quad);
    const edited = await swapPortraitDigitally(photo, quad, makeGrey ? toGrey(face.image) : face.image, p, rng.fork('noise'));
    const exif = await editorExif(shot.sample.bytes, rng.fork('exif'));
    const bytes = await encodeJpeg(edited, p.finalJpegQuality, '4:2:0', exif ? { ...exif } : null);
    return asAttack(shot.sample, 'PORTRAIT_SUBSTITUTION', 'digital', { ...p, replacementIsIdPhoto: face.idPhoto, greyFace: makeGrey, originalFaceId: doc.faceId, portraitInFrame: shot.visible, savedExif: exif }, { bytes, extension: 'jpg' });
  };
}

/** Replacement faces from lab/faces.ts: faces of the sample's own split, head-and-shoulders crops or ID photos. */
const LAB_FACES: FaceSource = { list: listFaces, load: loadFace, loadIdPhoto };

/** The generator's entry point: physical or digital, with a replacement face of the sample's split from lab/faces. */
export const portraitSubstitution: (ctx: AttackContext) => Promise<LabSample> = makePortraitSubstitution(LAB_FACES);

/** The same attack with every substitution of one kind (`--portrait-kind`: more physical ones to train on). */
export function portraitSubstitutionOfKind(kind: PortraitSubstitutionKind): (ctx: AttackContext) => Promise<LabSample> {
  return makePortraitSubstitution(LAB_FACES, { kind });
}
