// The front-end's hand-over to xenops-ps recorded by xenops-ps-snapshot.ts (no pixels), and the DetectorInput
// rebuilt from it and the image file: shared by the feature rows (xenops-ps-snapshot.ts) and the sheet-edge
// strips (xenops-ps-strips.ts), so both see exactly what the product's detector would.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Box, DocumentType, Quad } from '../../src/domain/types.js';
import { decodeImage } from '../../src/image/decode.js';
import { makeDocumentCropper } from '../../src/localisation/crop.js';
import { rectify } from '../../src/localisation/rectify.js';
import type { DetectorInput } from '../../src/pipelines/detector.js';

export interface Snapshot {
  readonly quad: Quad;
  readonly type: DocumentType;
  readonly aspect: number;
  readonly canonicalWidth: number;
  readonly canonicalHeight: number;
  readonly nativeLongSide: number;
  readonly cropped: boolean;
  readonly portrait: { face: Box; score: number; photo: Box } | null;
  readonly documentCount: number;
  readonly quality: Omit<DetectorInput['quality'], 'documentColour'> & { documentColour: unknown };
  readonly jpegQuality: number | null;
}

export interface SnapshotEntry {
  readonly image: string;
  readonly status: string;
  readonly snapshot: Snapshot | null;
}


/** Snapshot file of a manifest under `dir` for an ignore list (the key the snapshot mode wrote). */
export const snapshotPath = (dir: string, manifest: string, ignore: readonly string[]): string =>
  join(dir, `${createHash('sha1').update(JSON.stringify([manifest, ignore])).digest('hex').slice(0, 16)}.json`);

export async function readSnapshots(file: string): Promise<Map<string, SnapshotEntry>> {
  return new Map((JSON.parse(await readFile(file, 'utf8')) as SnapshotEntry[]).map((s) => [s.image, s]));
}

/** The detector input of image `path` as the front-end handed it over (canonical raster re-warped from the quad). */
export async function inputFromSnapshot(path: string, s: Snapshot): Promise<DetectorInput> {
  const decoded = await decodeImage(await readFile(path), { maxImagePixels: 50_000_000 });
  const canonical = await rectify(decoded.image, s.quad, s.canonicalWidth, s.canonicalHeight);
  return {
    image: decoded.image,
    file: { format: decoded.format, byteLength: decoded.byteLength, quantTables: decoded.quantTables, jpegQuality: s.jpegQuality, exif: decoded.exif },
    document: {
      quad: s.quad, type: s.type, aspect: s.aspect, canonical, nativeLongSide: s.nativeLongSide, cropped: s.cropped, portrait: s.portrait,
      crop: makeDocumentCropper(decoded.image, s.quad, canonical.width, canonical.height, s.nativeLongSide),
    },
    documentCount: s.documentCount,
    quality: s.quality as DetectorInput['quality'],
  };
}
