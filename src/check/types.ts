import type { CalibrationName, QualityWarning, StatusCode } from '../domain/types.js';
import type { CheckExplanation } from './explanation.js';

/** One entry of `pipelines` as the client sent it (the name may be an alias). */
export interface RequestedPipeline {
  readonly requested: string;
  /** REGULAR when absent. */
  readonly calibration?: string;
}

export interface CheckRequest {
  readonly image: Uint8Array;
  readonly pipelines: readonly RequestedPipeline[];
  readonly errorsToIgnore: readonly string[];
}

export interface OkResult {
  liveness_probability: number;
  liveness_score: number;
  image_quality_warnings: QualityWarning[];
  status_code: 'OK';
}

export interface NotOkResult {
  status_code: Exclude<StatusCode, 'OK'>;
}

export interface PipelineResultEntry {
  /** As the client sent it (aliases are echoed back). */
  pipeline_name: string;
  /** The calibration actually used. */
  calibration: CalibrationName;
  result: OkResult | NotOkResult;
}

/** The 200 answer of POST /check_liveness and /check_liveness_file, field for field as in the reference. */
export interface CheckResponse {
  /** Absent when any pipeline is not OK. */
  aggregate_liveness_probability?: number;
  /** Absent when any pipeline is not OK. */
  aggregate_image_quality_warnings?: QualityWarning[];
  pipeline_results: PipelineResultEntry[];
  /** Only when the request asked for it (explain=true); always the last field. */
  explanation?: CheckExplanation;
}
