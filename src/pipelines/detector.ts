// The interface every pipeline's detector implements. The analysis engine runs the shared front-end once per
// request (decode, localise, rectify, orient, portrait, quality) and hands each detector the same DetectorInput;
// a detector only turns that evidence into one raw score.
//
// Contract:
// - score() returns a finite raw score, unbounded, higher = more live. Calibration to a probability happens
//   outside (src/calibration); detectors never see calibration names.
// - score() is called only when the pipeline's status is OK (domain/status.ts): a document was found and, for
//   pipelines that need it, a portrait. The one exception is the eval-only no-document gate (AnalysisRequest
//   .noDocumentGate): then `document` is null and the detector judges the whole image.
// - Inputs are read-only and shared between detectors: never modify pixel buffers in place.
// - Detectors own their models (load them in their factory through src/inference, release them in dispose()),
//   keep no module-level state, and must honour `signal` between expensive steps.
// - Never log or store image data.
import type { Box, DocumentType, Quad, QualityWarning } from '../domain/types.js';
import type { ColourStats } from '../quality/colour.js';
import type { ExifFacts } from '../image/exif.js';
import type { QuantTable } from '../image/jpeg-quant.js';
import type { RgbImage } from '../image/types.js';
import type { PipelineName } from './registry.js';

export interface FileFacts {
  /** Container format as sharp reports it: jpeg, png, webp, ... */
  readonly format: string;
  readonly byteLength: number;
  /** JPEG quantisation tables in natural 8x8 order (null for other formats), for double-compression analysis. */
  readonly quantTables: readonly QuantTable[] | null;
  /** IJG-equivalent quality of those tables (null for other formats). */
  readonly jpegQuality: number | null;
  /** EXIF metadata the file carries (optional: absent when the caller did not read it). */
  readonly exif?: ExifFacts;
}


export interface PortraitInput {
  /** Face found by the face detector, in canonical-document pixels. */
  readonly face: Box;
  /** Detector confidence, 0..1. */
  readonly score: number;
  /** Estimated photo area around the face (35 x 45 mm framing), canonical-document pixels, clipped. */
  readonly photo: Box;
}

export interface CropOptions {
  /** Output pixels per input pixel (default 1: the document's native resolution). */
  readonly scale?: number;
  /** Upper bound on the crop's longer side; the scale is reduced to respect it (default 2048). */
  readonly maxSide?: number;
}

export interface DocumentInput {
  /** Corners in input-image pixels, clockwise from the document's own top-left (upright reading order). */
  readonly quad: Quad;
  readonly type: DocumentType;
  /** True width / height of the document (>= 1), after perspective correction. */
  readonly aspect: number;
  /** Upright, landscape document at the canonical size (CANONICAL_LONG_SIDE = 640 px wide). */
  readonly canonical: RgbImage;
  /** Length of the document's long side in input pixels (its native resolution). */
  readonly nativeLongSide: number;
  /** The document extends past the frame (only when DOCUMENT_CROPPED was ignored); those pixels are black. */
  readonly cropped: boolean;
  /** null when no portrait was found (always non-null for pipelines that need it). */
  readonly portrait: PortraitInput | null;
  /**
   * A region of the document, given in canonical-document pixels, warped from the full-resolution input (not
   * upsampled from the canonical raster): for texture, moire, halftone and noise analysis. Computed on demand.
   */
  crop(region: Box, options?: CropOptions): Promise<RgbImage>;
}

export interface QualityFacts {
  readonly warnings: readonly QualityWarning[];
  /** Equivalent Gaussian blur on the document, mm (NaN if unmeasurable or no document). */
  readonly blurSigmaMm: number;
  /** 8x8 blockiness ratio of the image (1 = none). */
  readonly blockiness: number;
  readonly colorless: boolean;
  /** The front-end's colour measurement of `document.canonical` (null without a document): reuse, do not redo. */
  readonly documentColour: ColourStats | null;
}

/**
 * Derived values shared by the detectors of one request: `of(f, x)` is `f(x)`, computed once per request for each
 * pure function `f` and source object `x` (by identity) and handed to every detector that asks. `f` must be a
 * module-level pure function (the same function object each time), and nobody may modify the result.
 */
export interface DerivedValues {
  of<S extends object, R>(compute: (source: S) => R, source: S): R;
}

/** `compute(source)`, through the request's shared values when the engine provided them. */
export function derive<S extends object, R>(input: DetectorInput, compute: (source: S) => R, source: S): R {
  return input.derived === undefined ? compute(source) : input.derived.of(compute, source);
}

export interface DetectorInput {
  /** The decoded input: EXIF orientation applied, sRGB, 8-bit RGB, full resolution. Read-only. */
  readonly image: RgbImage;
  readonly file: FileFacts;
  /** The main document; null only in no-document-gate research mode. */
  readonly document: DocumentInput | null;
  /** Number of documents found in the frame. */
  readonly documentCount: number;
  readonly quality: QualityFacts;
  /** Values derived once per request for every detector (absent outside the engine: compute them directly). */
  readonly derived?: DerivedValues;
  readonly signal?: AbortSignal;
}

/** One input of a detector's model, for explanations. */
export interface FeatureEvidence {
  readonly name: string;
  readonly value: number;
  /** Share of the raw score this feature contributed (linear models: weight x standardised value); null otherwise. */
  readonly contribution: number | null;
}

/** A coarse map of raw scores over the canonical document (row-major, rows x cols; higher = more live). */
export interface RegionScores {
  readonly rows: number;
  readonly cols: number;
  readonly scores: readonly number[];
}

/** What a detector based its score on (the opt-in `explain` of the API). Never contains image data. */
export interface DetectorEvidence {
  readonly features: readonly FeatureEvidence[];
  readonly regions: RegionScores | null;
  /** Detector-specific facts, JSON-serialisable (e.g. the strongest spectral peaks and where they are). */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface Detector {
  readonly name: PipelineName;
  /** Raw score, unbounded, higher = more live. */
  score(input: DetectorInput): Promise<number>;
  /** The same score as score() plus the evidence behind it (slower; only for explain requests). */
  explain?(input: DetectorInput): Promise<{ readonly score: number; readonly evidence: DetectorEvidence }>;
  /** Releases model sessions; the detector is unusable afterwards. */
  dispose(): Promise<void>;
}

export interface DetectorContext {
  /** Directory of committed model files (models/). */
  readonly modelDir: string;
}

/** How the engine creates a detector: pipelines register one factory each in src/pipelines/detectors.ts. */
export type DetectorFactory = (context: DetectorContext) => Promise<Detector>;
