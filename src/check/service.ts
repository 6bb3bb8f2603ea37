import type { AnalysisEngine, DocumentFindings } from '../analysis/types.js';
import { calibratedProbability } from '../calibration/apply.js';
import type { CalibrationFile } from '../calibration/types.js';
import { dayIn } from '../domain/day.js';
import { pipelineStatus, pipelineWarnings } from '../domain/status.js';
import {
  CALIBRATIONS,
  DEFAULT_CALIBRATION,
  IGNORABLE_ERRORS,
  STATUS_CODES,
  isOneOf,
  type CalibrationName,
  type DocumentType,
  type IgnorableError,
  type QualityWarning,
} from '../domain/types.js';
import { DocliveError } from '../errors.js';
import type { LicenseState } from '../license/types.js';
import { offeredSpellings, type PipelineOffering } from '../pipelines/offering.js';
import { PIPELINES, resolvePipelineName, type PipelineName } from '../pipelines/registry.js';
import { buildCheckExplanation } from './explanation.js';
import type { CheckRequest, CheckResponse, PipelineResultEntry, RequestedPipeline } from './types.js';

// The liveness check, independent of any transport: the HTTP routes and the `doclive` CLI both call it.
// It validates the request, runs the analysis engine once, applies status precedence and calibration and builds
// the response exactly as the reference shapes it.

export interface LivenessCheckerDeps {
  readonly engine: AnalysisEngine;
  readonly offering: PipelineOffering;
  readonly license: LicenseState;
  /** Calibration file of every offered pipeline. */
  readonly calibrations: ReadonlyMap<PipelineName, CalibrationFile>;
  /** Time zone in which "today" is judged for license expiry. */
  readonly timezone: string;
  readonly clock?: () => Date;
}

/** A request whose names, calibrations and ignore list have been validated; the image is not looked at yet. */
export interface CheckPlan {
  readonly entries: readonly { readonly requested: string; readonly pipeline: PipelineName; readonly calibration: CalibrationName }[];
  readonly pipelines: readonly PipelineName[];
  readonly errorsToIgnore: readonly IgnorableError[];
}

export interface CheckOptions {
  /** Aborts the analysis (deadline passed, client gone). */
  readonly signal?: AbortSignal;
  /**
   * `doclive eval --no-document-gate` only, never set by the HTTP layer: when no document is found, a pipeline the
   * engine still scored (on the whole image) answers OK with that score instead of DOCUMENT_NOT_FOUND.
   */
  readonly noDocumentGate?: boolean;
  /** Adds `explanation` to the response (the API's explain=true); without it the response is exactly the contract's. */
  readonly explain?: boolean;
}

export interface CheckOutcome {
  readonly response: CheckResponse;
  /** For the BI report key. */
  readonly documentType: DocumentType;
}

export interface LivenessChecker {
  /** Validates names / calibrations / ignorable errors / license; throws DocliveError (400 or 403). */
  plan(pipelines: readonly RequestedPipeline[], errorsToIgnore: readonly string[]): CheckPlan;
  /** Runs the engine on the image for a validated plan. */
  execute(plan: CheckPlan, image: Uint8Array, options?: CheckOptions): Promise<CheckOutcome>;
  /** plan + execute. */
  check(request: CheckRequest, options?: CheckOptions): Promise<CheckResponse>;
}

export function createLivenessChecker(deps: LivenessCheckerDeps): LivenessChecker {
  const clock = deps.clock ?? (() => new Date());
  for (const name of deps.offering.offered) {
    if (!deps.calibrations.has(name)) throw new Error(`No calibration loaded for offered pipeline ${name}`);
  }

  function resolveOffered(requested: string): PipelineName {
    const name = resolvePipelineName(requested);
    const accepted = offeredSpellings(deps.offering.offered);
    const acceptedText = accepted.length > 0 ? `[${accepted.join(', ')}]` : '[] (this server offers no pipeline yet)';
    if (name === null) {
      throw new DocliveError('INVALID_PIPELINE', `Unknown pipeline '${requested}': must be one of ${acceptedText}.`);
    }
    switch (deps.offering.reasons[name]) {
      case undefined:
        return name;
      case 'not-implemented':
        throw new DocliveError(
          'INVALID_PIPELINE',
          `Pipeline '${requested}' exists but no trained detector is available for it in this build. Available pipelines: ${acceptedText}.`,
        );
      case 'not-enabled':
        throw new DocliveError(
          'INVALID_PIPELINE',
          `Pipeline '${requested}' is not enabled on this server (IDLIVEDOC_SERVER_AVAILABLE_PIPELINES). Available pipelines: ${acceptedText}.`,
        );
      case 'not-licensed':
        throw new DocliveError(
          'INVALID_PIPELINE',
          `Pipeline '${requested}' is not covered by this server's license. Available pipelines: ${acceptedText}.`,
        );
    }
  }

  function plan(pipelines: readonly RequestedPipeline[], errorsToIgnore: readonly string[]): CheckPlan {
    if (pipelines.length === 0) {
      throw new DocliveError(
        'BAD_REQUEST',
        `pipelines must name at least one pipeline, one of [${offeredSpellings(deps.offering.offered).join(', ')}].`,
      );
    }
    const ignored: IgnorableError[] = [];
    for (const error of errorsToIgnore) {
      if (!isOneOf(IGNORABLE_ERRORS, error)) {
        const known = isOneOf(STATUS_CODES, error) ? `'${error}' cannot be ignored` : `'${error}' is not a validation error`;
        throw new DocliveError('NON_IGNORABLE_ERROR', `errors_to_ignore: ${known}; only [${IGNORABLE_ERRORS.join(', ')}] may be ignored.`);
      }
      if (!ignored.includes(error)) ignored.push(error);
    }
    const entries = pipelines.map(({ requested, calibration }) => {
      const pipeline = resolveOffered(requested);
      const chosen = calibration ?? DEFAULT_CALIBRATION;
      if (!isOneOf(CALIBRATIONS, chosen)) {
        throw new DocliveError(
          'INVALID_CALIBRATION',
          `Calibration '${chosen}' for pipeline '${requested}' is not supported: must be one of [${CALIBRATIONS.join(', ')}] (default ${DEFAULT_CALIBRATION}).`,
        );
      }
      return { requested, pipeline, calibration: chosen };
    });
    const unique = [...new Set(entries.map((entry) => entry.pipeline))];
    const today = dayIn(clock(), deps.timezone);
    const expired = unique.filter((name) => deps.license.isExpired(name, today));
    if (expired.length > 0) {
      const details = expired.map((name) => `${name} (expired ${deps.license.expirationDate(name) ?? 'unknown date'})`);
      throw new DocliveError('PIPELINE_LICENSE_EXPIRED', `The license of pipeline ${details.join(', ')} has expired; renew the license file.`);
    }
    return { entries, pipelines: unique, errorsToIgnore: ignored };
  }

  async function execute(checkPlan: CheckPlan, image: Uint8Array, options: CheckOptions = {}): Promise<CheckOutcome> {
    const noDocumentGate = options.noDocumentGate === true;
    const explain = options.explain === true;
    const analysis = await deps.engine.analyse(
      {
        image,
        pipelines: checkPlan.pipelines,
        errorsToIgnore: checkPlan.errorsToIgnore,
        ...(noDocumentGate ? { noDocumentGate } : {}),
        ...(explain ? { explain } : {}),
      },
      options.signal,
    );
    const ignored = new Set(checkPlan.errorsToIgnore);
    const statuses = checkPlan.entries.map(({ pipeline }) => {
      const status = pipelineStatus(analysis.findings, PIPELINES[pipeline], ignored);
      return status === 'DOCUMENT_NOT_FOUND' && noDocumentGate && analysis.scores[pipeline] !== undefined ? 'OK' : status;
    });
    const results: PipelineResultEntry[] = checkPlan.entries.map(({ requested, pipeline, calibration }, i) => {
      const raw = analysis.scores[pipeline];
      const status = statuses[i]!;
      if (status !== 'OK') return { pipeline_name: requested, calibration, result: { status_code: status } };
      if (raw === undefined || !Number.isFinite(raw.score)) {
        throw new Error(`analysis engine returned no finite score for OK pipeline ${pipeline}`);
      }
      const file = deps.calibrations.get(pipeline) as CalibrationFile;
      return {
        pipeline_name: requested,
        calibration,
        result: {
          liveness_probability: calibratedProbability(file, calibration, raw.score),
          liveness_score: raw.score,
          image_quality_warnings: pipelineWarnings(analysis.findings),
          status_code: 'OK',
        },
      };
    });
    const response = aggregate(results);
    if (explain) {
      if (analysis.explanation === undefined) throw new Error('analysis engine returned no explanation for an explain request');
      const entries = checkPlan.entries.map((entry, i) => ({ ...entry, status: statuses[i]! }));
      response.explanation = await buildCheckExplanation(analysis.explanation, entries, deps.calibrations);
    }
    return { response, documentType: documentTypeOf(analysis.findings) };
  }

  return {
    plan,
    execute,
    async check(request, options) {
      const checkPlan = plan(request.pipelines, request.errorsToIgnore);
      return (await execute(checkPlan, request.image, options)).response;
    },
  };
}

/** Aggregates only when every pipeline is OK: min probability (live only if every check passes), union of warnings. */
function aggregate(results: PipelineResultEntry[]): CheckResponse {
  let probability = Infinity;
  const warnings = new Set<QualityWarning>();
  for (const { result } of results) {
    if (result.status_code !== 'OK') return { pipeline_results: results };
    probability = Math.min(probability, result.liveness_probability);
    for (const warning of result.image_quality_warnings) warnings.add(warning);
  }
  return {
    aggregate_liveness_probability: probability,
    aggregate_image_quality_warnings: [...warnings],
    pipeline_results: results,
  };
}

function documentTypeOf(findings: DocumentFindings): DocumentType {
  return findings.found ? findings.documentType : 'UNKNOWN';
}
