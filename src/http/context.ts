import type { Admission } from '../check/admission.js';
import type { BiRecorder } from '../check/bi-recorder.js';
import type { LivenessChecker } from '../check/service.js';
import type { AnalysisEngine } from '../analysis/types.js';
import type { Config } from '../config/config.js';
import type { LicenseState } from '../license/types.js';
import type { PipelineOffering } from '../pipelines/offering.js';
import type { DocliveMetrics } from '../metrics/metrics.js';
import type { BiStore } from '../store/types.js';

/** What the routes share; built once by buildApp. */
export interface RouteContext {
  readonly config: Config;
  readonly engine: AnalysisEngine;
  readonly store: BiStore;
  readonly license: LicenseState;
  readonly offering: PipelineOffering;
  readonly checker: LivenessChecker;
  readonly admission: Admission;
  readonly bi: BiRecorder;
  readonly metrics: DocliveMetrics;
  readonly clock: () => Date;
}
