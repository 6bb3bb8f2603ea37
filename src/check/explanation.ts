// The `explanation` object of a check answered with explain=true, built from the engine's explanation: the same
// facts renamed to the API's snake_case, each pipeline's features strongest first, and its region map as numbers,
// probabilities under the calibration used and a colour-mapped PNG.
import type { AnalysisExplanation, QualityCheckExplanation } from '../analysis/explanation.js';
import { calibratedProbability } from '../calibration/apply.js';
import type { CalibrationFile } from '../calibration/types.js';
import type { Box, CalibrationName, DocumentType, Quad, StatusCode } from '../domain/types.js';
import type { DetectorEvidence, FeatureEvidence } from '../pipelines/detector.js';
import type { PipelineName } from '../pipelines/registry.js';
import { regionMapPng } from './region-map.js';

export interface RegionMapExplanation {
  readonly rows: number;
  readonly cols: number;
  /** Raw detector score of each cell, row-major over the canonical document (higher = more live). */
  readonly scores: readonly number[];
  /** Each cell's score through the pipeline's calibration (the one used for this pipeline's result). */
  readonly probabilities: readonly number[];
  /** PNG, base64: one cell per block, red (0) - yellow (0.5) - green (1) by probability. */
  readonly png: string;
}

export interface PipelineEvidenceExplanation {
  /** The model's inputs, the strongest contribution (by absolute value) first; without contributions, in model order. */
  readonly features: readonly FeatureEvidence[];
  readonly details: Readonly<Record<string, unknown>>;
  readonly region_map: RegionMapExplanation | null;
}

export interface PipelineExplanation {
  /** As sent (aliases are echoed back), like pipeline_results. */
  readonly pipeline_name: string;
  readonly pipeline: PipelineName;
  readonly calibration: CalibrationName;
  readonly status_code: StatusCode;
  /** null when the detector did not run (status not OK) or cannot explain itself. */
  readonly evidence: PipelineEvidenceExplanation | null;
}

export interface CheckExplanation {
  readonly image: { readonly width: number; readonly height: number };
  readonly documents: { readonly count: number; readonly document_type: DocumentType; readonly quads: readonly Quad[] };
  readonly main_document: {
    readonly quad: Quad;
    readonly document_type: DocumentType;
    readonly canonical_width: number;
    readonly canonical_height: number;
    readonly canonical_to_image: readonly number[];
  } | null;
  readonly portrait: { readonly face_score: number; readonly canonical_box: Box; readonly image_quad: Quad; readonly image_box: Box } | null;
  readonly quality: readonly QualityCheckExplanation[];
  readonly pipelines: readonly PipelineExplanation[];
}

export interface ExplainedEntry {
  readonly requested: string;
  readonly pipeline: PipelineName;
  readonly calibration: CalibrationName;
  readonly status: StatusCode;
}

export async function buildCheckExplanation(
  explanation: AnalysisExplanation,
  entries: readonly ExplainedEntry[],
  calibrations: ReadonlyMap<PipelineName, CalibrationFile>,
): Promise<CheckExplanation> {
  const { frontEnd } = explanation;
  const main = frontEnd.main;
  const portrait = frontEnd.portrait;
  const pipelines = await Promise.all(
    entries.map(async (entry): Promise<PipelineExplanation> => {
      const evidence = entry.status === 'OK' ? explanation.evidence[entry.pipeline] ?? null : null;
      const calibration = calibrations.get(entry.pipeline);
      return {
        pipeline_name: entry.requested,
        pipeline: entry.pipeline,
        calibration: entry.calibration,
        status_code: entry.status,
        evidence: evidence === null || calibration === undefined ? null : await explainEvidence(evidence, calibration, entry.calibration),
      };
    }),
  );
  return {
    image: frontEnd.image,
    documents: { count: frontEnd.documents.count, document_type: frontEnd.documents.type, quads: frontEnd.documents.quads },
    main_document:
      main === null
        ? null
        : {
            quad: main.quad,
            document_type: main.type,
            canonical_width: main.canonicalWidth,
            canonical_height: main.canonicalHeight,
            canonical_to_image: [...main.canonicalToImage],
          },
    portrait:
      portrait === null
        ? null
        : { face_score: portrait.faceScore, canonical_box: portrait.canonicalBox, image_quad: portrait.imageQuad, image_box: portrait.imageBox },
    quality: frontEnd.quality,
    pipelines,
  };
}

async function explainEvidence(evidence: DetectorEvidence, file: CalibrationFile, calibration: CalibrationName): Promise<PipelineEvidenceExplanation> {
  let regionMap: RegionMapExplanation | null = null;
  if (evidence.regions !== null) {
    const { rows, cols, scores } = evidence.regions;
    const probabilities = scores.map((s) => calibratedProbability(file, calibration, s));
    regionMap = { rows, cols, scores, probabilities, png: await regionMapPng(rows, cols, probabilities) };
  }
  return { features: strongestFirst(evidence.features), details: evidence.details, region_map: regionMap };
}

/** Features by decreasing |contribution|; those without one keep their model order after the others. */
export function strongestFirst(features: readonly FeatureEvidence[]): FeatureEvidence[] {
  const strength = (f: FeatureEvidence): number => (f.contribution === null || !Number.isFinite(f.contribution) ? -1 : Math.abs(f.contribution));
  return features
    .map((feature, index) => ({ feature, index }))
    .sort((a, b) => strength(b.feature) - strength(a.feature) || a.index - b.index)
    .map(({ feature }) => ({ name: feature.name, value: feature.value, contribution: feature.contribution }));
}
