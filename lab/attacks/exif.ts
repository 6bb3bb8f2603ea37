// Camera EXIF kept or dropped by the editor that saved an edited photo. Photoshop, GIMP and phone gallery editors
// keep the camera's Make/Model and write their own Software tag; many web tools and re-exports strip everything.
import sharp from 'sharp';
import type { Rng } from '../rng.js';

export interface EditorExif {
  readonly Make: string;
  readonly Model: string;
  readonly Software: string;
}

const EDITORS = ['Adobe Photoshop 25.1 (Windows)', 'Adobe Photoshop 24.7 (Macintosh)', 'GIMP 2.10.36', 'Snapseed 2.0', 'Photos 8.0', 'Picsart'];

/** Reads IFD0 Make and Model from a JPEG's EXIF (TIFF structure, either byte order); null when absent. */
export async function cameraMakeModel(bytes: Uint8Array): Promise<{ Make: string; Model: string } | null> {
  const exif = (await sharp(bytes).metadata()).exif;
  if (!exif || exif.length < 14) return null;
  const tiff = exif.subarray(exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0);
  const little = tiff.subarray(0, 2).toString('latin1') === 'II';
  const u16 = (o: number): number => (little ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number): number => (little ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return null;
  const found: Record<number, string> = {};
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > tiff.length) break;
    const tag = u16(e);
    if (tag !== 0x010f && tag !== 0x0110) continue;
    const n = u32(e + 4);
    const at = n <= 4 ? e + 8 : u32(e + 8);
    found[tag] = tiff.subarray(at, at + n).toString('latin1').replace(/\0+$/, '');
  }
  return found[0x010f] && found[0x0110] ? { Make: found[0x010f], Model: found[0x0110] } : null;
}

/** What the editor writes: the camera's Make/Model plus its Software tag (probability `keep`), or nothing. */
export async function editorExif(source: Uint8Array, rng: Rng, keep = 0.5): Promise<EditorExif | null> {
  const software = rng.pick(EDITORS);
  if (!rng.bool(keep)) return null;
  const camera = await cameraMakeModel(source);
  return camera ? { ...camera, Software: software } : null;
}
