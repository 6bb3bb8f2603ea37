// Forensic measurements of the traces the attacks leave: JPEG 8x8 grid phase, noise level, spectral peaks, exact
// duplicates. Tests use them to prove each trace is present; they read pixels only, never generation parameters.
import type { Rgb8 } from './raster.js';

export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function luma(image: Rgb8, x: number, y: number): number {
  const i = (y * image.width + x) * 3;
  return 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
}

function clampRegion(image: Rgb8, r: Region): Region {
  const x = Math.max(0, Math.floor(r.x));
  const y = Math.max(0, Math.floor(r.y));
  return { x, y, width: Math.min(image.width, Math.floor(r.x + r.width)) - x, height: Math.min(image.height, Math.floor(r.y + r.height)) - y };
}

/**
 * Blocking artefact strength for each of the 8 horizontal and 8 vertical grid phases inside a region: the mean
 * absolute luminance step across the lines x = 8k + phase (between pixel x-1 and x), divided by the mean over all 8
 * phases. Only smooth neighbourhoods count (both neighbouring steps below `smooth` grey levels): there JPEG blocking
 * is what makes steps, while edges of text and patterns would swamp it. A grid at phase p lifts p above 1.
 */
export function blockinessByPhase(image: Rgb8, region: Region, smooth = 6): { x: number[]; y: number[] } {
  const r = clampRegion(image, region);
  const sumX = new Array<number>(8).fill(0);
  const cntX = new Array<number>(8).fill(0);
  const sumY = new Array<number>(8).fill(0);
  const cntY = new Array<number>(8).fill(0);
  const w = r.width;
  const h = r.height;
  const Y = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) Y[y * w + x] = luma(image, r.x + x, r.y + y);
  for (let y = 2; y < h - 2; y++) {
    for (let x = 2; x < w - 2; x++) {
      const v = Y[y * w + x]!;
      const dx = Math.abs(v - Y[y * w + x - 1]!);
      const dxl = Math.abs(Y[y * w + x - 1]! - Y[y * w + x - 2]!);
      const dxr = Math.abs(Y[y * w + x + 1]! - v);
      if (dxl < smooth && dxr < smooth && dx < 2 * smooth) {
        const p = (r.x + x) % 8;
        sumX[p] = sumX[p]! + dx;
        cntX[p] = cntX[p]! + 1;
      }
      const dy = Math.abs(v - Y[(y - 1) * w + x]!);
      const dyu = Math.abs(Y[(y - 1) * w + x]! - Y[(y - 2) * w + x]!);
      const dyd = Math.abs(Y[(y + 1) * w + x]! - v);
      if (dyu < smooth && dyd < smooth && dy < 2 * smooth) {
        const p = (r.y + y) % 8;
        sumY[p] = sumY[p]! + dy;
        cntY[p] = cntY[p]! + 1;
      }
    }
  }
  const norm = (sum: number[], cnt: number[]): number[] => {
    const means = sum.map((s, i) => s / Math.max(1, cnt[i]!));
    const avg = Math.max(1e-9, means.reduce((a, b) => a + b, 0) / 8);
    return means.map((m) => m / avg);
  };
  return { x: norm(sumX, cntX), y: norm(sumY, cntY) };
}

/** The grid phase (0..7 in x and y) with the strongest blocking inside a region. */
export function dominantGridPhase(image: Rgb8, region: Region, exclude?: { x: number; y: number }): { x: number; y: number } {
  const b = blockinessByPhase(image, region);
  const best = (v: number[], skip: number | undefined): number => {
    let bi = -1;
    for (let i = 0; i < 8; i++) if (i !== skip && (bi < 0 || v[i]! > v[bi]!)) bi = i;
    return bi;
  };
  return { x: best(b.x, exclude?.x), y: best(b.y, exclude?.y) };
}

/**
 * Noise standard deviation (8-bit units) of a region's luminance by Immerkaer's method: the 3x3 kernel
 * [1 -2 1; -2 4 -2; 1 -2 1] cancels smooth content; the median absolute response (robust to edges) / 0.6745 / 6
 * (the kernel's L2 norm) estimates sigma of white noise.
 */
export function noiseSigma(image: Rgb8, region: Region): number {
  const r = clampRegion(image, region);
  const values: number[] = [];
  for (let y = r.y + 1; y < r.y + r.height - 1; y++) {
    for (let x = r.x + 1; x < r.x + r.width - 1; x++) {
      const v =
        luma(image, x - 1, y - 1) - 2 * luma(image, x, y - 1) + luma(image, x + 1, y - 1)
        - 2 * luma(image, x - 1, y) + 4 * luma(image, x, y) - 2 * luma(image, x + 1, y)
        + luma(image, x - 1, y + 1) - 2 * luma(image, x, y + 1) + luma(image, x + 1, y + 1);
      values.push(Math.abs(v));
    }
  }
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)]! / 0.6745 / 6;
}

/**
 * Power of one channel (0 R, 1 G, 2 B) of a Hann-windowed, mean-removed region at spatial frequency (fx, fy) in
 * cycles per pixel (a single DFT coefficient, so any frequency can be probed, not only the FFT bins).
 */
export function spectralPower(image: Rgb8, region: Region, channel: number, fx: number, fy: number): number {
  const r = clampRegion(image, region);
  let mean = 0;
  for (let y = 0; y < r.height; y++) for (let x = 0; x < r.width; x++) mean += image.data[((r.y + y) * image.width + r.x + x) * 3 + channel]!;
  mean /= r.width * r.height;
  let re = 0;
  let im = 0;
  for (let y = 0; y < r.height; y++) {
    const wy = 0.5 - 0.5 * Math.cos((2 * Math.PI * (y + 0.5)) / r.height);
    for (let x = 0; x < r.width; x++) {
      const wx = 0.5 - 0.5 * Math.cos((2 * Math.PI * (x + 0.5)) / r.width);
      const v = (image.data[((r.y + y) * image.width + r.x + x) * 3 + channel]! - mean) * wx * wy;
      const phase = -2 * Math.PI * (fx * x + fy * y);
      re += v * Math.cos(phase);
      im += v * Math.sin(phase);
    }
  }
  return (re * re + im * im) / (r.width * r.height);
}

/** Mean absolute difference between two equally sized regions (8-bit units, all channels). */
export function meanAbsDifference(a: Rgb8, ra: Region, b: Rgb8, rb: Region): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < ra.height; y++) {
    for (let x = 0; x < ra.width; x++) {
      const ia = ((ra.y + y) * a.width + ra.x + x) * 3;
      const ib = ((rb.y + y) * b.width + rb.x + x) * 3;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[ia + c]! - b.data[ib + c]!);
      n += 3;
    }
  }
  return sum / Math.max(1, n);
}
