// Native-resolution patches of the document for the patch CNN: axis-aligned windows of the input image, never
// resampled (a display's sub-pixel grid and its moire live at the camera's pixel scale; a warp would smear them),
// taken inside the document quad shrunk towards its centre (the card's rim and the background stay out).
// The CNN reads the high-pass residual (pixel minus its 3x3 mean, per channel): content-agnostic, and it is where
// the emitter structure shows. Training (lab/detectors/sr-patches.ts) and the product use these same functions.
import type { Point, Quad } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';
import { insideConvex } from '../../localisation/geometry.js';

/** Side of the CNN's input in pixels. */
export const PATCH_SIZE = 32;
/** Raw window side: one extra pixel each side for the 3x3 mean of the residual. */
export const RAW_PATCH_SIZE = PATCH_SIZE + 2;
/** Residuals are divided by this so that typical values lie within about +-1. */
export const RESIDUAL_SCALE = 16;
/** The quad is shrunk by this share towards its centroid before patches are placed. */
const INSET = 0.1;

/** Top-left corners of raw windows. */
export type PatchOrigin = readonly [number, number];

function shrink(quad: Quad, share: number): Point[] {
  const cx = (quad[0][0] + quad[1][0] + quad[2][0] + quad[3][0]) / 4;
  const cy = (quad[0][1] + quad[1][1] + quad[2][1] + quad[3][1]) / 4;
  return quad.map(([x, y]) => [cx + (x - cx) * (1 - share), cy + (y - cy) * (1 - share)] as Point);
}

function windowFits(poly: readonly Point[], width: number, height: number, x: number, y: number): boolean {
  const s = RAW_PATCH_SIZE;
  if (x < 0 || y < 0 || x + s > width || y + s > height) return false;
  return insideConvex(poly, x, y) && insideConvex(poly, x + s, y) && insideConvex(poly, x, y + s) && insideConvex(poly, x + s, y + s);
}

/**
 * Up to `count` raw windows spread evenly over the inset quad: candidates on a grid, every k-th kept. With `random`
 * (training), the candidates are drawn uniformly instead. Empty when the document is too small for one window.
 */
export function patchOrigins(width: number, height: number, quad: Quad, count: number, random?: () => number): PatchOrigin[] {
  const poly = shrink(quad, INSET);
  const xs = poly.map((p) => p[0]);
  const ys = poly.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs))) - RAW_PATCH_SIZE;
  const y1 = Math.min(height, Math.ceil(Math.max(...ys))) - RAW_PATCH_SIZE;
  if (x1 < x0 || y1 < y0) return [];
  const out: PatchOrigin[] = [];
  if (random !== undefined) {
    for (let tries = 0; tries < count * 50 && out.length < count; tries++) {
      const x = x0 + Math.floor(random() * (x1 - x0 + 1));
      const y = y0 + Math.floor(random() * (y1 - y0 + 1));
      if (windowFits(poly, width, height, x, y)) out.push([x, y]);
    }
    return out;
  }
  const grid = 12;
  const candidates: PatchOrigin[] = [];
  for (let j = 0; j < grid; j++) {
    for (let i = 0; i < grid; i++) {
      const x = Math.round(x0 + ((x1 - x0) * (i + 0.5)) / grid);
      const y = Math.round(y0 + ((y1 - y0) * (j + 0.5)) / grid);
      if (windowFits(poly, width, height, x, y)) candidates.push([x, y]);
    }
  }
  const step = Math.max(1, candidates.length / count);
  for (let k = 0; k < count && Math.floor(k * step) < candidates.length; k++) out.push(candidates[Math.floor(k * step)]!);
  return out;
}

/** The raw window (RAW_PATCH_SIZE^2 RGB bytes) at `origin`, copied from the image. */
export function rawWindow(image: RgbImage, origin: PatchOrigin, out: Uint8Array = new Uint8Array(RAW_PATCH_SIZE * RAW_PATCH_SIZE * 3), offset = 0): Uint8Array {
  const [x0, y0] = origin;
  const row = RAW_PATCH_SIZE * 3;
  for (let y = 0; y < RAW_PATCH_SIZE; y++) {
    const s = ((y0 + y) * image.width + x0) * 3;
    out.set(image.data.subarray(s, s + row), offset + y * row);
  }
  return out;
}

/** The CNN input of one raw window: residual / RESIDUAL_SCALE, PATCH_SIZE^2 x 3, channel order as `layout`. */
export function residualPatch(raw: Uint8Array, rawOffset: number, out: Float32Array, outOffset: number, layout: 'nhwc' | 'nchw'): void {
  const r = RAW_PATCH_SIZE;
  const p = PATCH_SIZE;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < p; y++) {
      for (let x = 0; x < p; x++) {
        let sum = 0;
        for (let dy = 0; dy < 3; dy++) {
          const base = rawOffset + ((y + dy) * r + x) * 3 + c;
          sum += raw[base]! + raw[base + 3]! + raw[base + 6]!;
        }
        const centre = raw[rawOffset + ((y + 1) * r + x + 1) * 3 + c]!;
        const value = (centre - sum / 9) / RESIDUAL_SCALE;
        const index = layout === 'nhwc' ? (y * p + x) * 3 + c : c * p * p + y * p + x;
        out[outOffset + index] = value;
      }
    }
  }
}
