// Interfaces between the parts of the data lab: document rendering (lab/documents), the scene and camera model
// (lab/capture), the attacks (lab/attacks) and the generator CLI (lab/cli.ts, lab/generate.ts).
// Lab code is dev-only: src/ never imports lab/.

export type LabSplit = 'train' | 'val' | 'test';
export type LabDocumentType = 'ID_CARD' | 'PASSPORT';
export type LabClass = 'bona_fide' | 'SCREEN_REPLAY' | 'PRINTED_COPY' | 'PORTRAIT_SUBSTITUTION' | 'DIGITAL_MANIPULATIONS';

/** 8-bit sRGB raster, 4 channels (RGBA) interleaved; alpha = the document's shape (rounded corners) where relevant. */
export interface Rgba8 {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Linear-light float raster, 3 channels (RGB) interleaved, nominal range [0, 1] (may exceed 1 before clipping). */
export interface LinearRgb {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export interface PxBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A flat identity document as printed on the card / page, before any capture. Produced by lab/documents. */
export interface DocumentRender {
  readonly image: Rgba8;
  /** Resolution of `image`; widthMm * pxPerMm = image.width. */
  readonly pxPerMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly documentType: LabDocumentType;
  /** Layout family id (e.g. "family-03" or "specimen:<file>"); families are split between train/val/test. */
  readonly family: string;
  /** Main portrait, in `image` pixels; null if the layout has none. */
  readonly portraitBox: PxBox | null;
  readonly ghostPortraitBox: PxBox | null;
  /** Face image id used for the portrait (file name in shared/data/faces), null when none. */
  readonly faceId: string | null;
  /** Corner radius in mm (3.18 for ID-1 cards, 0 for paper / passport pages as rendered). */
  readonly cornerRadiusMm: number;
  /** Areas with a laminate / holographic overlay (specular, angle-dependent), in `image` pixels. */
  readonly hologramBoxes: readonly PxBox[];
  readonly laminated: boolean;
  /** Text fields as rendered (for edits that retype a field): name -> box in `image` pixels and the text. */
  readonly fields: Readonly<Record<string, { readonly box: PxBox; readonly text: string }>>;
  readonly mrz: readonly string[];
  /** Everything else that was drawn at random, for the sidecar JSON. */
  readonly params: Readonly<Record<string, unknown>>;
}

/** Pixel corners in the captured image, clockwise from the document's own top-left. */
export type LabQuad = readonly [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];

/** One finished lab image with its ground truth. */
export interface LabSample {
  /** Encoded file (JPEG, PNG, ...) exactly as written to disk. */
  readonly bytes: Uint8Array;
  readonly extension: 'jpg' | 'png' | 'webp';
  readonly label: 'bona_fide' | 'attack';
  readonly attack: Exclude<LabClass, 'bona_fide'> | null;
  /** Quads of every identity document visible in the image, main document first (may extend past the frame). */
  readonly quads: readonly LabQuad[];
  readonly documentType: LabDocumentType;
  /** Portrait of the main document as a quad in image pixels, null when not visible / none. */
  readonly portraitQuad: LabQuad | null;
  /** All generation parameters (sidecar JSON). */
  readonly params: Readonly<Record<string, unknown>>;
}

/** Captures a (possibly altered) flat document in a scene with the camera model: the bona fide capture path. */
export type CaptureFn = (doc: DocumentRender, rng: import('./rng.js').Rng) => Promise<LabSample>;

/** What an attack generator receives (lab/attacks/*). */
export interface AttackContext {
  readonly doc: DocumentRender;
  readonly rng: import('./rng.js').Rng;
  readonly split: LabSplit;
  /** The bona fide capture path (lab/capture); attacks that are captured afterwards call it and relabel. */
  readonly capture: CaptureFn;
}
