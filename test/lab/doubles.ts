// Test-only stand-ins for the parts of the lab built on other branches: a flat synthetic document, a capture double
// (the document warped into a frame with a mild perspective, Gaussian sensor noise, one JPEG) and a face loader.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import sharp from 'sharp';
import type { Rng } from '../../lab/rng.js';
import type { CaptureFn, DocumentRender, LabQuad, LabSplit, PxBox, Rgba8 } from '../../lab/types.js';
import type { FaceSource } from '../../lab/attacks/face-source.js';
import { boxToQuad, documentToImage, invertHomography, quadBounds, warpInto } from '../../lab/attacks/homography.js';
import { createRgb, encodeJpeg, rgbaToRgb } from '../../lab/attacks/raster.js';
import { fontPath } from '../../lab/attacks/fonts.js';

export const FACES_DIR = new URL('../../../../shared/data/faces/', import.meta.url).pathname;

const faceCache = new Map<string, Promise<Rgba8>>();

/** Faces from shared/data/faces, decoded once per process (like lab/faces.ts), at most 300 px. */
export const testFaces: FaceSource = {
  list(_split: LabSplit) {
    return readdirSync(FACES_DIR).filter((f) => /^(person|stock-models|stock-emotions|cgi-model)-.*\.jpe?g$/i.test(f)).sort();
  },
  load(faceId: string): Promise<Rgba8> {
    let pending = faceCache.get(faceId);
    if (!pending) {
      pending = sharp(join(FACES_DIR, faceId))
        .resize(300, 300, { fit: 'inside' })
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true })
        .then(({ data, info }) => ({ width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) }));
      faceCache.set(faceId, pending);
    }
    return pending;
  },
};

/** A flat grey "face" for measuring a print's halftone without image content in the way. */
export const flatFaces: FaceSource = {
  list: () => ['flat-a', 'flat-b'],
  async load(): Promise<Rgba8> {
    const data = new Uint8ClampedArray(64 * 80 * 4);
    for (let i = 0; i < 64 * 80; i++) data.set([150, 150, 150, 255], i * 4);
    return { width: 64, height: 80, data };
  },
};

/** ID-1 card at 12 px/mm: pale background with fine guilloche lines, a portrait, four text fields. */
export function syntheticDocument(pxPerMm = 12): DocumentRender {
  GlobalFonts.registerFromPath(fontPath('roboto', 500), 'DoubleRoboto');
  const w = Math.round(85.6 * pxPerMm);
  const h = Math.round(53.98 * pxPerMm);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#e9efe4';
  ctx.beginPath();
  ctx.roundRect(0, 0, w, h, 3.18 * pxPerMm);
  ctx.fill();
  ctx.strokeStyle = 'rgba(90,130,110,0.45)';
  ctx.lineWidth = 0.6;
  for (let k = 0; k < 40; k++) {
    ctx.beginPath();
    for (let x = 0; x <= w; x += 3) {
      const y = (k * h) / 40 + 6 * Math.sin(x / 23 + k * 0.7) + 4 * Math.sin(x / 7.3 + k);
      if (x === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  const portraitBox: PxBox = { x: Math.round(5 * pxPerMm), y: Math.round(12 * pxPerMm), width: Math.round(24 * pxPerMm), height: Math.round(30 * pxPerMm) };
  const grad = ctx.createLinearGradient(portraitBox.x, portraitBox.y, portraitBox.x + portraitBox.width, portraitBox.y + portraitBox.height);
  grad.addColorStop(0, '#b49a86');
  grad.addColorStop(1, '#6d5a4f');
  ctx.fillStyle = grad;
  ctx.fillRect(portraitBox.x, portraitBox.y, portraitBox.width, portraitBox.height);
  ctx.fillStyle = '#1e2a33';
  const fields: Record<string, { box: PxBox; text: string }> = {};
  const texts: [string, string][] = [['surname', 'MARTIN'], ['given_names', 'CLAIRE ANNE'], ['date_of_birth', '14.03.1987'], ['document_number', 'X47K2291']];
  texts.forEach(([name, text], k) => {
    const fontPx = Math.round(3.2 * pxPerMm);
    ctx.font = `${fontPx}px DoubleRoboto`;
    const x = Math.round(34 * pxPerMm);
    const y = Math.round((16 + k * 8) * pxPerMm);
    ctx.fillText(text, x, y);
    const width = Math.ceil(ctx.measureText(text).width);
    fields[name] = { box: { x, y: y - Math.round(fontPx * 0.8), width, height: Math.round(fontPx * 1.0) }, text };
  });
  const img = ctx.getImageData(0, 0, w, h);
  return {
    image: { width: w, height: h, data: new Uint8ClampedArray(img.data) },
    pxPerMm,
    widthMm: 85.6,
    heightMm: 53.98,
    documentType: 'ID_CARD',
    family: 'test-synthetic',
    portraitBox,
    ghostPortraitBox: null,
    faceId: 'flat-a',
    cornerRadiusMm: 3.18,
    hologramBoxes: [],
    laminated: false,
    fields,
    mrz: [],
    params: { fonts: { value: 'Roboto' } },
  };
}

/** Capture double: doc -> W x H frame (1280x960), mild perspective, Gaussian noise sigma `noise`, JPEG at `quality`. */
export function captureDouble(noise = 2.5, quality = 92, size: readonly [number, number] = [1280, 960]): CaptureFn {
  return async (doc: DocumentRender, rng: Rng) => {
    const [W, H] = size;
    const k = W / 1280;
    const kh = H / 960;
    const frame = createRgb(W, H);
    frame.data.fill(70);
    const j = (): number => rng.uniform(-25, 25);
    const quad: LabQuad = ([[180 + j(), 170 + j()], [1100 + j(), 150 + j()], [1120 + j(), 760 + j()], [160 + j(), 790 + j()]] as const).map(
      ([x, y]) => [x * k, y * kh] as const,
    ) as unknown as LabQuad;
    const toImage = documentToImage(doc.image.width, doc.image.height, quad);
    const flat = rgbaToRgb(doc.image, [70, 70, 70]);
    warpInto(frame, flat, invertHomography(toImage), quadBounds(quad));
    for (let i = 0; i < frame.data.length; i++) frame.data[i] = Math.max(0, Math.min(255, Math.round(frame.data[i]! + rng.normal(0, noise))));
    const bytes = await encodeJpeg(frame, quality, '4:2:0', { Make: 'Google', Model: 'Pixel 7' });
    return {
      bytes,
      extension: 'jpg',
      label: 'bona_fide',
      attack: null,
      quads: [quad],
      documentType: doc.documentType,
      portraitQuad: doc.portraitBox ? boxToQuad(toImage, doc.portraitBox) : null,
      params: { capture: 'double', noise, quality },
    };
  };
}

/** Wraps a capture function and keeps every sample it returned, so a test can compare an edit with its source. */
export function recordingCapture(inner: CaptureFn): { capture: CaptureFn; samples: import('../../lab/types.js').LabSample[] } {
  const samples: import('../../lab/types.js').LabSample[] = [];
  return {
    samples,
    capture: async (doc, rng) => {
      const s = await inner(doc, rng);
      samples.push(s);
      return s;
    },
  };
}
