import type { DocumentType, IgnorableError, Quad, QualityWarning, Box } from '../domain/types.js';
import type { PipelineName } from '../pipelines/registry.js';
import type { AnalysisExplanation } from './explanation.js';

/** What the shared front-end found in one image; computed once per request, whatever pipelines are asked. */
export interface DocumentFindings {
  /** At least one identity document was localised. */
  readonly found: boolean;
  readonly count: number;
  /** Type of the main document (UNKNOWN when none was found or its format is unclear). */
  readonly documentType: DocumentType;
  /** The main document extends past the frame. */
  readonly cropped: boolean;
  /** The document shows no colour (grey copy or greyscale image). */
  readonly colorless: boolean;
  /** true/false when portrait detection ran; null when no requested pipeline needed it. */
  readonly portraitFound: boolean | null;
  /** Image quality warnings (the HTTP layer adds none of its own beyond the crop rule in domain/status.ts). */
  readonly warnings: readonly QualityWarning[];
  /** Quads of every document found, main document first, in input-image pixels. */
  readonly quads: readonly Quad[];
  /** Portrait box on the rectified main document, when found. */
  readonly portraitBox?: Box | null;
}

export interface AnalysisRequest {
  /** The uploaded file's bytes, exactly as received (the engine decodes them once). */
  readonly image: Uint8Array;
  /** Pipelines to score; each appears once (aliases already resolved). */
  readonly pipelines: readonly PipelineName[];
  readonly errorsToIgnore: readonly IgnorableError[];
  /**
   * Research mode for `doclive eval --no-document-gate` only (never reachable from the API): when no document is
   * found, each detector judges the whole image instead of the pipeline answering DOCUMENT_NOT_FOUND.
   */
  readonly noDocumentGate?: boolean;
  /**
   * Opt-in explanation (the API's `explain=true`): detectors are asked for explain() instead of score() (the same
   * score) and the result carries `explanation`. Absent or false: the analysis is exactly as without it.
   */
  readonly explain?: boolean;
}

/** Raw detector output: unbounded, higher = more live. Calibration to a probability happens outside. */
export interface RawScore {
  readonly score: number;
}

export interface AnalysisResult {
  readonly findings: DocumentFindings;
  /** One entry per requested pipeline whose status is OK (see domain/status.ts); absent for the others. */
  readonly scores: Partial<Record<PipelineName, RawScore>>;
  /**
   * Optional wall time per stage in milliseconds, for the metrics only: "decode", "frontend" and each scored
   * pipeline's name. Engines that do not measure leave it out.
   */
  readonly stageMs?: Readonly<Record<string, number>>;
  /** Only when the request asked for `explain`: what the front-end measured and each detector's evidence. */
  readonly explanation?: AnalysisExplanation;
}

/**
 * The boundary between the HTTP layer and the image analysis. Implementations own their model sessions and must
 * release them in close(). Errors about the image itself are thrown as DocliveError with an image error code
 * (see src/errors.ts), e.g. IMAGE_DECODE_FAILED.
 */
export interface AnalysisEngine {
  /** Pipelines this engine has a trained, measured detector for. */
  implementedPipelines(): readonly PipelineName[];
  analyse(request: AnalysisRequest, signal?: AbortSignal): Promise<AnalysisResult>;
  close(): Promise<void>;
}
