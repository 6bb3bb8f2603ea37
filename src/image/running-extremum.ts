// Running max / min over 7 samples (radius 3), borders clamped: the filters of the text evidence's grey closing,
// which runs for every document hypothesis and MRZ strip. Each pass reads its source once and writes its output
// once; the partial extrema stay in registers (rows) or in a few reused rows (columns), where block doubling over
// the whole plane made three passes of loads and stores. Comparisons are exact, so the values are those of any
// other order (tests compare with a brute-force window).

/** Window radius these filters implement. */
export const RUNNING_RADIUS = 3;

/** out[y, x] = max (or min) of src[y, clamp(x - 3) .. clamp(x + 3)]. */
export function rowExtremum7(src: Float32Array, width: number, height: number, max: boolean, out: Float32Array): void {
  // Interior: x + 3 < width, no clamp on the incoming sample.
  const interiorEnd = Math.max(0, width - 3);
  for (let y = 0; y < height; y++) {
    const base = y * width, last = base + width - 1;
    // a0..a5: the window's first six samples (x - 3 .. x + 2); a6 comes in.
    let a0 = clampedSample(src, base, width, -3), a1 = clampedSample(src, base, width, -2), a2 = clampedSample(src, base, width, -1);
    let a3 = clampedSample(src, base, width, 0), a4 = clampedSample(src, base, width, 1), a5 = clampedSample(src, base, width, 2);
    let x = 0;
    if (max) {
      for (; x < interiorEnd; x++) {
        const a6 = src[base + x + 3]!;
        const b = a0 > a1 ? a0 : a1, c = a2 > a3 ? a2 : a3, d = a4 > a5 ? a4 : a5;
        const e = b > c ? b : c, f = d > a6 ? d : a6;
        out[base + x] = e > f ? e : f;
        a0 = a1; a1 = a2; a2 = a3; a3 = a4; a4 = a5; a5 = a6;
      }
      for (; x < width; x++) {
        const a6 = src[last]!;
        const b = a0 > a1 ? a0 : a1, c = a2 > a3 ? a2 : a3, d = a4 > a5 ? a4 : a5;
        const e = b > c ? b : c, f = d > a6 ? d : a6;
        out[base + x] = e > f ? e : f;
        a0 = a1; a1 = a2; a2 = a3; a3 = a4; a4 = a5; a5 = a6;
      }
    } else {
      for (; x < interiorEnd; x++) {
        const a6 = src[base + x + 3]!;
        const b = a0 < a1 ? a0 : a1, c = a2 < a3 ? a2 : a3, d = a4 < a5 ? a4 : a5;
        const e = b < c ? b : c, f = d < a6 ? d : a6;
        out[base + x] = e < f ? e : f;
        a0 = a1; a1 = a2; a2 = a3; a3 = a4; a4 = a5; a5 = a6;
      }
      for (; x < width; x++) {
        const a6 = src[last]!;
        const b = a0 < a1 ? a0 : a1, c = a2 < a3 ? a2 : a3, d = a4 < a5 ? a4 : a5;
        const e = b < c ? b : c, f = d < a6 ? d : a6;
        out[base + x] = e < f ? e : f;
        a0 = a1; a1 = a2; a2 = a3; a3 = a4; a4 = a5; a5 = a6;
      }
    }
  }
}

/**
 * src[base + j] with j clamped to the row. A module function, not a closure per row: under tsx (esbuild keepNames)
 * every closure gets a defineProperty call, which cost more than the filter itself on short rows.
 */
function clampedSample(src: Float32Array, base: number, width: number, j: number): number {
  return src[base + (j < 0 ? 0 : j > width - 1 ? width - 1 : j)]!;
}

let pairRows = new Float32Array(0), quadRows = new Float32Array(0);

/**
 * out[y, x] = max (or min) of src[clamp(y - 3) .. clamp(y + 3), x], over whole rows. With R(y) the clamped row y:
 * P(y) = ext(R(y), R(y + 1)) (pairs), Q(y) = ext(P(y), P(y + 2)) (rows y .. y + 3), out(y) = ext(Q(y - 3), Q(y)).
 * P is kept for the last 3 rows and Q for the last 4, in rings reused across calls. `out` must not be `src`.
 */
export function columnExtremum7(src: Float32Array, width: number, height: number, max: boolean, out: Float32Array): void {
  if (pairRows.length < 3 * width) { pairRows = new Float32Array(3 * width); quadRows = new Float32Array(4 * width); }
  const P = pairRows, Q = quadRows;
  const row = (y: number): number => (y < 0 ? 0 : y > height - 1 ? height - 1 : y) * width;
  const pSlot = (y: number): number => ((y + 3) % 3) * width, qSlot = (y: number): number => ((y + 4) % 4) * width;
  const ext = max ? (u: number, v: number): number => (u > v ? u : v) : (u: number, v: number): number => (u < v ? u : v);
  // Before row 0: Q(-3) .. Q(-1) straight from the source rows, P(0) and P(1).
  for (let y = -3; y < 0; y++) {
    const r0 = row(y), r1 = row(y + 1), r2 = row(y + 2), r3 = row(y + 3), o = qSlot(y);
    for (let x = 0; x < width; x++) Q[o + x] = ext(ext(src[r0 + x]!, src[r1 + x]!), ext(src[r2 + x]!, src[r3 + x]!));
  }
  for (let y = 0; y < 2; y++) {
    const r0 = row(y), r1 = row(y + 1), o = pSlot(y);
    for (let x = 0; x < width; x++) P[o + x] = ext(src[r0 + x]!, src[r1 + x]!);
  }
  for (let y = 0; y < height; y++) {
    const r2 = row(y + 2), r3 = row(y + 3), pNear = pSlot(y), pFar = pSlot(y + 2), qOld = qSlot(y - 3), qNew = qSlot(y);
    const o = y * width;
    // Q(y) goes to the slot of Q(y - 4) and P(y + 2) to that of P(y - 1), neither needed any more.
    if (max) {
      for (let x = 0; x < width; x++) {
        const a = src[r2 + x]!, b = src[r3 + x]!, p = a > b ? a : b;
        P[pFar + x] = p;
        const c = P[pNear + x]!, q = c > p ? c : p, d = Q[qOld + x]!;
        Q[qNew + x] = q;
        out[o + x] = d > q ? d : q;
      }
    } else {
      for (let x = 0; x < width; x++) {
        const a = src[r2 + x]!, b = src[r3 + x]!, p = a < b ? a : b;
        P[pFar + x] = p;
        const c = P[pNear + x]!, q = c < p ? c : p, d = Q[qOld + x]!;
        Q[qNew + x] = q;
        out[o + x] = d < q ? d : q;
      }
    }
  }
}
