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
import { measureSide, sideSearches, type Side, type SideEdge } from './boundary.js';

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
}

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
  for (let a = Math.max(0, a0); a < Math.min(a1, vertical ? plane.width : plane.height); a++) {
    for (let t = 1; t < m - 1; t++) {
      const at = (k: number): number => plane.data[vertical ? k * plane.width + a : a * plane.width + k]!;
      s += Math.abs(at(t - 1) - 2 * at(t) + at(t + 1));
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

function measureNativeSide(plane: Plane, side: Side): NativeSide {
  const vertical = side === 'left' || side === 'right';
  const across = vertical ? plane.width : plane.height;
  const along = vertical ? plane.height : plane.width;
  const edge = measureSide(plane, { side, across0: 2, across1: across - 2, along0: 1, along1: along - 1 });
  if (edge.position === null) return { ...edge, stepWidth: 0, jump: 0, textureLogRatio: 0 };
  const level = acrossProfile(plane, vertical);
  const { width, jump } = stepWidthAt(level, edge.position, 6);
  // The face lies towards higher indices for left/top sides, lower for right/bottom.
  const faceAfter = side === 'left' || side === 'top';
  const before = alongTexture(plane, vertical, edge.position - 14, edge.position - 3);
  const after = alongTexture(plane, vertical, edge.position + 4, edge.position + 15);
  const inside = faceAfter ? after : before;
  const outside = faceAfter ? before : after;
  return { ...edge, stepWidth: width, jump, textureLogRatio: Math.log((inside + 0.2) / (outside + 0.2)) };
}

/**
 * Native-resolution boundary of the photo around `face` (canonical px); `nativeScale` = native px per canonical px.
 * Measures are in grey levels and band pixels at `pxPerCanonical`.
 */
export async function measureNativeBoundary(crop: Crop, face: Box, canonicalWidth: number, canonicalHeight: number, nativeScale: number, signal?: AbortSignal): Promise<NativeBoundary> {
  const searches = sideSearches(face, canonicalWidth, canonicalHeight);
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
      sides.push({ side: s.side, position: null, strength: 0, coherence: 0, valley: 0, ridge: 0, shadow: 0, tiltDeg: 0, doubleEdge: 0, stepWidth: 0, jump: 0, textureLogRatio: 0 });
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
  };
}
