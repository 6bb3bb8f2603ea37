// Where replacement faces come from. The generator passes lab/faces.ts (faces of the sample's own split, so the split
// rule holds for the substitute face too); tests pass their own loader.
import type { Rng } from '../rng.js';
import type { LabSplit, Rgba8 } from '../types.js';
import type { Rgb8 } from './raster.js';
import { createRgb, rgbaToRgb } from './raster.js';

export interface FaceSource {
  list(split: LabSplit): readonly string[] | Promise<readonly string[]>;
  /** Head-and-shoulders crop with the photo's own background. */
  load(faceId: string): Promise<Rgba8>;
  /** The same face as an ID photo on a plain backdrop, when the source can make one. */
  loadIdPhoto?(faceId: string): Promise<Rgba8>;
}

/**
 * A face of `split` other than `exclude`, cropped to the aspect of the box it will cover (head kept in the upper
 * part); an ID photo with probability `idPhotoShare` when the source offers them.
 */
export async function pickReplacementFace(
  faces: FaceSource,
  split: LabSplit,
  exclude: string | null,
  aspect: number,
  rng: Rng,
  idPhotoShare = 0,
): Promise<{ faceId: string; image: Rgb8; idPhoto: boolean }> {
  const candidates = (await faces.list(split)).filter((id) => id !== exclude);
  if (candidates.length === 0) throw new Error(`portrait substitution: no replacement face in split "${split}" other than ${exclude ?? '(none)'}`);
  const faceId = rng.pick(candidates);
  const idPhoto = faces.loadIdPhoto !== undefined && rng.bool(idPhotoShare);
  const rgba = idPhoto && faces.loadIdPhoto ? await faces.loadIdPhoto(faceId) : await faces.load(faceId);
  const image = rgbaToRgb(rgba, [235, 235, 235]);
  return { faceId, image: coverCrop(image, aspect, rng.uniform(0.3, 0.45)), idPhoto };
}

/** Largest crop of aspect width/height; `verticalBias` 0.5 = centred, lower keeps more of the top. */
export function coverCrop(image: Rgb8, aspect: number, verticalBias: number): Rgb8 {
  let w = image.width;
  let h = Math.round(w / aspect);
  if (h > image.height) {
    h = image.height;
    w = Math.round(h * aspect);
  }
  const x0 = Math.floor((image.width - w) / 2);
  const y0 = Math.floor((image.height - h) * verticalBias);
  const out = createRgb(w, h);
  for (let y = 0; y < h; y++) {
    const s = ((y0 + y) * image.width + x0) * 3;
    out.data.set(image.data.subarray(s, s + w * 3), y * w * 3);
  }
  return out;
}

/** Mean chroma (max - min of R, G, B, 0-255) of a box of an RGBA raster: low for grey / laser-engraved portraits. */
export function meanChroma(image: Rgba8, box: { x: number; y: number; width: number; height: number }): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, box.y); y < Math.min(image.height, box.y + box.height); y += 2) {
    for (let x = Math.max(0, box.x); x < Math.min(image.width, box.x + box.width); x += 2) {
      const i = (y * image.width + x) * 4;
      const r = image.data[i]!;
      const g = image.data[i + 1]!;
      const b = image.data[i + 2]!;
      sum += Math.max(r, g, b) - Math.min(r, g, b);
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/** Grey version of a face (Rec. 601 luma), as a forger prints or pastes it over a grey portrait. */
export function toGrey(image: Rgb8): Rgb8 {
  const out = createRgb(image.width, image.height);
  for (let i = 0; i < image.width * image.height; i++) {
    const v = Math.round(0.299 * image.data[i * 3]! + 0.587 * image.data[i * 3 + 1]! + 0.114 * image.data[i * 3 + 2]!);
    out.data[i * 3] = out.data[i * 3 + 1] = out.data[i * 3 + 2] = v;
  }
  return out;
}
