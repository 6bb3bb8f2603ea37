// Presentation-attack-detection metrics in ISO/IEC 30107-3 terms, on raw scores where higher = more live.
//
// Decision rule (the same as the API's p > 0.5 <=> s > t): an image is ACCEPTED as bona fide at threshold t when
// its score is strictly greater than t.
//   APCER(t) = attacks accepted / attacks          (attack presentation classification error rate)
//   BPCER(t) = bona fide not accepted / bona fide  (bona fide presentation classification error rate)
// An image that never reached a score (status not OK) is given the score -Infinity: it is accepted at no threshold,
// so it counts as "not accepted" everywhere (an error for bona fide, a correct rejection for an attack).
// Every function returns null when a class it needs is empty: no made-up numbers.

export interface LabelledScores {
  readonly bonaFide: readonly number[];
  readonly attack: readonly number[];
}

export interface ErrorRates {
  readonly apcer: number;
  readonly bpcer: number;
}

/** One point of the DET / ROC curve: the error rates at one threshold. */
export interface OperatingPoint extends ErrorRates {
  /** Images with score > threshold are accepted; -Infinity means "accept every scored image". */
  readonly threshold: number;
}

function fractionAbove(sorted: readonly number[], t: number): number {
  // sorted ascending; count of values > t by binary search for the first index with value > t
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) > t) hi = mid;
    else lo = mid + 1;
  }
  return (sorted.length - lo) / sorted.length;
}

const ascending = (a: number, b: number): number => a - b;

function checkScores(scores: readonly number[]): void {
  for (const s of scores) {
    if (Number.isNaN(s) || s === Infinity) throw new RangeError(`score must be a finite number or -Infinity (not scored), got ${s}`);
  }
}

/** APCER and BPCER at one threshold; null when either class is empty. */
export function errorRatesAt(data: LabelledScores, threshold: number): ErrorRates | null {
  if (data.bonaFide.length === 0 || data.attack.length === 0) return null;
  return errorRatesFromSorted([...data.bonaFide].sort(ascending), [...data.attack].sort(ascending), threshold);
}

/** APCER / BPCER as a function of the threshold, sorting once (for evaluating many thresholds); null on an empty class. */
export function errorRateFunction(data: LabelledScores): ((threshold: number) => ErrorRates) | null {
  if (data.bonaFide.length === 0 || data.attack.length === 0) return null;
  const bonaFide = [...data.bonaFide].sort(ascending);
  const attack = [...data.attack].sort(ascending);
  return (t) => errorRatesFromSorted(bonaFide, attack, t);
}

function errorRatesFromSorted(bonaFide: readonly number[], attack: readonly number[], t: number): ErrorRates {
  return { apcer: fractionAbove(attack, t), bpcer: 1 - fractionAbove(bonaFide, t) };
}

/** APCER alone (needs only attacks), BPCER alone (needs only bona fide): for calibrations on one-class data. */
export function apcerAt(attack: readonly number[], threshold: number): number | null {
  return attack.length === 0 ? null : fractionAbove([...attack].sort(ascending), threshold);
}
export function bpcerAt(bonaFide: readonly number[], threshold: number): number | null {
  return bonaFide.length === 0 ? null : 1 - fractionAbove([...bonaFide].sort(ascending), threshold);
}

/**
 * Every distinct operating point, from "accept everything, even the not-scored images" (APCER 1, BPCER 0) to
 * "accept nothing" (threshold = the highest score: APCER 0, BPCER 1), one point per distinct score in between.
 * APCER never increases and BPCER never decreases along the list: it is the DET curve, and 1 - BPCER against APCER
 * the ROC curve.
 */
export function operatingPoints(data: LabelledScores): OperatingPoint[] | null {
  if (data.bonaFide.length === 0 || data.attack.length === 0) return null;
  checkScores(data.bonaFide);
  checkScores(data.attack);
  const bonaFide = [...data.bonaFide].sort(ascending);
  const attack = [...data.attack].sort(ascending);
  const thresholds = [...new Set([...bonaFide, ...attack])].sort(ascending);
  // The first point accepts every image, including the not-scored ones: the corner (1, 0) of the curve.
  const points: OperatingPoint[] = [{ threshold: -Infinity, apcer: 1, bpcer: 0 }];
  for (const t of thresholds) {
    const rates = errorRatesFromSorted(bonaFide, attack, t);
    if (t === -Infinity && rates.apcer === 1 && rates.bpcer === 0) continue; // nothing was unscored
    points.push({ threshold: t, ...rates });
  }
  return points;
}

/**
 * Equal error rate. Along the operating points APCER - BPCER goes from +1 to -1; EER is where the straight segment
 * between the last point with APCER >= BPCER and the next one crosses APCER = BPCER (the rate a randomised choice
 * between the two thresholds reaches). With tied scores the segment is a jump, so e.g. one bona fide and one attack
 * with equal scores give 0.5. An exact crossing at a point gives that point's rate.
 */
export function equalErrorRate(data: LabelledScores): number | null {
  const points = operatingPoints(data);
  if (points === null) return null;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as OperatingPoint;
    const b = points[i] as OperatingPoint;
    const da = a.apcer - a.bpcer;
    const db = b.apcer - b.bpcer;
    if (da === 0) return a.apcer;
    if (db <= 0) {
      const lambda = da / (da - db);
      return a.apcer + lambda * (b.apcer - a.apcer);
    }
  }
  // Unreachable: the last point is (0, 1) with APCER - BPCER = -1.
  return null;
}

/**
 * Area under the ROC curve = probability that a random bona fide image scores higher than a random attack, ties
 * counted half (Mann-Whitney U / (n_bona_fide * n_attack)). 1 = perfect separation, 0.5 = chance.
 */
export function rocAuc(data: LabelledScores): number | null {
  if (data.bonaFide.length === 0 || data.attack.length === 0) return null;
  checkScores(data.bonaFide);
  checkScores(data.attack);
  const attack = [...data.attack].sort(ascending);
  let wins = 0;
  for (const b of data.bonaFide) {
    // attacks strictly below b, and attacks equal to b
    const below = countBelow(attack, b);
    const atOrBelow = countAtOrBelow(attack, b);
    wins += below + (atOrBelow - below) / 2;
  }
  return wins / (data.bonaFide.length * data.attack.length);
}

function countBelow(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function countAtOrBelow(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * BPCER at APCER <= target (ISO/IEC 30107-3, e.g. "BPCER20" = target 5 %): the lowest BPCER over the thresholds
 * whose APCER does not exceed the target, i.e. the lowest threshold that holds the attacks to the target.
 */
export function bpcerAtApcer(data: LabelledScores, targetApcer: number): number | null {
  const points = operatingPoints(data);
  if (points === null) return null;
  let best: number | null = null;
  for (const p of points) if (p.apcer <= targetApcer && (best === null || p.bpcer < best)) best = p.bpcer;
  return best;
}

/** APCER at BPCER <= target: the lowest APCER over the thresholds whose BPCER does not exceed the target. */
export function apcerAtBpcer(data: LabelledScores, targetBpcer: number): number | null {
  const points = operatingPoints(data);
  if (points === null) return null;
  let best: number | null = null;
  for (const p of points) if (p.bpcer <= targetBpcer && (best === null || p.apcer < best)) best = p.apcer;
  return best;
}

/** Median (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort(ascending);
  const mid = sorted.length >>> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile, q in (0, 1]; null when empty. */
export function nearestRankPercentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort(ascending);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}
