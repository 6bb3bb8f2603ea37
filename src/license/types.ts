import type { PipelineName } from '../pipelines/registry.js';

/** Pipeline licensing as verified at start-up. Without a license file every pipeline is open (null dates). */
export interface LicenseState {
  /** False when a license file is loaded and does not list this pipeline (the pipeline is then not offered). */
  covers(pipeline: PipelineName): boolean;
  /** yyyy-MM-dd, or null when there is no license file (or the license sets no date for it). */
  expirationDate(pipeline: PipelineName): string | null;
  /** True when the pipeline's expiration date is before `today` (yyyy-MM-dd). An expired pipeline answers 403. */
  isExpired(pipeline: PipelineName, today: string): boolean;
}
