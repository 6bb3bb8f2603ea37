// hawk-sd's detector: two feature models chosen by the upload's JPEG quality (from its quantisation tables). At or
// above the gate -- and for every other format -- the main model decides exactly as a plain feature detector does
// (the same code path, byte-identical scores). Below it the low-quality head (low-quality.ts) decides, on the
// features that survive a heavy re-encode, and its score is put on the main scale (score-map.ts).
import { join } from 'node:path';
import { readCalibrationFile } from '../../calibration/load.js';
import type { CalibrationFile } from '../../calibration/types.js';
import type { Detector, DetectorContext, DetectorInput } from '../detector.js';
import { createFeatureDetector } from '../feature-detector.js';
import { hawkSdFeatures } from './features.js';
import { hawkSdLowQualityFeatures, isLowQualityJpeg, LOW_QUALITY_GATE, LOW_QUALITY_HEAD } from './low-quality.js';
import { lowQualityScoreMap } from './score-map.js';

/** A calibration the map needs; a missing or invalid one stops the detector from starting, saying which. */
function readCalibration(path: string): CalibrationFile {
  try {
    return readCalibrationFile(path, 'hawk-sd');
  } catch (error) {
    throw new Error(`hawk-sd: ${(error as Error).message}; the low-quality head needs the main and its own calibration (docs/models.md, hawk-sd)`);
  }
}

export async function createHawkSdDetector(context: DetectorContext): Promise<Detector> {
  // The shipped main calibration anchors the map (a user's own calibration in IDLIVEDOC_SERVER_CALIBRATION_DIR
  // moves the main thresholds only; the head stays anchored to the shipped REGULAR point).
  const mainCalibration = readCalibration(join(context.modelDir, 'hawk-sd', 'calibration.json'));
  const headCalibration = readCalibration(join(context.modelDir, 'hawk-sd', LOW_QUALITY_HEAD, 'calibration.json'));
  const toMainScale = lowQualityScoreMap(mainCalibration, headCalibration);
  const main = await createFeatureDetector('hawk-sd', hawkSdFeatures(), context);
  let head: Detector;
  try {
    head = await createFeatureDetector('hawk-sd', hawkSdLowQualityFeatures(), context, { head: LOW_QUALITY_HEAD });
  } catch (error) {
    await main.dispose();
    throw error;
  }
  const lowQuality = (input: DetectorInput): boolean => isLowQualityJpeg(input.file);

  return {
    name: 'hawk-sd',
    async score(input) {
      return lowQuality(input) ? toMainScale(await head.score(input)) : main.score(input);
    },
    async explain(input) {
      if (!lowQuality(input)) return main.explain!(input);
      const { score, evidence } = await head.explain!(input);
      return {
        score: toMainScale(score),
        evidence: {
          ...evidence,
          regions: evidence.regions === null ? null : { ...evidence.regions, scores: evidence.regions.scores.map(toMainScale) },
          details: {
            ...evidence.details,
            // Which model judged the upload and why: below the gate the compression-history cues are not used.
            lowQualityHead: { jpegQuality: input.file.jpegQuality, gate: LOW_QUALITY_GATE, headScore: score },
          },
        },
      };
    },
    async dispose() {
      await Promise.all([main.dispose(), head.dispose()]);
    },
  };
}
