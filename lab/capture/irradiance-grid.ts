// Diffuse irradiance from the point lights over a surface, computed at the nodes of a coarse pixel grid and
// interpolated bilinearly in between. Lambert over inverse square from lights tens of centimetres away changes by
// far less than a per cent over a few pixels, so the interpolation error stays orders of magnitude under the
// sensor's noise, while the per-pixel cost drops from a square root and two divisions per light to one lookup.
// Only this smooth field is interpolated: texture (display sub-pixels, halftone dots), shadows and sensor noise
// are still evaluated per pixel or sub-sample.
import type { Vec3 } from './geometry.js';

/** Grid step in pixels: 1/64 of the pixels are lit exactly. */
export const IRRADIANCE_CELL_PX = 8;

export interface IrradianceGrid {
  readonly x0: number;
  readonly y0: number;
  readonly cols: number;
  readonly rows: number;
  /** r, g, b per node, row-major; node (i, j) sits at pixel centre (x0 + i * cell + 0.5, y0 + j * cell + 0.5). */
  readonly data: Float64Array;
}

export interface SurfaceShading {
  /** Inverse homography (image -> plane u, v), row-major 3x3. */
  readonly imageToPlane: readonly number[];
  readonly origin: Vec3;
  readonly eu: Vec3;
  readonly ev: Vec3;
  readonly normal: Vec3;
  /** Cylindrical bend: normal turns by `curvature` rad per mm from `mid` along u (alongU) or v. */
  readonly bend: { readonly curvature: number; readonly alongU: boolean; readonly mid: number } | null;
  /** Per light: x, y, z, r, g, b. */
  readonly lights: Float64Array;
}

const MM_PER_M2 = 1e6;

/**
 * Builds the grid over pixels x0..x1, y0..y1 (inclusive). `frontW` is the homogeneous w of a pixel known to see the
 * surface; returns null when some node is on the other side of the plane's horizon (no plane point in front of the
 * camera there): the caller then lights every pixel exactly.
 */
export function buildIrradianceGrid(sh: SurfaceShading, x0: number, y0: number, x1: number, y1: number, frontW: number): IrradianceGrid | null {
  const cell = IRRADIANCE_CELL_PX;
  const cols = Math.floor((x1 - x0) / cell) + 2;
  const rows = Math.floor((y1 - y0) / cell) + 2;
  const data = new Float64Array(cols * rows * 3);
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = sh.imageToPlane as [number, number, number, number, number, number, number, number, number];
  for (let j = 0; j < rows; j++) {
    const y = y0 + j * cell + 0.5;
    for (let i = 0; i < cols; i++) {
      const x = x0 + i * cell + 0.5;
      const w = h6 * x + h7 * y + h8;
      if (!(w * frontW > 0)) return null;
      const u = (h0 * x + h1 * y + h2) / w;
      const v = (h3 * x + h4 * y + h5) / w;
      irradianceAt(sh, u, v, data, (j * cols + i) * 3);
    }
  }
  return { x0, y0, cols, rows, data };
}

/** Exact irradiance at plane point (u, v), written to out[o..o+2]. */
export function irradianceAt(sh: SurfaceShading, u: number, v: number, out: Float64Array, o: number): void {
  const po = sh.origin;
  const pu = sh.eu;
  const pv = sh.ev;
  const p0 = po[0] + u * pu[0] + v * pv[0];
  const p1 = po[1] + u * pu[1] + v * pv[1];
  const p2 = po[2] + u * pu[2] + v * pv[2];
  let [n0, n1, n2] = sh.normal;
  const bend = sh.bend;
  if (bend) {
    const ang = bend.curvature * ((bend.alongU ? u : v) - bend.mid);
    const c = Math.cos(ang);
    const s = Math.sin(ang);
    const ax = bend.alongU ? pu : pv;
    n0 = sh.normal[0] * c + ax[0] * s;
    n1 = sh.normal[1] * c + ax[1] * s;
    n2 = sh.normal[2] * c + ax[2] * s;
  }
  const L = sh.lights;
  let er = 0;
  let eg = 0;
  let eb = 0;
  for (let k = 0; k < L.length; k += 6) {
    const dx = L[k]! - p0;
    const dy = L[k + 1]! - p1;
    const dz = L[k + 2]! - p2;
    const d2 = dx * dx + dy * dy + dz * dz;
    const cos = (dx * n0 + dy * n1 + dz * n2) / Math.sqrt(d2);
    if (cos <= 0) continue;
    const e = (cos * MM_PER_M2) / d2;
    er += L[k + 3]! * e;
    eg += L[k + 4]! * e;
    eb += L[k + 5]! * e;
  }
  out[o] = er;
  out[o + 1] = eg;
  out[o + 2] = eb;
}

/** Bilinear lookup at pixel (x, y) (integer pixel index; its centre is x + 0.5), written to out[0..2]. */
export function lookupIrradiance(g: IrradianceGrid, x: number, y: number, out: Float64Array): void {
  const fx = (x - g.x0) / IRRADIANCE_CELL_PX;
  const fy = (y - g.y0) / IRRADIANCE_CELL_PX;
  const i = fx | 0;
  const j = fy | 0;
  const ax = fx - i;
  const ay = fy - j;
  const d = g.data;
  const a = (j * g.cols + i) * 3;
  const b = a + g.cols * 3;
  const w00 = (1 - ax) * (1 - ay);
  const w10 = ax * (1 - ay);
  const w01 = (1 - ax) * ay;
  const w11 = ax * ay;
  out[0] = d[a]! * w00 + d[a + 3]! * w10 + d[b]! * w01 + d[b + 3]! * w11;
  out[1] = d[a + 1]! * w00 + d[a + 4]! * w10 + d[b + 1]! * w01 + d[b + 4]! * w11;
  out[2] = d[a + 2]! * w00 + d[a + 5]! * w10 + d[b + 2]! * w01 + d[b + 5]! * w11;
}
