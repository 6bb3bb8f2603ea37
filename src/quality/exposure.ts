// Exposure statistics of the document (not the background): percentiles of luma and clipped fractions.
import type { Plane } from '../image/types.js';

export interface ExposureStats {
  readonly p10: number;
  readonly median: number;
  readonly p90: number;
  /** Fraction of pixels at or below 8 / at or above 250. */
  readonly darkClipped: number;
  readonly brightClipped: number;
}

/** `mask` (1 = use): only these pixels count (the part of the document inside the photo, quality/in-frame.ts). */
export function exposureStats(luma: Plane, mask?: Uint8Array): ExposureStats {
  const hist = new Float64Array(256);
  let n = 0;
  for (let i = 0; i < luma.data.length; i++) {
    if (mask !== undefined && mask[i] !== 1) continue;
    hist[Math.max(0, Math.min(255, Math.round(luma.data[i] as number)))]! += 1;
    n++;
  }
  if (n === 0) return { p10: 0, median: 0, p90: 0, darkClipped: 0, brightClipped: 0 };
  const percentile = (q: number): number => {
    let acc = 0;
    for (let v = 0; v < 256; v++) { acc += hist[v]!; if (acc >= q * n) return v; }
    return 255;
  };
  let dark = 0, bright = 0;
  for (let v = 0; v <= 8; v++) dark += hist[v]!;
  for (let v = 250; v < 256; v++) bright += hist[v]!;
  return { p10: percentile(0.1), median: percentile(0.5), p90: percentile(0.9), darkClipped: dark / n, brightClipped: bright / n };
}
