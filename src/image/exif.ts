// The few EXIF tags detectors use: which camera wrote the file and which program saved it last. Metadata is
// trivially forged, so these are weak cues only (an editor's Software tag on an upload hints at an edit).
import readExif from 'exif-reader';

export interface ExifFacts {
  /** IFD0 Make / Model (the camera), null when absent. */
  readonly make: string | null;
  readonly model: string | null;
  /** IFD0 Software (the program that saved the file last: phone firmware, Photoshop, GIMP ...), null when absent. */
  readonly software: string | null;
}

export const NO_EXIF: ExifFacts = Object.freeze({ make: null, model: null, software: null });

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.replace(/\0+$/, '').trim();
  return trimmed.length > 0 ? trimmed : null;
}

/** Reads Make, Model and Software from sharp's `metadata().exif` block; a missing or unreadable block gives nulls. */
export function readExifFacts(block: Buffer | undefined): ExifFacts {
  if (block === undefined || block.length < 14) return NO_EXIF;
  try {
    const tags = readExif(block).Image ?? {};
    return { make: text(tags.Make), model: text(tags.Model), software: text(tags.Software) };
  } catch {
    // A broken EXIF block is no reason to refuse the image; it just tells nothing.
    return NO_EXIF;
  }
}
