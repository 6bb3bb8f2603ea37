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
      let n = 0;
      const take = (u: number, w: number): void => {
        if (u < 0 || u >= cols || w < 0 || w >= rows) return;
        const s = map[w * cols + u]!;
        if (Number.isFinite(s)) near[n++] = s;
      };
      take(x - dx, y);
      take(x + dx, y);
      take(x, y - dy);
      take(x, y + dy);
      if (n < 2) continue;
      const c = v - smallMedian(near, n);
      if (c > best) (best = c), (at = [x, y]);
    }
  }
  return at === null ? { contrast: 0, at: null } : { contrast: best, at };
}
