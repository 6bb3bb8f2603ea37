// Planar homographies: fitting from four point pairs and perspective warping (rectification of the document).
import type { Point, Quad } from '../domain/types.js';
import type { RgbImage } from './types.js';

/** Row-major 3x3 matrix. */
export type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];

/** H such that H * src[i] ~ dst[i] (direct linear transform with h33 = 1, solved by Gaussian elimination). */
export function homographyFromPoints(src: readonly Point[], dst: readonly Point[]): Matrix3 {
  if (src.length !== 4 || dst.length !== 4) throw new Error('homographyFromPoints needs exactly 4 point pairs');
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i] as Point;
    const [u, v] = dst[i] as Point;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  const h = solveLinear(a);
  return [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, 1];
}

/** Solves the augmented n x (n+1) system in place (partial pivoting). */
function solveLinear(a: number[][]): number[] {
  const n = a.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) throw new Error('degenerate point configuration for a homography');
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const row = a[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const other = a[r]!;
      const f = other[col]! / row[col]!;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) other[c] = other[c]! - f * row[c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

export function applyHomography(h: Matrix3, x: number, y: number): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

/**
 * Warps the quad of `image` to a width x height rectangle (quad corner 0 -> top-left, clockwise), bilinear,
 * pixels outside the image are black.
 */
export function warpQuad(image: RgbImage, quad: Quad, width: number, height: number): RgbImage {
  const target: Point[] = [[0, 0], [width, 0], [width, height], [0, height]];
  // Map output pixel centres back into the input.
  const h = homographyFromPoints(target, quad);
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h;
  const out = new Uint8Array(width * height * 3);
  const { width: iw, height: ih, data } = image;
  const maxX = iw - 1, maxY = ih - 1, rowBytes = iw * 3;
  for (let y = 0; y < height; y++) {
    // Homogeneous source coordinates move linearly along a row: step them instead of recomputing.
    const cy = y + 0.5;
    let u = h0 * 0.5 + h1 * cy + h2;
    let v = h3 * 0.5 + h4 * cy + h5;
    let w = h6 * 0.5 + h7 * cy + h8;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, u += h0, v += h3, w += h6, o += 3) {
      const fx = u / w - 0.5, fy = v / w - 0.5;
      if (fx < -1 || fy < -1 || fx >= iw || fy >= ih) continue;
      // Math.floor by truncation (|fx|, |fy| < 2^31 here): the same integers, much cheaper in V8.
      const tx = fx | 0, ty = fy | 0;
      const fx0 = fx < tx ? tx - 1 : tx, fy0 = fy < ty ? ty - 1 : ty;
      const ax = fx - fx0, ay = fy - fy0;
      let p00: number, p10: number, p01: number, p11: number;
      if (fx0 >= 0 && fy0 >= 0 && fx0 < maxX && fy0 < maxY) {
        // All four neighbours inside: no clamping.
        p00 = (fy0 * iw + fx0) * 3; p10 = p00 + 3; p01 = p00 + rowBytes; p11 = p01 + 3;
      } else {
        let x0 = fx0, y0 = fy0, x1 = x0 + 1, y1 = y0 + 1;
        if (x0 < 0) x0 = 0; if (y0 < 0) y0 = 0; if (x1 > maxX) x1 = maxX; if (y1 > maxY) y1 = maxY;
        if (x0 > maxX) x0 = maxX; if (y0 > maxY) y0 = maxY;
        const r0 = y0 * iw, r1 = y1 * iw;
        p00 = (r0 + x0) * 3; p10 = (r0 + x1) * 3; p01 = (r1 + x0) * 3; p11 = (r1 + x1) * 3;
      }
      const w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
      out[o] = (data[p00]! * w00 + data[p10]! * w10 + data[p01]! * w01 + data[p11]! * w11 + 0.5) | 0;
      out[o + 1] = (data[p00 + 1]! * w00 + data[p10 + 1]! * w10 + data[p01 + 1]! * w01 + data[p11 + 1]! * w11 + 0.5) | 0;
      out[o + 2] = (data[p00 + 2]! * w00 + data[p10 + 2]! * w10 + data[p01 + 2]! * w01 + data[p11 + 2]! * w11 + 0.5) | 0;
    }
  }
  return { width, height, data: out };
}

export function quadArea(q: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) {
    const [x1, y1] = q[i] as Point;
    const [x2, y2] = q[(i + 1) % q.length] as Point;
    s += x1 * y2 - x2 * y1;
  }
  return Math.abs(s) / 2;
}
