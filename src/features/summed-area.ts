// Summed-area tables of a per-block value and count over a block grid: any window's totals in four reads. Shared by
// the block-typicality windows (block-consistency.ts) and the aligned double-JPEG windows (aligned-dq.ts).

/** (cols + 1) x (rows + 1) tables of `value` and `count` (row-major, cols x rows): S and C with a zero first row and column. */
export function summedAreaTables(value: ArrayLike<number>, count: ArrayLike<number>, cols: number, rows: number): { S: Float64Array; C: Float64Array } {
  const W = cols;
  const H = rows;
  const S = new Float64Array((W + 1) * (H + 1));
  const C = new Float64Array((W + 1) * (H + 1));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y + 1) * (W + 1) + x + 1;
      S[o] = value[y * W + x]! + S[o - 1]! + S[o - W - 1]! - S[o - W - 2]!;
      C[o] = count[y * W + x]! + C[o - 1]! + C[o - W - 1]! - C[o - W - 2]!;
    }
  }
  return { S, C };
}
