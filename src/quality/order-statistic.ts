// The k-th smallest of a Float32Array (or Float64Array) exactly as sorting it would give, by selection: linear on
// average where callers sorted thousands of values only to read one rank. The product's one home for selection:
// selectKth (quickselect, any values: the colour and blur measures) and selectKthPlain (no NaN, no -0: hawk-sd's
// noise-map block medians in features/residual.ts, xenops-ps's window quantiles in pipelines/xenops-ps/window-stats.ts).
import quickselect from 'quickselect';

/** The order of the typed arrays' sort: numeric, -0 before +0, NaN last; a total order, so ties are equal bits. */
export function typedSortOrder(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) {
    if (a !== 0) return 0;
    const negA = Object.is(a, -0), negB = Object.is(b, -0);
    return negA === negB ? 0 : negA ? -1 : 1;
  }
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

/** Float32Array.from(values).sort()[k], leaving `values` as it is. */
export function kthSmallest(values: Float32Array, k: number): number {
  return selectKth(Float32Array.from(values), k);
}

/**
 * selectKth for values that hold no NaN and no -0 (magnitudes, luma levels), where `<` alone is the sort's order
 * (with NaN or a -0 beside a +0 the value it returns is not the sort's): Hoare's selection with the middle element
 * as pivot, comparing inline, reordering `values` so that everything before index k is <= the result and everything
 * after is >=. On its callers' data (bench/selection.ts: 256 noise coefficients per block, one grey bucket of a
 * window) quickselect calling typedSortOrder took 1.3x as long; a NaN / -0 scan choosing between the two made
 * noiseLevelMap 31 % slower, so callers whose data cannot hold either call this directly.
 */
export function selectKthPlain(values: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    // [lo, j] <= pivot <= [i, hi]; values strictly between j and i equal the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}

/** values.sort()[k], reordering `values` only partly (the k smallest first, in no particular order). */
export function selectKth(values: Float32Array | Float64Array, k: number): number {
  // quickselect is typed for arrays; it only indexes and swaps, which a typed array supports alike.
  if (values.length > 0) quickselect(values as unknown as number[], k, 0, values.length - 1, typedSortOrder);
  return values[k]!;
}
