// The specimen scans of shared/data/specimens as layout families "specimen:<file>". Read at run time, never copied.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../shared-data.js';
import type { LabDocumentType } from '../types.js';

/**
 * Files that are not one flat document page: two card sides side by side (aspect 2.5-3.2), a booklet spread with
 * the facing page (aspect 1.1-1.2), a page on a wide backdrop (1.78), a passport with its cover (2.2), or a photo of
 * an open passport in perspective on a dark table (not a flat scan), or screenshots of personalisation software with
 * its buttons drawn over the page (the two "polx" files).
 */
const NOT_ONE_PAGE = new Set(['100_id-usa.jpg', '33_id-usa.jpg', '0_pass-lva.jpg', '100_pass2-uto.jpg', '62_pass-aus.png', '79_pass-can.jpg', '100_pass-lux.jpg', '100_pass-polx.jpg', '100_visa-polx.jpg']);

/**
 * Main portrait of the specimens that have a clear one, as fractions [left, top, right, bottom] of the image,
 * annotated by eye on a 10 % grid and checked by drawing them (lab/documents/contact-sheet.ts --specimens --boxes).
 * Card backs, the pixelated GBR portrait and the rest have none.
 */
const PORTRAITS: Readonly<Record<string, readonly [number, number, number, number]>> = {
  '100_id-rou.jpg': [0.05, 0.12, 0.26, 0.62],
  '100_pass-bdr.jpg': [0.04, 0.2, 0.29, 0.72],
  '100_pass-chn.jpg': [0.04, 0.2, 0.2, 0.68],
  '100_pass-cze.jpg': [0.06, 0.17, 0.33, 0.67],
  '100_pass-cze2.jpg': [0.03, 0.18, 0.3, 0.65],
  '100_pass-fin.png': [0.04, 0.14, 0.28, 0.64],
  '100_pass-hrv.jpg': [0.05, 0.28, 0.27, 0.75],
  '100_pass-isl.png': [0.03, 0.22, 0.3, 0.7],
  '100_pass-ltu.jpg': [0.02, 0.26, 0.27, 0.7],
  '100_pass-uto.jpg': [0.1, 0.28, 0.27, 0.75],
  '100_visa-usa.jpg': [0.02, 0.26, 0.3, 0.74],
  '24_pass-egy.jpg': [0.03, 0.13, 0.3, 0.6],
  '25_pass-uto.jpg': [0.02, 0.3, 0.24, 0.72],
  '43_pass-fra.jpg': [0.02, 0.2, 0.28, 0.7],
  '43_pass-twn.jpg': [0.07, 0.27, 0.24, 0.72],
  '62_pass-pol.png': [0.05, 0.28, 0.27, 0.7],
  '79_pass-hun.png': [0.06, 0.25, 0.27, 0.72],
  '98_pass-nld.jpg': [0.08, 0.2, 0.28, 0.7],
};

export interface SpecimenFile {
  readonly family: string;
  readonly file: string;
  readonly documentType: LabDocumentType;
  /** Portrait as fractions [left, top, right, bottom] of the image, null when none is known. */
  readonly portrait: readonly [number, number, number, number] | null;
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
      .map((file) => ({ family: `specimen:${file}`, file, documentType: specimenDocumentType(file), portrait: PORTRAITS[file] ?? null }));
  }
  return cached;
}
