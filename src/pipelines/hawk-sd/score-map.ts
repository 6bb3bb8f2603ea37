// Puts the low-quality head's raw score on the main model's scale, so that the pipeline's one calibration file
// (models/hawk-sd/calibration.json, applied by the engine) turns it into the probability the head's own calibration
// (models/hawk-sd/low-quality/calibration.json) gives. The head's REGULAR threshold lands on the main REGULAR
// threshold and its slope k is kept: for every calibration c the engine's probability is
//   sigmoid(k_main * (mapped - t_main,c)) = sigmoid(k_head * (s - t_head,REGULAR) - k_main * (t_main,c - t_main,REGULAR)),
// i.e. REGULAR decides exactly as the head's calibration, SOFT and HARD keep the main calibration's distance from
// REGULAR in calibrated logits. The head's own SOFT and HARD points are not used: they need about 100 images of each
// class on the 1 % targets, and the lab's low-quality validation rows hold 18 screenshots.
import type { CalibrationFile } from '../../calibration/types.js';

/** Raw head score -> raw score on the main model's scale (increasing, affine). */
export function lowQualityScoreMap(main: CalibrationFile, head: CalibrationFile): (score: number) => number {
  const slope = head.k / main.k;
  const from = head.thresholds.REGULAR.t;
  const to = main.thresholds.REGULAR.t;
  return (score) => to + slope * (score - from);
}
