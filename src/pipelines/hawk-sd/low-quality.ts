// hawk-sd's low-quality head: the features that still carry evidence in a JPEG saved below quality 62. A heavy
// re-encode overwrites the traces of an earlier compression (blocking, double quantisation, a second grid: the
// jpeg, dq, misgrid and contrast groups) and flattens the noise map (local), so at q25-60 those features cannot
// tell a low-quality edit from a low-quality honest capture (docs/models.md, branches sd8 and sd9). What survives
// is what a screenshot is made of: the phone's screen size and aspect, pixel-perfect app chrome and bars, an
// editor's name in EXIF, and the document's noise level and exact flatness. The head reads those only; the
// main model keeps every image at or above the gate.
import type { DetectorInput } from '../detector.js';
import type { FeatureExtractor } from '../feature-detector.js';
import { HAWK_SD_FEATURES, hawkSdFeatures, LOWEST_MODELLED_JPEG_QUALITY, type HawkSdOptions } from './features.js';

/** Model directory of the head: models/hawk-sd/low-quality/ (model.onnx, model.json, calibration.json). */
export const LOW_QUALITY_HEAD = 'low-quality';

/**
 * A JPEG whose estimated quality is below this is judged by the low-quality head. It is the main model's floor: the
 * lab's training rows (captures, re-saves, edits) never go below it, so below it the main model extrapolates.
 */
export const LOW_QUALITY_GATE = LOWEST_MODELLED_JPEG_QUALITY;

/** Feature groups of the head (every feature of these groups, in the main extractor's order). */
export const LOW_QUALITY_GROUPS = ['file', 'frame', 'chrome', 'noise'] as const;

export const HAWK_SD_LOW_QUALITY_FEATURES: readonly string[] = HAWK_SD_FEATURES.filter((name) => (LOW_QUALITY_GROUPS as readonly string[]).includes(name.split('.')[0]!));

/** Whether the low-quality head judges this upload: a JPEG with a known quality below the gate. */
export function isLowQualityJpeg(file: DetectorInput['file'], gate = LOW_QUALITY_GATE): boolean {
  return file.format === 'jpeg' && file.jpegQuality != null && file.jpegQuality < gate;
}

/** Positions of `names` in HAWK_SD_FEATURES. */
const COLUMNS = HAWK_SD_LOW_QUALITY_FEATURES.map((name) => (HAWK_SD_FEATURES as readonly string[]).indexOf(name));

const select = (row: Float32Array): Float32Array => Float32Array.from(COLUMNS, (c) => row[c]!);

/** The main extractor's values for the head's features (same measurement code, so rows of both agree). */
export function hawkSdLowQualityFeatures(options: HawkSdOptions = {}): FeatureExtractor {
  const full = hawkSdFeatures(options);
  return {
    names: HAWK_SD_LOW_QUALITY_FEATURES,
    async extract(input) {
      return select(await full.extract(input));
    },
    async details(input) {
      return full.details!(input);
    },
    async regions(input) {
      const grid = await full.regions!(input);
      return { rows: grid.rows, cols: grid.cols, features: grid.features.map(select) };
    },
  };
}
