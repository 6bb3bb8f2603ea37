// The k-th smallest of a Float32Array (or Float64Array) exactly as sorting it would give, by selection (quickselect, Floyd-Rivest):
// linear on average where the colour measures sorted ~10^4 chromaticities per document only to read one rank.
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

/** values.sort()[k], reordering `values` only partly (the k smallest first, in no particular order). */
export function selectKth(values: Float32Array | Float64Array, k: number): number {
  // quickselect is typed for arrays; it only indexes and swaps, which a typed array supports alike.
  if (values.length > 0) quickselect(values as unknown as number[], k, 0, values.length - 1, typedSortOrder);
  return values[k]!;
}
