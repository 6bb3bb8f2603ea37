// Pinhole camera and planar surfaces in 3-D. World units are millimetres; the table is the plane z = 0 with +z up
// towards the camera. Image coordinates are continuous: pixel (i, j) covers [i, i+1) x [j, j+1).

export type Vec3 = readonly [number, number, number];
/** Row-major 3x3 matrix. */
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];
export type Point = readonly [number, number];

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
export const normalize = (a: Vec3): Vec3 => scale(a, 1 / norm(a));

export function mulMat3(a: Mat3, b: Mat3): Mat3 {
  const r: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) r.push(a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!);
  return r as unknown as Mat3;
}

export function invertMat3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-18) throw new Error('invertMat3: singular matrix');
  const s = 1 / det;
  return [A * s, -(b * i - c * h) * s, (b * f - c * e) * s, B * s, (a * i - c * g) * s, -(a * f - c * d) * s, C * s, -(a * h - b * g) * s, (a * e - b * d) * s];
}

export function applyHomography(h: Mat3, x: number, y: number): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

/** A plane patch: P(u, v) = origin + u * eu + v * ev, with (u, v) in mm; eu, ev orthonormal. */
export interface Plane {
  readonly origin: Vec3;
  readonly eu: Vec3;
  readonly ev: Vec3;
}

export function planePoint(p: Plane, u: number, v: number): Vec3 {
  return [p.origin[0] + u * p.eu[0] + v * p.ev[0], p.origin[1] + u * p.eu[1] + v * p.ev[1], p.origin[2] + u * p.eu[2] + v * p.ev[2]];
}

/** Normal on the side the camera sees when eu points right and ev points down in the image. */
export function planeNormal(p: Plane): Vec3 {
  return normalize(cross(p.ev, p.eu));
}

/** A plane lying in (or parallel to) the table at height z, rotated by theta about the vertical, origin at `corner`. */
export function tablePlane(corner: Vec3, theta: number): Plane {
  return { origin: corner, eu: [Math.cos(theta), Math.sin(theta), 0], ev: [Math.sin(theta), -Math.cos(theta), 0] };
}

/** Sub-plane whose origin sits at (u0, v0) of a parent plane, axes rotated by phi within it. */
export function subPlane(p: Plane, u0: number, v0: number, phi = 0): Plane {
  const c = Math.cos(phi);
  const s = Math.sin(phi);
  return { origin: planePoint(p, u0, v0), eu: add(scale(p.eu, c), scale(p.ev, s)), ev: add(scale(p.eu, -s), scale(p.ev, c)) };
}

export interface Camera {
  readonly width: number;
  readonly height: number;
  /** Focal length in pixels. */
  readonly focalPx: number;
  readonly cx: number;
  readonly cy: number;
  /** Rows: camera x (right), y (down), z (forward) axes in world coordinates. */
  readonly rotation: Mat3;
  readonly position: Vec3;
}

/** Camera at `position` looking at `target`, rolled about its optical axis by `roll` radians. */
export function lookAtCamera(width: number, height: number, focalPx: number, position: Vec3, target: Vec3, roll: number): Camera {
  const forward = normalize(sub(target, position));
  const hint: Vec3 = Math.abs(forward[1]) > 0.99 ? [1, 0, 0] : [0, 1, 0];
  const right0 = normalize(cross(forward, hint));
  const down0 = cross(forward, right0);
  const c = Math.cos(roll);
  const s = Math.sin(roll);
  const right = add(scale(right0, c), scale(down0, s));
  const down = add(scale(right0, -s), scale(down0, c));
  return {
    width,
    height,
    focalPx,
    cx: width / 2,
    cy: height / 2,
    rotation: [right[0], right[1], right[2], down[0], down[1], down[2], forward[0], forward[1], forward[2]],
    position,
  };
}

/** Projects a world point; returns [x, y, depth in mm]. */
export function project(cam: Camera, p: Vec3): [number, number, number] {
  const d = sub(p, cam.position);
  const r = cam.rotation;
  const xc = r[0] * d[0] + r[1] * d[1] + r[2] * d[2];
  const yc = r[3] * d[0] + r[4] * d[1] + r[5] * d[2];
  const zc = r[6] * d[0] + r[7] * d[1] + r[8] * d[2];
  return [cam.cx + (cam.focalPx * xc) / zc, cam.cy + (cam.focalPx * yc) / zc, zc];
}

/** Homography from plane coordinates (u, v, 1) to image pixels. */
export function planeToImage(cam: Camera, p: Plane): Mat3 {
  const r = cam.rotation;
  const rot = (v: Vec3): Vec3 => [r[0] * v[0] + r[1] * v[1] + r[2] * v[2], r[3] * v[0] + r[4] * v[1] + r[5] * v[2], r[6] * v[0] + r[7] * v[1] + r[8] * v[2]];
  const a = rot(p.eu);
  const b = rot(p.ev);
  const c = rot(sub(p.origin, cam.position));
  const f = cam.focalPx;
  // K * [a b c]
  return [
    f * a[0] + cam.cx * a[2], f * b[0] + cam.cx * b[2], f * c[0] + cam.cx * c[2],
    f * a[1] + cam.cy * a[2], f * b[1] + cam.cy * b[2], f * c[1] + cam.cy * c[2],
    a[2], b[2], c[2],
  ];
}

/** Homography mapping four source points onto four destination points (direct linear solve, h22 = 1). */
export function homographyFromQuads(src: readonly Point[], dst: readonly Point[]): Mat3 {
  const a: number[][] = [];
  const bvec: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i]!;
    const [u, v] = dst[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    bvec.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    bvec.push(v);
  }
  const h = solveLinear(a, bvec);
  return [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, 1];
}

function solveLinear(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const pv = m[col]![col]!;
    if (Math.abs(pv) < 1e-12) throw new Error('homographyFromQuads: degenerate points');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / pv;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
