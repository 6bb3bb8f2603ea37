// Fitting a calibration file from labelled raw scores (higher = more live), as `doclive calibrate` does.
//
// Thresholds (accept when s > t), chosen among the thresholds that separate distinct scores (midpoints between
// neighbouring distinct scores, plus one below the lowest and one above the highest), so a threshold never sits on
// a score and the rates it reaches on the data are exact:
//   REGULAR  the equal-error point: the threshold that minimises max(APCER, BPCER) (ties: smaller |APCER - BPCER|)
//   SOFT     BPCER <= 1 %: among thresholds with BPCER <= 1 %, the one with the lowest APCER (the highest such t)
//   HARD     APCER <= 1 %: among thresholds with APCER <= 1 %, the one with the lowest BPCER (the lowest such t)
// Slope k of p = sigmoid(k (s - t)): a one-dimensional logistic regression of the label on the score, classes
// weighted to equal total weight, with an L2 penalty (strength 1 on standardised scores, as scikit-learn's default
// C = 1) so that perfectly separated data still give a finite slope. The same k serves the three calibrations: it
// says how fast confidence grows with distance from the threshold, which does not depend on where the threshold is.
// Only images that reached a score are fitted: an image the document gate stopped is rejected at any threshold.

import { CALIBRATIONS, type CalibrationName } from '../domain/types.js';
import type { PipelineName } from '../pipelines/registry.js';
import { errorRateFunction, type LabelledScores } from '../eval/metrics.js';
import type { CalibrationFile, CalibrationPoint } from './types.js';

/** Error-rate targets of the SOFT (BPCER) and HARD (APCER) calibrations. */
export const CALIBRATION_TARGET = 0.01;

export interface FitOptions {
  readonly pipeline: PipelineName;
  readonly manifest: string;
  readonly date?: Date;
  readonly note?: string;
}

export interface FitResult {
  readonly calibration: CalibrationFile;
  /** Human-readable cautions: too few images for a target, a detector worse than chance, ... */
  readonly warnings: readonly string[];
}

export class CalibrationFitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationFitError';
  }
}

interface Candidate extends CalibrationPoint {}

function candidateThresholds(data: LabelledScores): number[] {
  const distinct = [...new Set([...data.bonaFide, ...data.attack])].sort((a, b) => a - b);
  const lo = distinct[0] as number;
  const hi = distinct[distinct.length - 1] as number;
  const margin = Math.max((hi - lo) * 0.01, 1e-6, Math.abs(hi) * 1e-9);
  const thresholds = [lo - margin];
  for (let i = 1; i < distinct.length; i++) thresholds.push(((distinct[i - 1] as number) + (distinct[i] as number)) / 2);
  thresholds.push(hi + margin);
  return thresholds;
}

function pick(candidates: readonly Candidate[], better: (a: Candidate, b: Candidate) => boolean, allowed: (c: Candidate) => boolean): Candidate {
  let best: Candidate | null = null;
  for (const c of candidates) if (allowed(c) && (best === null || better(c, best))) best = c;
  // "Accept nothing" satisfies every APCER target and "accept everything" every BPCER target: never null.
  if (best === null) throw new Error('no admissible threshold (unreachable)');
  return best;
}

/** The three thresholds on the given scores. */
export function fitThresholds(data: LabelledScores): Record<CalibrationName, CalibrationPoint> {
  const ratesAt = errorRateFunction(data);
  if (ratesAt === null) throw new CalibrationFitError('a calibration needs both bona fide images and attacks');
  const candidates: Candidate[] = candidateThresholds(data).map((t) => ({ t, ...ratesAt(t) }));
  const regular = pick(
    candidates,
    (a, b) => {
      const ma = Math.max(a.apcer, a.bpcer);
      const mb = Math.max(b.apcer, b.bpcer);
      return ma < mb || (ma === mb && Math.abs(a.apcer - a.bpcer) < Math.abs(b.apcer - b.bpcer));
    },
    () => true,
  );
  const soft = pick(candidates, (a, b) => a.apcer < b.apcer || (a.apcer === b.apcer && a.bpcer < b.bpcer), (c) => c.bpcer <= CALIBRATION_TARGET);
  const hard = pick(candidates, (a, b) => a.bpcer < b.bpcer || (a.bpcer === b.bpcer && a.apcer < b.apcer), (c) => c.apcer <= CALIBRATION_TARGET);
  return { REGULAR: regular, SOFT: soft, HARD: hard };
}

/**
 * Slope of the logistic regression of the label (1 = bona fide) on the score, balanced classes, L2 penalty 1 on
 * the standardised score; Newton's method. Returns the slope in raw-score units (may be <= 0 for a bad detector).
 */
export function logisticSlope(data: LabelledScores): number {
  const all = [...data.bonaFide, ...data.attack];
  const n = all.length;
  const mean = all.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  if (!(sd > 0)) return 0;
  const rows: { z: number; y: number; weight: number }[] = [
    ...data.bonaFide.map((s) => ({ z: (s - mean) / sd, y: 1, weight: n / (2 * data.bonaFide.length) })),
    ...data.attack.map((s) => ({ z: (s - mean) / sd, y: 0, weight: n / (2 * data.attack.length) })),
  ];
  const lambda = 1;
  let w = 0;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    // gradient and Hessian of  sum weight * logloss + lambda/2 w^2
    let gw = lambda * w;
    let gb = 0;
    let hww = lambda;
    let hwb = 0;
    let hbb = 1e-9;
    for (const { z, y, weight } of rows) {
      const p = 1 / (1 + Math.exp(-(w * z + b)));
      const r = weight * (p - y);
      const c = weight * p * (1 - p);
      gw += r * z;
      gb += r;
      hww += c * z * z;
      hwb += c * z;
      hbb += c;
    }
    const det = hww * hbb - hwb * hwb;
    if (!(det > 0)) break;
    const dw = (hbb * gw - hwb * gb) / det;
    const db = (hww * gb - hwb * gw) / det;
    w -= dw;
    b -= db;
    if (Math.abs(dw) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return w / sd;
}

/** Fits a complete calibration file; throws CalibrationFitError when a class has no scored image. */
export function fitCalibration(data: LabelledScores, options: FitOptions): FitResult {
  for (const [name, scores] of [['bona fide', data.bonaFide], ['attack', data.attack]] as const) {
    if (scores.length === 0) throw new CalibrationFitError(`no scored ${name} image: a calibration needs both bona fide images and attacks`);
    for (const s of scores) if (!Number.isFinite(s)) throw new CalibrationFitError(`scores must be finite numbers, got ${s}`);
  }
  const warnings: string[] = [];
  const needed = Math.ceil(1 / CALIBRATION_TARGET);
  if (data.attack.length < needed) {
    warnings.push(
      `HARD targets APCER <= ${CALIBRATION_TARGET * 100} % but there are only ${data.attack.length} attacks: one accepted attack is already ` +
        `${((100 / data.attack.length)).toFixed(1)} %; use at least ${needed} (better ${3 * needed}, rule of three) attacks of this type`,
    );
  }
  if (data.bonaFide.length < needed) {
    warnings.push(
      `SOFT targets BPCER <= ${CALIBRATION_TARGET * 100} % but there are only ${data.bonaFide.length} bona fide images: one rejection is already ` +
        `${((100 / data.bonaFide.length)).toFixed(1)} %; use at least ${needed} (better ${3 * needed}) bona fide images`,
    );
  }
  const thresholds = fitThresholds(data);
  let k = logisticSlope(data);
  if (!(k > 0)) {
    const all = [...data.bonaFide, ...data.attack];
    const mean = all.reduce((s, v) => s + v, 0) / all.length;
    const sd = Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length);
    k = sd > 0 ? 1 / sd : 1;
    warnings.push(`bona fide images do not score higher than attacks on these data (logistic slope <= 0); k set to 1 / score spread = ${k.toPrecision(4)}`);
  }
  const calibration: CalibrationFile = {
    format: 'doclive-calibration/1',
    pipeline: options.pipeline,
    k,
    thresholds: Object.fromEntries(CALIBRATIONS.map((name) => [name, thresholds[name]])) as Record<CalibrationName, CalibrationPoint>,
    fitted_on: {
      manifest: options.manifest,
      n_bona_fide: data.bonaFide.length,
      n_attack: data.attack.length,
      date: (options.date ?? new Date()).toISOString(),
      ...(options.note !== undefined ? { note: options.note } : {}),
    },
  };
  return { calibration, warnings };
}
