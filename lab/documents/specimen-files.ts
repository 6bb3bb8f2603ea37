// The specimen scans of shared/data/specimens as layout families "specimen:<file>". Read at run time, never copied.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../shared-data.js';
import type { LabDocumentType } from '../types.js';

/**
 * Files that are not one flat document page: two card sides side by side (aspect 2.5-3.2), a booklet spread with
 * the facing page (aspect 1.1-1.2), a page on a wide backdrop (1.78), a passport with its cover (2.2), or a photo of
 * an open passport in perspective on a dark table (not a flat scan).
 */
const NOT_ONE_PAGE = new Set(['100_id-usa.jpg', '33_id-usa.jpg', '0_pass-lva.jpg', '100_pass2-uto.jpg', '62_pass-aus.png', '79_pass-can.jpg', '100_pass-lux.jpg']);

export interface SpecimenFile {
  readonly family: string;
  readonly file: string;
  readonly documentType: LabDocumentType;
}

/** Document type from the file name: id / card are ID-1 cards; passports and visa stickers are ID-3-like pages. */
export function specimenDocumentType(file: string): LabDocumentType {
  return /(^|_)(id|card)[-_.]/i.test(file) ? 'ID_CARD' : 'PASSPORT';
}

let cached: SpecimenFile[] | null = null;

/** Usable specimens, sorted by name; empty when the shared folder has none. */
export function listSpecimenFamilies(): SpecimenFile[] {
  if (!cached) {
    let files: string[] = [];
    try {
      files = readdirSync(join(sharedDataDir(), 'specimens'));
    } catch {
      files = [];
    }
    cached = files
      .filter((f) => /\.(jpe?g|png)$/i.test(f) && !NOT_ONE_PAGE.has(f))
      .sort()
      .map((file) => ({ family: `specimen:${file}`, file, documentType: specimenDocumentType(file) }));
  }
  return cached;
}
