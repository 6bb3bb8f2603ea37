// Neighbour contrast on a map of window scores: how far one window stands above the windows beside it. A global
// maximum picks whatever content scores highest everywhere (text strokes, guilloche, portrait edges); an edited
// field differs from the fields next to it, while honest text and print look like their neighbours. So each
// window is compared with the median of its neighbours one step away along each axis (left, right, above, below),
// and the image-level cue is the largest such local excess.

export interface NeighbourContrast {
  /** Largest excess of a window over the median of its finite neighbours (0 when no window has two). */
  readonly contrast: number;
  /** That window (column, row), or null. */
  readonly at: readonly [number, number] | null;
}

/** Median of the first n (1..4) values of `v` (sorted in place). */
function smallMedian(v: Float64Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const x = v[i]!;
    let j = i - 1;
    while (j >= 0 && v[j]! > x) (v[j + 1] = v[j]!), j--;
    v[j + 1] = x;
  }
  return n % 2 === 1 ? v[n >> 1]! : 0.5 * (v[n / 2 - 1]! + v[n / 2]!);
}

/**
 * Over a row-major `cols` x `rows` map (NaN = not measured), the largest value minus the median of its finite
 * neighbours at (x +- dx, y) and (x, y +- dy), among windows with at least two such neighbours.
 */
export function neighbourContrast(map: ArrayLike<number>, cols: number, rows: number, dx: number, dy: number): NeighbourContrast {
  if (!Number.isInteger(dx) || !Number.isInteger(dy) || dx < 1 || dy < 1) throw new RangeError(`neighbour steps must be positive integers, got (${dx}, ${dy})`);
  if (map.length !== cols * rows) throw new RangeError(`map of ${map.length} values is not ${cols} x ${rows}`);
  const near = new Float64Array(4);
  let best = Number.NEGATIVE_INFINITY;
  let at: [number, number] | null = null;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const v = map[y * cols + x]!;
      if (!Number.isFinite(v)) continue;
      // The four neighbours read inline (left, right, above, below), not through a closure made per window: one
      // allocation per window (and a tsx `__name` call) was most of this function's time at 4000x3000.
      let n = 0;
      if (x - dx >= 0) {
        const s = map[y * cols + x - dx]!;
        if (Number.isFinite(s)) near[n++] = s;
      }
      if (x + dx < cols) {
        const s = map[y * cols + x + dx]!;
        if (Number.isFinite(s)) near[n++] = s;
      }
      if (y - dy >= 0) {
        const s = map[(y - dy) * cols + x]!;
        if (Number.isFinite(s)) near[n++] = s;
      }
      if (y + dy < rows) {
        const s = map[(y + dy) * cols + x]!;
        if (Number.isFinite(s)) near[n++] = s;
      }
      if (n < 2) continue;
      const c = v - smallMedian(near, n);
      if (c > best) (best = c), (at = [x, y]);
    }
  }
  return at === null ? { contrast: 0, at: null } : { contrast: best, at };
}
