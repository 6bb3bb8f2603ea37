// Portraits for synthetic documents: head-and-shoulders crops (ICAO 35 x 45 mm proportions) of the annotated
// images in shared/data/faces, listed per split so a test-split face never appears in training.
import { join } from 'node:path';
import sharp from 'sharp';
import { FACE_ANNOTATIONS, FACE_IDS, fileOfFace } from './faces-catalogue.js';
import { withBackdrop } from './documents/portrait.js';
import { sharedDataDir } from './shared-data.js';
import { facesFor } from './split.js';
import type { LabSplit, Rgba8 } from './types.js';

/** Size of every crop returned by loadFace (35 x 45 aspect). */
export const FACE_CROP_WIDTH = 420;
export const FACE_CROP_HEIGHT = 540;

export function listFaces(split?: LabSplit): string[] {
  return split ? facesFor(split) : [...FACE_IDS];
}

/** Crop box in source pixels: the face's centre sits half-way down the crop and the annotated face height is about a third of the crop (head and shoulders, ICAO-like). */
export function faceCropBox(faceId: string, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const a = FACE_ANNOTATIONS[faceId];
  if (!a) throw new Error(`unknown face "${faceId}"; accepted: ${FACE_IDS.join(', ')}`);
  let h = Math.min(height, (a.faceHeight * height) / (a.zoom ?? 0.34));
  let w = (h * FACE_CROP_WIDTH) / FACE_CROP_HEIGHT;
  if (w > width) {
    w = width;
    h = (w * FACE_CROP_HEIGHT) / FACE_CROP_WIDTH;
  }
  const left = Math.min(Math.max(0, a.cx * width - w / 2), width - w);
  const top = Math.min(Math.max(0, a.cy * height - 0.48 * h), height - h);
  return { left: Math.round(left), top: Math.round(top), width: Math.round(w), height: Math.round(h) };
}

/** A face crop with where the face lies in it (fractions of the crop), for the portrait backdrop. */
export interface FacePortrait {
  readonly image: Rgba8;
  /** Face centre and face height (hairline to chin) as fractions of the crop's width / height. */
  readonly face: { readonly cx: number; readonly cy: number; readonly height: number };
}

const cache = new Map<string, Promise<FacePortrait>>();

/** The face's head-and-shoulders crop, FACE_CROP_WIDTH x FACE_CROP_HEIGHT RGBA (decoded once per process). */
export async function loadFace(faceId: string): Promise<Rgba8> {
  return (await loadFacePortrait(faceId)).image;
}

/** The crop and the face geometry inside it (decoded once per process). */
export function loadFacePortrait(faceId: string): Promise<FacePortrait> {
  let pending = cache.get(faceId);
  if (!pending) {
    pending = decodeCrop(faceId);
    cache.set(faceId, pending);
    pending.catch(() => cache.delete(faceId));
  }
  return pending;
}

async function decodeCrop(faceId: string): Promise<FacePortrait> {
  const a = FACE_ANNOTATIONS[faceId];
  if (!a) throw new Error(`unknown face "${faceId}"; accepted: ${FACE_IDS.join(', ')}`);
  const path = join(sharedDataDir(), 'faces', fileOfFace(faceId));
  const image = sharp(path);
  const meta = await image.metadata();
  if (!meta.width || !meta.height) throw new Error(`face image ${path} has no size`);
  const box = faceCropBox(faceId, meta.width, meta.height);
  const { data, info } = await image
    .extract(box)
    .resize(FACE_CROP_WIDTH, FACE_CROP_HEIGHT, { fit: 'fill', kernel: 'lanczos3' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    image: { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) },
    face: {
      cx: (a.cx * meta.width - box.left) / box.width,
      cy: (a.cy * meta.height - box.top) / box.height,
      height: (a.faceHeight * meta.height) / box.height,
    },
  };
}

/**
 * The face as an ID photo: the crop on a plain light-grey studio backdrop, as a photo printed for an application (or
 * for sticking over a portrait) looks. Same size as loadFace.
 */
export async function loadIdPhoto(faceId: string): Promise<Rgba8> {
  const { image, face } = await loadFacePortrait(faceId);
  return withBackdrop(image, { face, top: [228, 230, 233], bottom: [208, 211, 216] });
}
