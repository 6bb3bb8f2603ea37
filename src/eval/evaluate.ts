// From per-image outcomes to the evaluation summary written by `doclive eval --json` (shape in docs/cli.md).
// Pure: no I/O, so every number can be checked against hand-computed cases.

import { ATTACK_TYPES, CALIBRATIONS, STATUS_CODES, type AttackType, type CalibrationName, type StatusCode } from '../domain/types.js';
import type { DocumentFindings } from '../analysis/types.js';
import { PIPELINES, type PipelineName } from '../pipelines/registry.js';
import { calibratedProbability } from '../calibration/apply.js';
import type { CalibrationFile } from '../calibration/types.js';
import type { ManifestEntry } from './manifest.js';
import { quadIou } from './iou.js';
import {
  apcerAtBpcer,
  bpcerAtApcer,
  equalErrorRate,
  median,
  nearestRankPercentile,
  rocAuc,
  type LabelledScores,
} from './metrics.js';

export interface PipelineOutcome {
  readonly status: StatusCode;
  /** Raw score when status is OK, else null. */
  readonly score: number | null;
}

/** What happened to one manifest image. */
export interface ImageOutcome {
  readonly entry: ManifestEntry;
  /** Why the image could not be analysed (missing, unreadable, not an image); null when it was analysed. */
  readonly error: string | null;
  readonly findings: DocumentFindings | null;
  readonly pipelines: Partial<Record<PipelineName, PipelineOutcome>>;
  /** Analysis time of this image in ms (null when it could not be read). */
  readonly timeMs: number | null;
}

export interface Rates {
  readonly apcer: number | null;
  readonly bpcer: number | null;
}

export interface AttackBreakdown {
  readonly n_attack: number;
  /** Fraction of these attacks that reached a score. */
  readonly scored: number | null;
  readonly eer: number | null;
  readonly auc: number | null;
  /** APCER of these attacks at each calibration. */
  readonly calibrations: Record<CalibrationName, number | null>;
}

export interface PipelineSummary {
  readonly attack_type: AttackType;
  readonly n_bona_fide: number;
  readonly n_attack: number;
  /** Fraction of the pipeline's images (bona fide + own attacks) whose status was OK. */
  readonly scored: number | null;
  readonly status_counts: Record<StatusCode, number>;
  readonly eer: number | null;
  readonly auc: number | null;
  readonly bpcer_at_apcer_1: number | null;
  readonly bpcer_at_apcer_5: number | null;
  readonly apcer_at_bpcer_1: number | null;
  readonly calibrations: Record<CalibrationName, Rates>;
  /** Every attack type in the data (own and others), each against the same bona fide images. */
  readonly per_attack: Partial<Record<AttackType, AttackBreakdown>>;
  /** Where the calibration came from (file path), or null when the pipeline has none. */
  readonly calibration_source: string | null;
}

export interface EvaluationSummary {
  readonly manifest: string;
  readonly images: number;
  readonly unreadable: number;
  readonly unreadable_images: readonly { line: number; image: string; error: string }[];
  readonly no_document_gate: boolean;
  readonly localisation: {
    readonly with_quad: number;
    readonly iou_median: number | null;
    readonly iou_at_least_0_9: number | null;
    /** Fraction of the images with a quad where no document was found. */
    readonly not_found: number | null;
    readonly with_document_type: number;
    readonly document_type_accuracy: number | null;
  };
  readonly pipelines: Partial<Record<PipelineName, PipelineSummary>>;
  readonly timing_ms: { readonly median: number | null; readonly p95: number | null };
}

export interface EvaluationInput {
  readonly manifest: string;
  readonly outcomes: readonly ImageOutcome[];
  readonly pipelines: readonly PipelineName[];
  readonly calibrations: Partial<Record<PipelineName, { file: CalibrationFile; source: string }>>;
  readonly noDocumentGate: boolean;
}

const fraction = (count: number, total: number): number | null => (total === 0 ? null : count / total);

/** Score used by the metrics: the raw score when OK, -Infinity (never accepted) otherwise. */
export function metricScore(outcome: PipelineOutcome): number {
  return outcome.status === 'OK' && outcome.score !== null ? outcome.score : -Infinity;
}

function accepted(outcome: PipelineOutcome, calibration: CalibrationFile, name: CalibrationName): boolean {
  return outcome.status === 'OK' && outcome.score !== null && calibratedProbability(calibration, name, outcome.score) > 0.5;
}

/** The images of one pipeline: bona fide, and attacks grouped by type, each with that pipeline's outcome. */
export function pipelineImages(outcomes: readonly ImageOutcome[], pipeline: PipelineName) {
  const bonaFide: { outcome: PipelineOutcome; image: ImageOutcome }[] = [];
  const attacks = new Map<AttackType, { outcome: PipelineOutcome; image: ImageOutcome }[]>();
  for (const image of outcomes) {
    const outcome = image.pipelines[pipeline];
    if (image.error !== null || outcome === undefined) continue;
    if (image.entry.label === 'bona_fide') bonaFide.push({ outcome, image });
    else if (image.entry.attack !== null) {
      const list = attacks.get(image.entry.attack) ?? [];
      list.push({ outcome, image });
      attacks.set(image.entry.attack, list);
    }
  }
  return { bonaFide, attacks };
}

function summarisePipeline(input: EvaluationInput, pipeline: PipelineName): PipelineSummary {
  const attackType = PIPELINES[pipeline].attackType;
  const { bonaFide, attacks } = pipelineImages(input.outcomes, pipeline);
  const own = attacks.get(attackType) ?? [];
  const population = [...bonaFide, ...own];
  const statusCounts = Object.fromEntries(STATUS_CODES.map((s) => [s, 0])) as Record<StatusCode, number>;
  for (const { outcome } of population) statusCounts[outcome.status] += 1;
  const bonaScores = bonaFide.map(({ outcome }) => metricScore(outcome));
  const data: LabelledScores = { bonaFide: bonaScores, attack: own.map(({ outcome }) => metricScore(outcome)) };
  const calibration = input.calibrations[pipeline]?.file ?? null;

  const calibrations = Object.fromEntries(
    CALIBRATIONS.map((name): [CalibrationName, Rates] => {
      if (calibration === null) return [name, { apcer: null, bpcer: null }];
      return [
        name,
        {
          apcer: fraction(own.filter(({ outcome }) => accepted(outcome, calibration, name)).length, own.length),
          bpcer: fraction(bonaFide.filter(({ outcome }) => !accepted(outcome, calibration, name)).length, bonaFide.length),
        },
      ];
    }),
  ) as Record<CalibrationName, Rates>;

  const perAttack: Partial<Record<AttackType, AttackBreakdown>> = {};
  for (const type of ATTACK_TYPES) {
    const list = attacks.get(type);
    if (list === undefined) continue;
    const typeData = { bonaFide: bonaScores, attack: list.map(({ outcome }) => metricScore(outcome)) };
    perAttack[type] = {
      n_attack: list.length,
      scored: fraction(list.filter(({ outcome }) => outcome.status === 'OK').length, list.length),
      eer: equalErrorRate(typeData),
      auc: rocAuc(typeData),
      calibrations: Object.fromEntries(
        CALIBRATIONS.map((name) => [
          name,
          calibration === null ? null : fraction(list.filter(({ outcome }) => accepted(outcome, calibration, name)).length, list.length),
        ]),
      ) as Record<CalibrationName, number | null>,
    };
  }

  return {
    attack_type: attackType,
    n_bona_fide: bonaFide.length,
    n_attack: own.length,
    scored: fraction(statusCounts.OK, population.length),
    status_counts: statusCounts,
    eer: equalErrorRate(data),
    auc: rocAuc(data),
    bpcer_at_apcer_1: bpcerAtApcer(data, 0.01),
    bpcer_at_apcer_5: bpcerAtApcer(data, 0.05),
    apcer_at_bpcer_1: apcerAtBpcer(data, 0.01),
    calibrations,
    per_attack: perAttack,
    calibration_source: input.calibrations[pipeline]?.source ?? null,
  };
}

function summariseLocalisation(outcomes: readonly ImageOutcome[]): EvaluationSummary['localisation'] {
  const read = outcomes.filter((o) => o.error === null && o.findings !== null);
  const withQuad = read.filter((o) => o.entry.quad !== null);
  // A document that was not found has IoU 0: localisation failed on it.
  const ious = withQuad.map((o) => {
    const found = o.findings?.quads[0];
    return o.findings?.found === true && found !== undefined ? quadIou(o.entry.quad!, found) : 0;
  });
  const withType = read.filter((o) => o.entry.documentType !== null);
  return {
    with_quad: withQuad.length,
    iou_median: median(ious),
    iou_at_least_0_9: fraction(ious.filter((v) => v >= 0.9).length, ious.length),
    not_found: fraction(withQuad.filter((o) => o.findings?.found !== true).length, withQuad.length),
    with_document_type: withType.length,
    document_type_accuracy: fraction(withType.filter((o) => o.findings?.documentType === o.entry.documentType).length, withType.length),
  };
}

export function summarise(input: EvaluationInput): EvaluationSummary {
  const unreadable = input.outcomes.filter((o) => o.error !== null);
  const times = input.outcomes.flatMap((o) => (o.timeMs === null ? [] : [o.timeMs]));
  return {
    manifest: input.manifest,
    images: input.outcomes.length,
    unreadable: unreadable.length,
    unreadable_images: unreadable.map((o) => ({ line: o.entry.line, image: o.entry.image, error: o.error as string })),
    no_document_gate: input.noDocumentGate,
    localisation: summariseLocalisation(input.outcomes),
    pipelines: Object.fromEntries(input.pipelines.map((p) => [p, summarisePipeline(input, p)])),
    timing_ms: { median: median(times), p95: nearestRankPercentile(times, 0.95) },
  };
}
