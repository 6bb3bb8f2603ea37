import type { CalibrationName } from '../domain/types.js';
import type { CalibrationFile } from './types.js';

/** p = sigmoid(k * (s - t)); computed in a form that never overflows. */
export function calibratedProbability(calibration: CalibrationFile, name: CalibrationName, rawScore: number): number {
  const z = calibration.k * (rawScore - calibration.thresholds[name].t);
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
