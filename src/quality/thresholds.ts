// Every quality threshold in one place. docs/quality.md gives the measurement behind each value; change them
// together.

export interface QualityThresholds {
  /** DOCUMENT_IS_COLORLESS when the document's coherent chroma (quality/colour.ts) is below this. */
  readonly colorlessCoherentChroma: number;
  /** IMAGE_TOO_BLURRY when the blur (equivalent Gaussian sigma, on the document) exceeds this many millimetres. */
  readonly blurSigmaMm: number;
  /** IMAGE_IS_TOO_COMPRESSED when the file's JPEG quality (IJG scale) is below this ... */
  readonly minJpegQuality: number;
  /** ... or the 8x8 blockiness ratio exceeds this (re-encoded or converted images). */
  readonly maxBlockiness: number;
  /** POOR_IMAGE_EXPOSURE: the document's 90th-percentile luma below this (too dark) ... */
  readonly minP90Luma: number;
  /** ... or its 10th percentile above this (washed out) ... */
  readonly maxP10Luma: number;
  /** ... or more than this fraction of it clipped white. */
  readonly maxBrightClipped: number;
  /** GLARE_ON_IMAGE when at least this fraction of document cells are specular (and the document is not overexposed). */
  readonly glareCellFraction: number;
  /** RELATIVE_DOCUMENT_SIZE_LOWER_THAN_10_PERCENT below this area fraction (in-frame area / frame area). */
  readonly minAreaFraction: number;
  /** DOCUMENT_TOO_CLOSE_TO_BORDER when a corner is nearer to the frame edge than this fraction of its short side. */
  readonly borderMarginFraction: number;
  /** DOCUMENT_CROPPED when a corner lies further outside the frame than this fraction of the frame's short side. */
  readonly cropToleranceFraction: number;
}

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = Object.freeze({
  colorlessCoherentChroma: 0.035,
  blurSigmaMm: 0.25,
  minJpegQuality: 50,
  maxBlockiness: 2.4,
  minP90Luma: 100,
  maxP10Luma: 185,
  maxBrightClipped: 0.05,
  glareCellFraction: 0.01,
  minAreaFraction: 0.1,
  borderMarginFraction: 0.02,
  cropToleranceFraction: 0.005,
});
