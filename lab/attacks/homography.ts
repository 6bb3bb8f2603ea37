// Plane-to-plane projective maps: document pixels <-> captured image pixels, and warping a patch through one.
import { homographyFromPoints as fitHomography } from '../../src/image/homography.js';
import type { LabQuad, PxBox } from '../types.js';
import type { Rgb8 } from './raster.js';

/** Row-major 3x3 matrix. */
export type Homography = readonly number[];

/** The map taking the four `from` points to the four `to` points (direct linear transform, exact for 4 points). */
export function homographyFromPoints(from: readonly (readonly [number, number])[], to: readonly (readonly [number, number])[]): Homography {
  // One solver for the product and the lab: the front-end's rectification uses the same fit.
  return fitHomography(from, to);
}

export function applyHomography(h: Homography, x: number, y: number): [number, number] {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

export function invertHomography(h: Homography): Homography {
  const [a, b, c, d, e, f, g, i, j] = h as [number, number, number, number, number, number, number, number, number];
  const det = a * (e * j - f * i) - b * (d * j - f * g) + c * (d * i - e * g);
  if (Math.abs(det) < 1e-18) throw new Error('invertHomography: singular matrix');
  const inv = [e * j - f * i, c * i - b * j, b * f - c * e, f * g - d * j, a * j - c * g, c * d - a * f, d * i - e * g, b * g - a * i, a * e - b * d];
  const s = inv[8]! / det;
  return inv.map((v) => v / det / s);
}

export function composeHomography(outer: Homography, inner: Homography): Homography {
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let acc = 0;
      for (let k = 0; k < 3; k++) acc += outer[r * 3 + k]! * inner[k * 3 + c]!;
      out.push(acc);
    }
  }
  return out;
}

/** Document pixel space -> captured image, from the document's quad (corners clockwise from its top-left). */
export function documentToImage(docWidth: number, docHeight: number, quad: LabQuad): Homography {
  return homographyFromPoints([[0, 0], [docWidth, 0], [docWidth, docHeight], [0, docHeight]], quad);
}

export function boxToQuad(h: Homography, box: PxBox): LabQuad {
  const { x, y, width: w, height: hh } = box;
  return [applyHomography(h, x, y), applyHomography(h, x + w, y), applyHomography(h, x + w, y + hh), applyHomography(h, x, y + hh)];
}

export function quadBounds(quad: LabQuad): { x0: number; y0: number; x1: number; y1: number } {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

export function quadInside(quad: LabQuad, width: number, height: number, margin = 0): boolean {
  return quad.every(([x, y]) => x >= margin && y >= margin && x <= width - margin && y <= height - margin);
}

/** Bilinear sample of channel-interleaved 8-bit data; coordinates are pixel centres at integer + 0.5. */
export function sampleBilinear(image: Rgb8, x: number, y: number, out: Float32Array): void {
  const fx = Math.min(image.width - 1, Math.max(0, x - 0.5));
  const fy = Math.min(image.height - 1, Math.max(0, y - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(image.width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const d = image.data;
  const w = image.width;
  for (let c = 0; c < 3; c++) {
    const a = d[(y0 * w + x0) * 3 + c]!;
    const b = d[(y0 * w + x1) * 3 + c]!;
    const e = d[(y1 * w + x0) * 3 + c]!;
    const f = d[(y1 * w + x1) * 3 + c]!;
    out[c] = (a * (1 - tx) + b * tx) * (1 - ty) + (e * (1 - tx) + f * tx) * ty;
  }
}

/**
 * Warps `src` into `dst` over the pixels of `dst` inside `bounds`: each destination pixel centre is mapped by
 * `dstToSrc` and sampled bilinearly; `weight` (0..1, optional) blends it over what is there (1 = replace).
 * Points that land outside `src` are left alone.
 */
export function warpInto(
  dst: Rgb8,
  src: Rgb8,
  dstToSrc: Homography,
  bounds: { x0: number; y0: number; x1: number; y1: number },
  weight?: (x: number, y: number) => number,
): void {
  const px = new Float32Array(3);
  const xa = Math.max(0, Math.floor(bounds.x0));
  const xb = Math.min(dst.width - 1, Math.ceil(bounds.x1));
  const ya = Math.max(0, Math.floor(bounds.y0));
  const yb = Math.min(dst.height - 1, Math.ceil(bounds.y1));
  for (let y = ya; y <= yb; y++) {
    for (let x = xa; x <= xb; x++) {
      const w = weight ? weight(x + 0.5, y + 0.5) : 1;
      if (w <= 0) continue;
      const [sx, sy] = applyHomography(dstToSrc, x + 0.5, y + 0.5);
      if (sx < 0 || sy < 0 || sx > src.width || sy > src.height) continue;
      sampleBilinear(src, sx, sy, px);
      const i = (y * dst.width + x) * 3;
      for (let c = 0; c < 3; c++) dst.data[i + c] = Math.round(px[c]! * w + dst.data[i + c]! * (1 - w));
    }
  }
}
