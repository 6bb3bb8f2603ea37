import type { CalibrationName } from '../domain/types.js';
import type { PipelineName } from '../pipelines/registry.js';

/**
 * A pipeline's calibration file: raw score s -> probability p = sigmoid(k * (s - t)), one threshold t per
 * calibration. REGULAR sits at the equal-error point, SOFT at BPCER <= 1 %, HARD at APCER <= 1 %. The file records
 * the data it was fitted on and the error rates each threshold reached there.
 */
export interface CalibrationFile {
  readonly format: 'doclive-calibration/1';
  readonly pipeline: PipelineName;
  /** Slope of the sigmoid (> 0), shared by the three calibrations. */
  readonly k: number;
  readonly thresholds: Readonly<Record<CalibrationName, CalibrationPoint>>;
  readonly fitted_on: {
    readonly manifest: string;
    readonly n_bona_fide: number;
    readonly n_attack: number;
    readonly date: string;
    readonly note?: string;
  };
}

export interface CalibrationPoint {
  /** Raw-score threshold: scores above it are accepted as live (p > 0.5). */
  readonly t: number;
  /** Error rates this threshold reached on the fitting data (fractions in [0, 1]). */
  readonly apcer: number;
  readonly bpcer: number;
}
