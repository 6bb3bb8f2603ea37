// The photo's four sides at up to native resolution. On the 640-px canonical document a stuck-on sheet's cast
// shadow (0.1-0.9 mm: the sheet's thickness and glue gap over tan(light elevation)) and its cut face are one or two
// pixels and average away; here each side's search band is cropped from the uploaded image at up to
// NATIVE_PER_CANONICAL x the canonical resolution (~15 px/mm on an ID-1 card; never upsampled past native), and
// the same straight-edge measurement as boundary.ts runs on it. On top: the width of the step (a cut sheet's edge
// is as sharp as the optics allow; a printed border or vignette is wider) and the band's texture either side of it
// (the sheet brings its own print pattern / noise, the printed frame continues the card's).
import type { Box } from '../../domain/types.js';
import { lumaFromInterleaved, type Plane } from '../../features/planes.js';
import type { RgbImage } from '../../image/types.js';
import { faceAnchoredSearches, measureSide, type SearchReach, type Side, type SideEdge, type SideSearch } from './boundary.js';

/** Output pixels per canonical pixel of the band crops (capped at the native resolution). */
export const NATIVE_PER_CANONICAL = 2;
/** Longest side of a band crop (pixels): bounds the cost on very large captures. */
const MAX_BAND_SIDE = 480;

export interface NativeSide extends SideEdge {
  /** 10-90 % width of the step at the edge (band pixels, at `pxPerCanonical`). */
  readonly stepWidth: number;
  /** Level jump across the edge (grey levels, mean 6-12 px either side). */
  readonly jump: number;
  /** Mean |second difference| along the band either side of the edge, inside (face side) over outside. */
  readonly textureLogRatio: number;
  /** RMS distance (band px) of the edge's positions in four stretches from the line fitted through them. */
  readonly lineResidual: number;
  /**
   * The fitted line read as a rotation of the photo about its centre (degrees, signed, counter-clockwise positive):
   * a turned sheet turns all four sides the same way, a perspective error of the rectified document (keystone)
   * turns opposite sides opposite ways.
   */
  readonly rotationDeg: number;
}

export interface NativeBoundary {
  readonly sides: readonly NativeSide[];
  /** Band pixels per canonical pixel actually used. */
  readonly pxPerCanonical: number;
  readonly coherenceMean: number;
  readonly strengthMean: number;
  readonly valleyMax: number;
  readonly ridgeMax: number;
  readonly shadowMax: number;
  readonly shadowSpread: number;
  readonly tiltMax: number;
  readonly doubleEdgeMax: number;
  readonly stepWidthMin: number;
  readonly stepWidthMean: number;
  readonly jumpMean: number;
  readonly textureLogRatioMean: number;
  readonly textureLogRatioMax: number;
  readonly tiltMean: number;
  readonly lineResidualMean: number;
  /** |mean rotation| of the straight sides (coherence >= ROTATION_MIN_COHERENCE; degrees), 0 when fewer than two. */
  readonly rotationAbs: number;
  /** Their spread (standard deviation, degrees). */
  readonly rotationSpread: number;
  /** |mean| / (spread + 0.2 degrees): high when the sides agree on one turn of the whole photo. */
  readonly rotationAgreement: number;
}

/** Sides straighter than this vote on the photo's rotation. */
const ROTATION_MIN_COHERENCE = 0.8;

type Crop = (region: Box, options: { scale: number; maxSide: number }) => Promise<RgbImage>;

/** Level profile across the band (mean along it) and its gradient. */
function acrossProfile(plane: Plane, vertical: boolean): Float64Array {
  const n = vertical ? plane.width : plane.height;
  const m = vertical ? plane.height : plane.width;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < m; t++) s += plane.data[vertical ? t * plane.width + i : i * plane.width + t]!;
    out[i] = s / m;
  }
  return out;
}

/** Mean |second difference along the band| in across-range [a0, a1): fine texture that survives averaging. */
function alongTexture(plane: Plane, vertical: boolean, a0: number, a1: number): number {
  const m = vertical ? plane.height : plane.width;
  let s = 0;
  let count = 0;
  // Index arithmetic hoisted out of the pixel loop (no closure per pixel); same sums in the same order.
  const { data, width } = plane;
  const stepAlong = vertical ? width : 1;
  for (let a = Math.max(0, a0); a < Math.min(a1, vertical ? plane.width : plane.height); a++) {
    const base = vertical ? a : a * width;
    for (let t = 1, i = base + stepAlong; t < m - 1; t++, i += stepAlong) {
      s += Math.abs(data[i - stepAlong]! - 2 * data[i]! + data[i + stepAlong]!);
      count++;
    }
  }
  return count > 0 ? s / count : 0;
}

/** 10-90 % width of the step around index `at` of `level` (searched within `reach`). */
function stepWidthAt(level: Float64Array, at: number, reach: number): { width: number; jump: number } {
  const n = level.length;
  const mean = (a: number, b: number): number => {
    let s = 0;
    let c = 0;
    for (let i = Math.max(0, a); i <= Math.min(n - 1, b); i++) (s += level[i]!), c++;
    return c > 0 ? s / c : level[Math.max(0, Math.min(n - 1, at))]!;
  };
  const lo = mean(at - 2 * reach, at - reach);
  const hi = mean(at + reach, at + 2 * reach);
  const jump = hi - lo;
  if (Math.abs(jump) < 1e-6) return { width: 2 * reach, jump: 0 };
  // Positions where the profile crosses 10 % and 90 % of the way from lo to hi, nearest the edge.
  const frac = (i: number): number => (level[i]! - lo) / jump;
  let i10 = at;
  while (i10 > Math.max(0, at - reach) && frac(i10) > 0.1) i10--;
  let i90 = at;
  while (i90 < Math.min(n - 1, at + reach) && frac(i90) < 0.9) i90++;
  return { width: i90 - i10, jump: Math.abs(jump) };
}

/** The band as rows along the side: row t holds the profile across it (index a), whatever the side. */
function asRows(plane: Plane, vertical: boolean): Plane {
  if (vertical) return plane;
  const { width: w, height: h } = plane;
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[x * h + y] = plane.data[y * w + x]!;
  return { width: h, height: w, data };
}

/** Straightest strong edge of the rows [t0, t1) within across-range [a0, a1) (sub-pixel), or null. */
function edgeIn(rows: Plane, t0: number, t1: number, a0: number, a1: number): number | null {
  let best = -1;
  let bestScore = -1;
  const grad = new Float64Array(rows.width);
  for (let a = Math.max(1, a0); a < Math.min(rows.width - 1, a1); a++) {
    let g = 0;
    let ag = 0;
    for (let t = t0; t < t1; t++) {
      const d = (rows.data[t * rows.width + a + 1]! - rows.data[t * rows.width + a - 1]!) / 2;
      g += d;
      ag += Math.abs(d);
    }
    g /= t1 - t0;
    ag /= t1 - t0;
    grad[a] = Math.abs(g);
    const score = (g * g) / (ag + 0.5);
    if (score > bestScore) (bestScore = score), (best = a);
  }
  if (best < 0) return null;
  const l = grad[best - 1] ?? 0;
  const c = grad[best]!;
  const r = grad[best + 1] ?? 0;
  const denom = l - 2 * c + r;
  return denom < 0 ? best + Math.max(-0.5, Math.min(0.5, (0.5 * (l - r)) / denom)) : best;
}

const SEGMENTS = 4;

/**
 * A stuck-on sheet is turned by up to a few degrees: averaged along a tilted side, its thin shadow smears out.
 * The edge is located in SEGMENTS stretches along the side, a line fitted through them (its slope is the tilt
 * against the document's axes, its residual the straightness), and every row shifted back onto the line before
 * boundary.ts's measurement runs on the straightened band.
 */
function measureNativeSide(plane: Plane, side: Side): NativeSide {
  const vertical = side === 'left' || side === 'right';
  const rows = asRows(plane, vertical);
  const across = rows.width;
  const along = rows.height;
  const first = measureSide(rows, { side: 'left', across0: 2, across1: across - 2, along0: 1, along1: along - 1 });
  if (first.position === null || along < 4 * SEGMENTS) return { ...first, side, stepWidth: 0, jump: 0, textureLogRatio: 0, lineResidual: 0, rotationDeg: 0 };
  const reach = Math.max(6, Math.round(0.06 * along));
  const ts: number[] = [];
  const ps: number[] = [];
  for (let k = 0; k < SEGMENTS; k++) {
    const t0 = Math.floor((k * along) / SEGMENTS);
    const t1 = Math.floor(((k + 1) * along) / SEGMENTS);
    const p = edgeIn(rows, t0, t1, first.position - reach, first.position + reach + 1);
    if (p !== null) (ts.push((t0 + t1 - 1) / 2), ps.push(p));
  }
  // Least-squares line p = a + b (t - tMid).
  const tMid = (along - 1) / 2;
  const n = ts.length;
  const mt = ts.reduce((x, y) => x + y, 0) / n - tMid;
  const mp = ps.reduce((x, y) => x + y, 0) / n;
  let stt = 0;
  let stp = 0;
  for (let i = 0; i < n; i++) (stt += (ts[i]! - tMid - mt) ** 2), (stp += (ts[i]! - tMid - mt) * (ps[i]! - mp));
  const slope = stt > 0 ? stp / stt : 0;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (ps[i]! - (mp + slope * (ts[i]! - tMid - mt))) ** 2;
  const lineResidual = Math.sqrt(residual / Math.max(1, n));
  // Straightened band: row t shifted by the line's offset there (whole pixels; edge rows repeat). When no row
  // moves (|slope| under half a pixel over half the side) the band is `rows` itself and so is its measurement.
  const unshifted = Math.round(slope * (0 - tMid)) === 0 && Math.round(slope * (along - 1 - tMid)) === 0;
  let band = rows;
  if (!unshifted) {
    const straight = new Float32Array(across * along);
    for (let t = 0; t < along; t++) {
      const shift = Math.round(slope * (t - tMid));
      const row = t * across;
      for (let a = 0; a < across; a++) straight[row + a] = rows.data[row + Math.max(0, Math.min(across - 1, a + shift))]!;
    }
    band = { width: across, height: along, data: straight };
  }
  const edge = unshifted ? first : measureSide(band, { side: 'left', across0: 2, across1: across - 2, along0: 1, along1: along - 1 });
  // A rotation by r moves a vertical side's x by -r y and a horizontal side's y by +r x (image axes, y down).
  const rotationDeg = ((vertical ? -1 : 1) * Math.atan(slope) * 180) / Math.PI;
  if (edge.position === null) return { ...edge, side, stepWidth: 0, jump: 0, textureLogRatio: 0, lineResidual, rotationDeg };
  const level = acrossProfile(band, true);
  const { width, jump } = stepWidthAt(level, edge.position, 6);
  // The face lies towards higher across indices for left/top sides, lower for right/bottom.
  const faceAfter = side === 'left' || side === 'top';
  const before = alongTexture(band, true, edge.position - 14, edge.position - 3);
  const after = alongTexture(band, true, edge.position + 4, edge.position + 15);
  const inside = faceAfter ? after : before;
  const outside = faceAfter ? before : after;
  const tiltDeg = (Math.atan(Math.abs(slope)) * 180) / Math.PI;
  return { ...edge, side, tiltDeg, stepWidth: width, jump, textureLogRatio: Math.log((inside + 0.2) / (outside + 0.2)), lineResidual, rotationDeg };
}

/**
 * Search bands per side (canonical px), anchored on the face like boundary.ts's but reaching up to the face box
 * itself: measured on lab images, the photo's sides lie -0.1 to 0.6 face widths beside the detector's face box,
 * 0.2-1.0 face heights above it and 0.05-0.8 below it.
 */
const NATIVE_REACH: SearchReach = {
  alongVertical: [0.05, 0.1],
  alongHorizontal: [0.05, -0.05],
  left: [-0.8, 0.05],
  right: [-0.05, 0.8],
  top: [-1.1, -0.1],
  bottom: [-0.02, 1.0],
};

export function nativeSearches(face: Box, width: number, height: number): SideSearch[] {
  return faceAnchoredSearches(face, width, height, NATIVE_REACH);
}

/**
 * Native-resolution boundary of the photo around `face` (canonical px); `nativeScale` = native px per canonical px.
 * Measures are in grey levels and band pixels at `pxPerCanonical`.
 */
export async function measureNativeBoundary(crop: Crop, face: Box, canonicalWidth: number, canonicalHeight: number, nativeScale: number, signal?: AbortSignal): Promise<NativeBoundary> {
  const searches = nativeSearches(face, canonicalWidth, canonicalHeight);
  const scale = Math.min(1, NATIVE_PER_CANONICAL / Math.max(nativeScale, 1e-3));
  const sides: NativeSide[] = [];
  let pxPerCanonical = nativeScale * scale;
  for (const s of searches) {
    signal?.throwIfAborted();
    const vertical = s.side === 'left' || s.side === 'right';
    const region: Box = vertical
      ? { x: s.across0, y: s.along0, width: s.across1 - s.across0, height: s.along1 - s.along0 }
      : { x: s.along0, y: s.across0, width: s.along1 - s.along0, height: s.across1 - s.across0 };
    if (region.width < 4 || region.height < 4) {
      sides.push({ side: s.side, position: null, strength: 0, coherence: 0, valley: 0, ridge: 0, shadow: 0, tiltDeg: 0, doubleEdge: 0, stepWidth: 0, jump: 0, textureLogRatio: 0, lineResidual: 0, rotationDeg: 0 });
      continue;
    }
    const image = await crop(region, { scale, maxSide: MAX_BAND_SIDE });
    pxPerCanonical = image.width / region.width;
    sides.push(measureNativeSide(lumaFromInterleaved(image), s.side));
  }
  const valid = sides.filter((s) => s.position !== null);
  const pick = (f: (s: NativeSide) => number): number[] => (valid.length > 0 ? valid.map(f) : [0]);
  const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  const shadows = pick((s) => s.shadow);
  return {
    sides,
    pxPerCanonical,
    coherenceMean: mean(pick((s) => s.coherence)),
    strengthMean: mean(pick((s) => s.strength)),
    valleyMax: Math.max(...pick((s) => s.valley)),
    ridgeMax: Math.max(...pick((s) => s.ridge)),
    shadowMax: Math.max(...shadows),
    shadowSpread: Math.max(...shadows) - Math.min(...shadows),
    tiltMax: Math.max(...pick((s) => s.tiltDeg)),
    doubleEdgeMax: Math.max(...pick((s) => s.doubleEdge)),
    stepWidthMin: Math.min(...pick((s) => s.stepWidth)),
    stepWidthMean: mean(pick((s) => s.stepWidth)),
    jumpMean: mean(pick((s) => s.jump)),
    textureLogRatioMean: mean(pick((s) => s.textureLogRatio)),
    textureLogRatioMax: Math.max(...pick((s) => s.textureLogRatio)),
    tiltMean: mean(pick((s) => s.tiltDeg)),
    lineResidualMean: mean(pick((s) => s.lineResidual)),
    ...rotationVote(valid),
  };
}

function rotationVote(sides: readonly NativeSide[]): { rotationAbs: number; rotationSpread: number; rotationAgreement: number } {
  const votes = sides.filter((s) => s.coherence >= ROTATION_MIN_COHERENCE).map((s) => s.rotationDeg);
  if (votes.length < 2) return { rotationAbs: 0, rotationSpread: 0, rotationAgreement: 0 };
  const m = votes.reduce((a, b) => a + b, 0) / votes.length;
  const spread = Math.sqrt(votes.reduce((a, v) => a + (v - m) ** 2, 0) / votes.length);
  return { rotationAbs: Math.abs(m), rotationSpread: spread, rotationAgreement: Math.abs(m) / (spread + 0.2) };
}
