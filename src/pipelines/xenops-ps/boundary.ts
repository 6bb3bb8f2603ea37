// The ring around the portrait's photo box, on the canonical document. A photo stuck over the portrait has a cut
// edge: a straight step along each side, a thin shadow cast on the side away from the light (the sheet is
// 0.1-0.3 mm thick) and a bright cut face on the lit side; a printed portrait has a straight border too but no
// shadow line. Per side, the middle of the side is averaged along its length into a profile across it (texture and
// guilloche average out, straight edges stay); the strongest edge of the profile is measured with the thin dark
// line just outside it.
import type { Box } from '../../domain/types.js';
import type { Plane } from '../../features/planes.js';

export type Side = 'left' | 'right' | 'top' | 'bottom';

export interface SideEdge {
  readonly side: Side;
  /** Position of the strongest straight edge across the side (canonical px), or null when the band is too thin. */
  readonly position: number | null;
  /** Mean signed gradient at that edge (grey levels / px), absolute value. */
  readonly strength: number;
  /** |mean gradient| / mean |gradient| at that edge: 1 for a straight edge along the whole side, ~0 for texture. */
  readonly coherence: number;
  /** Darkest thin line in the band: mean level minus the mean 2 px either side (grey levels, >= 0). */
  readonly valley: number;
  /** Brightest thin line in the band (the lit cut face of a sheet). */
  readonly ridge: number;
  /** Depth of the darkest level within 5 px of the edge below the darker of the two levels 9 px away (a cast shadow). */
  readonly shadow: number;
  /** Angle between the edge and the document's axis, from its position in the two halves of the side (degrees). */
  readonly tiltDeg: number;
  /** Strongest other parallel edge 3-10 px away, relative to this one. */
  readonly doubleEdge: number;
}

interface Profile {
  readonly level: Float64Array;
  readonly gradient: Float64Array;
  readonly absGradient: Float64Array;
}

/**
 * Profiles across a band over its whole stretch [along0, along1) and the gradient profiles of its two halves
 * (split at `mid`), in one pass along the stretch. Each sum runs over t in the same order as three separate passes
 * would: the first half's sums are the whole stretch's running sums at `mid`, the second half's restart there.
 */
function bandProfiles(plane: Plane, vertical: boolean, across0: number, across1: number, along0: number, along1: number, mid: number): { whole: Profile; firstGradient: Float64Array; lastGradient: Float64Array } {
  const n = across1 - across0;
  const s = new Float64Array(n);
  const g = new Float64Array(n);
  const ag = new Float64Array(n);
  const gFirst = new Float64Array(n);
  const gLast = new Float64Array(n);
  const { width: w, data } = plane;
  const step = vertical ? 1 : w;
  for (let t = along0; t < along1; t++) {
    if (t === mid) gFirst.set(g);
    const second = t >= mid;
    for (let i = 0; i < n; i++) {
      const a = across0 + i;
      const idx = vertical ? t * w + a : a * w + t;
      const d = (data[idx + step]! - data[idx - step]!) / 2;
      s[i]! += data[idx]!;
      g[i]! += d;
      ag[i]! += Math.abs(d);
      if (second) gLast[i]! += d;
    }
  }
  const count = along1 - along0;
  const level = new Float64Array(n);
  const gradient = new Float64Array(n);
  const absGradient = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    level[i] = s[i]! / count;
    gradient[i] = g[i]! / count;
    absGradient[i] = ag[i]! / count;
    gFirst[i] = gFirst[i]! / (mid - along0);
    gLast[i] = gLast[i]! / (along1 - mid);
  }
  return { whole: { level, gradient, absGradient }, firstGradient: gFirst, lastGradient: gLast };
}


const EMPTY = (side: Side): SideEdge => ({ side, position: null, strength: 0, coherence: 0, valley: 0, ridge: 0, shadow: 0, tiltDeg: 0, doubleEdge: 0 });

/** Where one side's edge is searched: a band across the side and the stretch along it that is averaged. */
export interface SideSearch {
  readonly side: Side;
  readonly across0: number;
  readonly across1: number;
  readonly along0: number;
  readonly along1: number;
}

/**
 * Offsets of the four search bands from the face box, in face widths (left, right, horizontal stretch) or heights
 * (top, bottom, vertical stretch); negative = towards smaller x / y. `along` gives the stretch averaged along a side:
 * vertical from the face's top and bottom, horizontal from its left and right.
 */
export interface SearchReach {
  readonly alongVertical: readonly [fromTop: number, fromBottom: number];
  readonly alongHorizontal: readonly [fromLeft: number, fromRight: number];
  readonly left: readonly [number, number];
  readonly right: readonly [number, number];
  readonly top: readonly [number, number];
  readonly bottom: readonly [number, number];
}

/**
 * ID photos frame the face with 0.2-0.6 face widths beside it, 0.3-0.7 face heights above and the shoulders below.
 * Averaging along the face's own extent keeps the band on the photo.
 */
const PHOTO_REACH: SearchReach = {
  alongVertical: [0.1, 0.2],
  alongHorizontal: [0.05, -0.05],
  left: [-1.0, -0.08],
  right: [0.08, 1.0],
  top: [-1.0, -0.08],
  bottom: [0.3, 1.4],
};

/** Search bands for the photo's four sides, anchored on the face (always inside the photo, whatever the layout). */
export function sideSearches(face: Box, width: number, height: number): SideSearch[] {
  return faceAnchoredSearches(face, width, height, PHOTO_REACH);
}

/** The four search bands `reach` describes around `face`, clamped to a width x height raster. */
export function faceAnchoredSearches(face: Box, width: number, height: number, reach: SearchReach): SideSearch[] {
  const margin = Math.max(4, Math.round(0.01 * width));
  const clampA = (v: number, limit: number) => Math.max(margin, Math.min(limit - margin, Math.round(v)));
  const clampL = (v: number, limit: number) => Math.max(1, Math.min(limit - 1, Math.round(v)));
  const fx1 = face.x + face.width;
  const fy1 = face.y + face.height;
  const vAlong0 = clampL(face.y + reach.alongVertical[0] * face.height, height);
  const vAlong1 = clampL(fy1 + reach.alongVertical[1] * face.height, height);
  const hAlong0 = clampL(face.x + reach.alongHorizontal[0] * face.width, width);
  const hAlong1 = clampL(fx1 + reach.alongHorizontal[1] * face.width, width);
  const across = (anchor: number, size: number, [near, far]: readonly [number, number], limit: number) =>
    [clampA(anchor + near * size, limit), clampA(anchor + far * size, limit)] as const;
  const [left0, left1] = across(face.x, face.width, reach.left, width);
  const [right0, right1] = across(fx1, face.width, reach.right, width);
  const [top0, top1] = across(face.y, face.height, reach.top, height);
  const [bottom0, bottom1] = across(fy1, face.height, reach.bottom, height);
  return [
    { side: 'left', across0: left0, across1: left1, along0: vAlong0, along1: vAlong1 },
    { side: 'right', across0: right0, across1: right1, along0: vAlong0, along1: vAlong1 },
    { side: 'top', across0: top0, across1: top1, along0: hAlong0, along1: hAlong1 },
    { side: 'bottom', across0: bottom0, across1: bottom1, along0: hAlong0, along1: hAlong1 },
  ];
}

/** Index of the largest |gradient| in [from, to). */
function strongest(gradient: Float64Array, from: number, to: number): number {
  let best = from;
  for (let i = from; i < to; i++) if (Math.abs(gradient[i]!) > Math.abs(gradient[best]!)) best = i;
  return best;
}

/** Sub-pixel position of a |gradient| peak (parabola through the peak and its neighbours). */
function refinedPeak(gradient: Float64Array, i: number): number {
  if (i <= 0 || i >= gradient.length - 1) return i;
  const a = Math.abs(gradient[i - 1]!);
  const b = Math.abs(gradient[i]!);
  const c = Math.abs(gradient[i + 1]!);
  const denom = a - 2 * b + c;
  return denom < 0 ? i + Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denom)) : i;
}

/** Index of the straightest strong edge: |mean gradient| times its coherence (texture and curved hair lose). */
function straightest(p: Profile, from: number, to: number): number {
  let best = from;
  let bestScore = -1;
  for (let i = from; i < to; i++) {
    const g = Math.abs(p.gradient[i]!);
    const score = (g * g) / (p.absGradient[i]! + 0.5);
    if (score > bestScore) (bestScore = score), (best = i);
  }
  return best;
}

/** The strongest straight edge in one side's search band. */
export function measureSide(plane: Plane, search: SideSearch): SideEdge {
  const { side, across0, across1, along0, along1 } = search;
  const vertical = side === 'left' || side === 'right';
  if (across1 - across0 < 12 || along1 - along0 < 8) return EMPTY(side);
  const mid = (along0 + along1) >> 1;
  const { whole: p, firstGradient, lastGradient } = bandProfiles(plane, vertical, across0, across1, along0, along1, mid);
  const n = p.level.length;
  const best = straightest(p, 2, n - 2);
  const strength = Math.abs(p.gradient[best]!);
  const coherence = strength / (p.absGradient[best]! + 0.5);
  // Thin lines near the edge (within 6 px): the dark shadow line and the bright cut face of a stuck-on sheet.
  let valley = 0;
  let ridge = 0;
  for (let i = Math.max(2, best - 6); i < Math.min(n - 2, best + 7); i++) {
    const d = p.level[i]! - (p.level[i - 2]! + p.level[i + 2]!) / 2;
    valley = Math.max(valley, -d);
    ridge = Math.max(ridge, d);
  }
  // Cast shadow: a dip darker than both sides a few px away (a plain step, however blurred, has none). With a light
  // photo backdrop the dip is a valley; beside a dark photo it still undercuts the paper and the photo's far side.
  const at = (i: number): number => p.level[Math.max(0, Math.min(n - 1, i))]!;
  let darkest = Number.POSITIVE_INFINITY;
  for (let i = Math.max(0, best - 5); i <= Math.min(n - 1, best + 5); i++) darkest = Math.min(darkest, p.level[i]!);
  const shadow = Math.max(0, Math.min(at(best - 9), at(best + 9)) - darkest);
  // A second parallel edge 3-10 px away: the printed portrait's border beside a sheet cut a little short or offset.
  let second = 0;
  for (let i = 2; i < n - 2; i++) {
    const d = Math.abs(i - best);
    if (d >= 3 && d <= 10) second = Math.max(second, Math.abs(p.gradient[i]!));
  }
  // Tilt: the edge's position in each half of the stretch (a stuck-on sheet is turned by a degree or two; a
  // printed border runs along the rectified document's axes).
  const lo = Math.max(2, best - 6);
  const hi = Math.min(n - 2, best + 7);
  const shift = refinedPeak(firstGradient, strongest(firstGradient, lo, hi)) - refinedPeak(lastGradient, strongest(lastGradient, lo, hi));
  const tiltDeg = (Math.atan2(Math.abs(shift), (along1 - along0) / 2) * 180) / Math.PI;
  return { side, position: across0 + best, strength, coherence, valley, ridge, shadow, tiltDeg, doubleEdge: second / (strength + 0.5) };
}

export interface BoundarySummary {
  readonly sides: readonly SideEdge[];
  readonly coherenceMean: number;
  readonly coherenceMin: number;
  readonly strengthMean: number;
  readonly valleyMax: number;
  readonly valleySpread: number;
  readonly ridgeMax: number;
  readonly shadowMax: number;
  readonly shadowSpread: number;
  readonly tiltMean: number;
  readonly doubleEdgeMax: number;
}

export function measureBoundary(plane: Plane, face: Box): BoundarySummary {
  const sides = sideSearches(face, plane.width, plane.height).map((s) => measureSide(plane, s));
  const valid = sides.filter((s) => s.position !== null);
  const pick = (f: (s: SideEdge) => number): number[] => (valid.length > 0 ? valid.map(f) : [0]);
  const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  const valleys = pick((s) => s.valley);
  const shadows = pick((s) => s.shadow);
  return {
    sides,
    coherenceMean: mean(pick((s) => s.coherence)),
    coherenceMin: Math.min(...pick((s) => s.coherence)),
    strengthMean: mean(pick((s) => s.strength)),
    valleyMax: Math.max(...valleys),
    valleySpread: Math.max(...valleys) - Math.min(...valleys),
    ridgeMax: Math.max(...pick((s) => s.ridge)),
    shadowMax: Math.max(...shadows),
    shadowSpread: Math.max(...shadows) - Math.min(...shadows),
    tiltMean: mean(pick((s) => s.tiltDeg)),
    doubleEdgeMax: Math.max(...pick((s) => s.doubleEdge)),
  };
}
