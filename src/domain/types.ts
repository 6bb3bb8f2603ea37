// Shared vocabulary of the API contract (IDLive Doc Server v2). Every list is a frozen tuple so that
// TypeScript types and runtime validation ("must be one of [...]") come from one place.

export const ATTACK_TYPES = ['SCREEN_REPLAY', 'PRINTED_COPY', 'PORTRAIT_SUBSTITUTION', 'DIGITAL_MANIPULATIONS'] as const;
export type AttackType = (typeof ATTACK_TYPES)[number];

export const CALIBRATIONS = ['REGULAR', 'SOFT', 'HARD'] as const;
export type CalibrationName = (typeof CALIBRATIONS)[number];
export const DEFAULT_CALIBRATION: CalibrationName = 'REGULAR';

/** Status of one pipeline; precedence (first match wins) is the order of this list, OK last. */
export const STATUS_CODES = [
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_CROPPED',
  'DOCUMENT_IS_COLORLESS',
  'DOCUMENT_PHOTO_NOT_FOUND',
  'OK',
] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

/** Only these validation errors may be named in `errors_to_ignore`. */
export const IGNORABLE_ERRORS = ['DOCUMENT_CROPPED', 'DOCUMENT_IS_COLORLESS'] as const;
export type IgnorableError = (typeof IGNORABLE_ERRORS)[number];

export const QUALITY_WARNINGS = [
  'RELATIVE_DOCUMENT_SIZE_LOWER_THAN_10_PERCENT',
  'DOCUMENT_BORDERS_OUTSIDE_OF_FRAME',
  'MULTIPLE_DOCUMENTS_IN_FRAME',
  'DOCUMENT_TOO_CLOSE_TO_BORDER',
  'IMAGE_TOO_BLURRY',
  'IMAGE_IS_TOO_COMPRESSED',
  'POOR_IMAGE_EXPOSURE',
  'GLARE_ON_IMAGE',
] as const;
export type QualityWarning = (typeof QUALITY_WARNINGS)[number];

export const DOCUMENT_TYPES = ['ID_CARD', 'PASSPORT', 'UNKNOWN'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Pixel coordinates in the (EXIF-oriented) input image. */
export type Point = readonly [number, number];
/** Document corners, clockwise from the document's own top-left. */
export type Quad = readonly [Point, Point, Point, Point];

/** Axis-aligned box, in pixels of whatever image it refers to. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
