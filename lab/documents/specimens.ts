// Specimen scans as documents: each file of shared/data/specimens is one family "specimen:<file>", resampled to the
// lab's print resolution. Its physical size follows from the document type (ID-1 width 85.6 mm, ID-3 width 125 mm)
// and the scan's aspect ratio. The portrait box comes from a by-eye annotation where the specimen has a clear one.
import { join } from 'node:path';
import sharp from 'sharp';
import { sharedDataDir } from '../shared-data.js';
import type { DocumentRender, Rgba8 } from '../types.js';
import { listSpecimenFamilies } from './specimen-files.js';

const cache = new Map<string, Promise<DocumentRender>>();

export function renderSpecimen(family: string): Promise<DocumentRender> {
  let pending = cache.get(family);
  if (!pending) {
    pending = loadSpecimen(family);
    cache.set(family, pending);
    pending.catch(() => cache.delete(family));
  }
  return pending;
}

async function loadSpecimen(family: string): Promise<DocumentRender> {
  const spec = listSpecimenFamilies().find((s) => s.family === family);
  if (!spec) {
    throw new Error(`unknown specimen family "${family}"; accepted: ${listSpecimenFamilies().map((s) => s.family).join(', ') || '(no specimens found)'}`);
  }
  const path = join(sharedDataDir(), 'specimens', spec.file);
  const meta = await sharp(path).metadata();
  if (!meta.width || !meta.height) throw new Error(`specimen ${path} has no size`);
  const card = spec.documentType === 'ID_CARD';
  const widthMm = card ? 85.6 : 125;
  const pxPerMm = card ? 14 : 12;
  const width = Math.round(widthMm * pxPerMm);
  const height = Math.round((width * meta.height) / meta.width);
  const cornerRadiusMm = card ? 3.18 : 0;
  const { data } = await sharp(path)
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image: Rgba8 = { width, height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
  if (card) roundCorners(image, cornerRadiusMm * pxPerMm);
  return {
    image,
    pxPerMm,
    widthMm,
    heightMm: height / pxPerMm,
    documentType: spec.documentType,
    family,
    portraitBox: spec.portrait
      ? {
          x: Math.round(spec.portrait[0] * width),
          y: Math.round(spec.portrait[1] * height),
          width: Math.round((spec.portrait[2] - spec.portrait[0]) * width),
          height: Math.round((spec.portrait[3] - spec.portrait[1]) * height),
        }
      : null,
    ghostPortraitBox: null,
    faceId: null,
    cornerRadiusMm,
    hologramBoxes: [],
    laminated: true, // modern cards and passport data pages (PRADO specimens) are laminated or polycarbonate
    fields: {},
    mrz: [],
    params: { specimenFile: spec.file, sourceWidth: meta.width, sourceHeight: meta.height },
  };
}

/** Makes the pixels outside the rounded corners transparent (anti-aliased over one pixel). */
function roundCorners(img: Rgba8, r: number): void {
  const { width: w, height: h, data } = img;
  const n = Math.ceil(r);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const d = Math.hypot(r - x - 0.5, r - y - 0.5);
      const cover = Math.min(1, Math.max(0, r - d + 0.5));
      for (const [cx, cy] of [[x, y], [w - 1 - x, y], [x, h - 1 - y], [w - 1 - x, h - 1 - y]] as const) {
        const i = (cy * w + cx) * 4 + 3;
        data[i] = Math.round((data[i] as number) * cover);
      }
    }
  }
}
