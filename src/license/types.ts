import type { PipelineName } from '../pipelines/registry.js';

/** Pipeline licensing as verified at start-up. Without a license file every pipeline is open (null dates). */
export interface LicenseState {
  /** yyyy-MM-dd, or null when unlimited / no license file. */
  expirationDate(pipeline: PipelineName): string | null;
  /** True when the pipeline is not covered by the license or its date is before today. */
  isExpired(pipeline: PipelineName, today: string): boolean;
}
