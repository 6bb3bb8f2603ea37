import type { IgnorableError, QualityWarning, StatusCode } from './types.js';
import type { DocumentFindings } from '../analysis/types.js';
import type { PipelineSpec } from '../pipelines/registry.js';

/**
 * Status of one pipeline from the shared document findings, first match wins:
 * DOCUMENT_NOT_FOUND -> DOCUMENT_CROPPED (unless ignored) -> DOCUMENT_IS_COLORLESS (unless ignored)
 * -> DOCUMENT_PHOTO_NOT_FOUND (portrait pipelines only) -> OK.
 * Used both by the engine (to decide which detectors to run) and by the HTTP layer (to answer).
 */
export function pipelineStatus(
  findings: DocumentFindings,
  spec: Pick<PipelineSpec, 'needsPortrait'>,
  ignored: ReadonlySet<IgnorableError>,
): StatusCode {
  if (!findings.found) return 'DOCUMENT_NOT_FOUND';
  if (findings.cropped && !ignored.has('DOCUMENT_CROPPED')) return 'DOCUMENT_CROPPED';
  if (findings.colorless && !ignored.has('DOCUMENT_IS_COLORLESS')) return 'DOCUMENT_IS_COLORLESS';
  if (spec.needsPortrait && findings.portraitFound !== true) return 'DOCUMENT_PHOTO_NOT_FOUND';
  return 'OK';
}

/**
 * Warnings reported with an OK pipeline. When DOCUMENT_CROPPED was ignored and the document is cropped, the check
 * runs and DOCUMENT_BORDERS_OUTSIDE_OF_FRAME is reported (the analysis reports it whenever it sees a crop).
 */
export function pipelineWarnings(findings: DocumentFindings): QualityWarning[] {
  const warnings = new Set<QualityWarning>(findings.warnings);
  if (findings.cropped) warnings.add('DOCUMENT_BORDERS_OUTSIDE_OF_FRAME');
  return [...warnings];
}
