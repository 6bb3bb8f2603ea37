// The stuck-on sheet as ONE closed rotated rectangle around the face, on the canonical document's luma.
// boundary.ts searches each side on its own, so a printed frame line on one side and a face
// contour on another read as "a photo". Here the four sides share one rotation: for each candidate angle the
// gradients are projected on the turned axes and each side takes its strongest straight edge in its own window
// beside the face; the angle with the strongest four sides together wins. A cut sheet is a closed rectangle: all
// four sides sharp and continuous from corner to corner, turned a little against the card (the lab draws
// N(0, 0.9 degrees)), with a cast shadow on the sides away from the light only, and nothing of the card crossing
// its edge. A printed portrait is axis-aligned, often soft or vignetted on some sides, framed by a printed line
// that is dark on every side alike, and crossed by the card's own overlays (guilloche, rosettes, hologram discs).
// Where to search: from several anchors at once (portrait-anchors.ts: the layout's portrait boxes that hold the
// face, narrow windows; the front-end's photo box, wide windows); the gradient sums of one angle serve every
// anchor, and the anchor with the strongest closed rectangle wins. Each side's window is bounded by the face.
import type { Box } from '../../domain/types.js';
import type { Plane } from '../../features/planes.js';
import { sampleBilinear } from '../../image/raster.js';
import type { PortraitAnchor } from './portrait-anchors.js';

/**
 * Candidate turns of the rectangle (degrees): a coarse grid, then refinements around the best. A sheet placed by
 * hand on a card is turned a degree or so (the lab draws N(0, 0.9 degrees)); 2 degrees and the refinements (to
 * 2.75) cover all but ~0.2 % of them.
 */
const MAX_ANGLE_DEG = 2;
const COARSE_STEP_DEG = 1;
/** Refinement steps around the best coarse angle (each halves the last). */
const FINE_STEPS_DEG = [0.5, 0.25];
/** A cast shadow is looked for within this many px of the edge, against references FAR px away on either side. */
const SHADOW_REACH = 3;
const FAR: readonly [number, number] = [6, 9];
/** Offset (px) either side of the edge of the two profiles compared for structures crossing it. */
const CROSS_OFFSET = 3;

export type RectSide = 'left' | 'top' | 'right' | 'bottom';
const SIDES: readonly RectSide[] = ['left', 'top', 'right', 'bottom'];

export interface RectangleSide {
  readonly side: RectSide;
  /** Edge position on the turned axis, relative to the search centre (px). */
  readonly position: number;
  /** Coherent edge strength: mean over the side's blocks, corner to corner, of |mean gradient across it| (grey levels per px). */
  readonly strength: number;
  /** Peak over the median of its window's profile: a single straight edge stands out. */
  readonly prominence: number;
  /** Share of the side's 6-px blocks (corner to corner) where the edge is at least 40 % of its mean strength. */
  readonly continuity: number;
  /** Darkest band within 3 px of the edge minus the darker reference 6-9 px away either side (<= 0). */
  readonly shadow: number;
  /** Correlation of the high-passed luma profiles 3 px inside and 3 px outside along the side. */
  readonly crossing: number;
  /** Strongest parallel edge 3-15 px outside, over this side's strength (a printed frame line beside the edge). */
  readonly outerLine: number;
  /** The angle (degrees) at which this side alone is strongest. */
  readonly ownAngleDeg: number;
  /** Edge strength beyond the corners over that between them (see fullLength): a cut edge ends at its corners. */
  readonly extension: number;
}

export interface RectangleFit {
  readonly sides: readonly RectangleSide[];
  /** The common turn of the four sides (degrees, counter-clockwise on the image positive). */
  readonly angleDeg: number;
  /** Rectangle corners in canonical px (left-top, right-top, right-bottom, left-bottom). */
  readonly corners: readonly (readonly [number, number])[];
  readonly strengthMin: number;
  readonly strengthMean: number;
  readonly prominenceMin: number;
  readonly continuityMin: number;
  readonly continuityMean: number;
  /** Summed side strength at the best angle over that at 0 degrees, minus 1 (what turning the rectangle gains). */
  readonly angleGain: number;
  /** Standard deviation of the four sides' own best angles (degrees): one turned sheet turns all alike. */
  readonly ownAngleSpread: number;
  /** Of the two opposite pairs, the larger |a - b| / (|a| + |b| + 10): a cast shadow is one-sided (-> 1), a printed frame line is on both (-> 0). */
  readonly shadowAsymmetry: number;
  /** Most negative side shadow. */
  readonly shadowMin: number;
  readonly crossingMean: number;
  readonly crossingMax: number;
  readonly outerLineMean: number;
  readonly extensionMean: number;
  /** Which anchor the rectangle was found from (portrait-anchors.ts): 1 a layout box, 0 the photo box. */
  readonly layoutAnchored: number;
  /** Mean |fitted side - anchor side| over the four sides, as a share of the anchor's width. */
  readonly anchorDeviation: number;
}

interface Region {
  readonly x0: number;
  readonly y0: number;
  readonly w: number;
  readonly h: number;
  readonly cx: number;
  readonly cy: number;
  /** Pixels with a gradient worth summing: position relative to (cx, cy) and gradient. */
  readonly dx: Float32Array;
  readonly dy: Float32Array;
  readonly gx: Float32Array;
  readonly gy: Float32Array;
}

/** |gx| + |gy| (grey levels per px) below which a pixel is left out of the sums (flat paper, sensor noise). */
const ACTIVE_GRADIENT = 2;

/** Search windows on the turned axes (relative to the centre): [lo, hi] per side, and the core each side sums over. */
interface Windows {
  readonly lo: Record<RectSide, number>;
  readonly hi: Record<RectSide, number>;
  /** Core of the vertical sides (v range) and of the horizontal sides (u range). */
  readonly vCore: readonly [number, number];
  readonly uCore: readonly [number, number];
}

/** Side of the luma kept for a region: every anchor's box, grown by its reach. */
function regionBounds(luma: Plane, face: Box, anchors: readonly PortraitAnchor[]): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = face.x, y0 = face.y, x1 = face.x + face.width, y1 = face.y + face.height;
  for (const { box, reach } of anchors) {
    const pad = reach * Math.max(box.width, face.width * 1.5);
    x0 = Math.min(x0, box.x - pad);
    y0 = Math.min(y0, box.y - pad);
    x1 = Math.max(x1, box.x + box.width + pad);
    y1 = Math.max(y1, box.y + box.height + pad);
  }
  return { x0: Math.max(1, Math.floor(x0)), y0: Math.max(1, Math.floor(y0)), x1: Math.min(luma.width - 1, Math.ceil(x1)), y1: Math.min(luma.height - 1, Math.ceil(y1)) };
}

/**
 * Sobel gradients (divided by 8: grey levels per px) of the region around the face; only the pixels with some
 * gradient that lie in some anchor's side bands (bandMasks, unturned coordinates with a margin for the turn) are kept,
 * so the per-angle sums skip flat paper and the inside of the photo (the sums are normalised by the block length,
 * not by a pixel count).
 */
function regionOf(luma: Plane, face: Box, anchors: readonly PortraitAnchor[], windows: readonly Windows[], margin: number): Region | null {
  const { x0, y0, x1, y1 } = regionBounds(luma, face, anchors);
  const w = x1 - x0;
  const h = y1 - y0;
  if (w < 16 || h < 16) return null;
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const { cols, rows } = bandMasks(windows, margin, x0, y0, x1, y1, cx, cy);
  const n = w * h;
  const dxs = new Float32Array(n), dys = new Float32Array(n), gxs = new Float32Array(n), gys = new Float32Array(n);
  let k = 0;
  const L = luma.data;
  const W = luma.width;
  for (let y = 0; y < h; y++) {
    const row = (y0 + y) * W;
    const wholeRow = rows[y] === 1;
    for (let x = 0; x < w; x++) {
      if (!wholeRow && cols[x] !== 1) continue;
      const i = row + x0 + x;
      const a = L[i - W - 1]!, b = L[i - W]!, c = L[i - W + 1]!;
      const d = L[i - 1]!, f = L[i + 1]!;
      const g = L[i + W - 1]!, kk = L[i + W]!, m = L[i + W + 1]!;
      const gx = (c + 2 * f + m - a - 2 * d - g) / 8;
      const gy = (g + 2 * kk + m - a - 2 * b - c) / 8;
      if (Math.abs(gx) + Math.abs(gy) < ACTIVE_GRADIENT) continue;
      dxs[k] = x0 + x + 0.5 - cx;
      dys[k] = y0 + y + 0.5 - cy;
      gxs[k] = gx;
      gys[k] = gy;
      k++;
    }
  }
  return { x0, y0, w, h, cx, cy, dx: dxs.subarray(0, k), dy: dys.subarray(0, k), gx: gxs.subarray(0, k), gy: gys.subarray(0, k) };
}

/** Canonical px next to the document's own border left out of the windows (the card edge is a straight line too). */
const BORDER = 4;

/**
 * One anchor's side windows relative to the centre (cx, cy). They are laid out unturned and used at every angle:
 * the anchors lie around the face (the centre), so at 2 degrees a window moves by 2 px at most against the turned
 * rectangle's side, within the windows' slack.
 */
function windowsOf(face: Box, anchor: PortraitAnchor, cx: number, cy: number, width: number, height: number): Windows {
  const { box, reach: share } = anchor;
  const reach = share * box.width;
  const fx0 = face.x - cx, fx1 = face.x + face.width - cx;
  const fy0 = face.y - cy, fy1 = face.y + face.height - cy;
  const px0 = box.x - cx, px1 = box.x + box.width - cx;
  const py0 = box.y - cy, py1 = box.y + box.height - cy;
  // Each side beside the face (the face box lies inside the portrait), within `reach` of the anchor box's side.
  const lo = { left: px0 - reach, top: py0 - reach, right: Math.max(px1 - reach, fx1 - 0.1 * face.width), bottom: Math.max(py1 - reach, fy1) };
  const hi = { left: Math.min(px0 + reach, fx0 + 0.05 * face.width), top: Math.min(py0 + reach, fy0 - 0.05 * face.height), right: px1 + reach, bottom: py1 + reach };
  lo.left = Math.max(lo.left, BORDER - cx);
  lo.top = Math.max(lo.top, BORDER - cy);
  hi.right = Math.min(hi.right, width - BORDER - cx);
  hi.bottom = Math.min(hi.bottom, height - BORDER - cy);
  return { lo, hi, vCore: [fy0, fy1], uCore: [fx0, fx1] };
}

/** Along-side block length (px): an edge's strength is measured per block, so a short line cannot pass for a side. */
const BLOCK = 6;
/** Candidate edges per side tried in the joint choice of the four sides. */
const CANDIDATES = 4;

/**
 * Gradient sums on the turned axes, per (position across the side, block along it): vertical sides use the
 * gradient along u binned by u (1 px) and v block; horizontal sides along v binned by v and u block.
 */
interface Profiles {
  readonly sU: Float32Array;
  readonly sV: Float32Array;
  /** Positions run over [-radius, radius]: bin = round(p) + radius, block = floor((p + radius) / BLOCK). */
  readonly radius: number;
  readonly nBlocks: number;
}

/** Profile buffers sized for the region, allocated once per fit and cleared for each angle. */
function profileBuffers(r: Region): Profiles {
  const radius = Math.ceil(Math.max(...[[r.x0, r.y0], [r.x0 + r.w, r.y0], [r.x0, r.y0 + r.h], [r.x0 + r.w, r.y0 + r.h]].map(([x, y]) => Math.hypot(x! - r.cx, y! - r.cy)))) + 2;
  const nBins = 2 * radius + 1;
  const nBlocks = Math.ceil(nBins / BLOCK) + 1;
  const size = nBins * nBlocks;
  return { sU: new Float32Array(size), sV: new Float32Array(size), radius, nBlocks };
}

/** The positions across a side that are ever read for a window [lo, hi]: the window, 15 px beyond it (the outer
 * line), 1 px of rounding either side; as a [from, to] range that also holds an empty window's midpoint. */
const readRange = (lo: number, hi: number): readonly [number, number] => [Math.min(lo, hi) - 16, Math.max(lo, hi) + 16];

/** Which position bins (u for the vertical sides, v for the horizontal ones) some anchor's windows read. */
interface ReadMasks {
  readonly u: Uint8Array;
  readonly v: Uint8Array;
}

function readMasks(p: Profiles, windows: readonly Windows[]): ReadMasks {
  const nBins = 2 * p.radius + 1;
  const u = new Uint8Array(nBins);
  const v = new Uint8Array(nBins);
  const mark = (mask: Uint8Array, [from, to]: readonly [number, number]) => {
    for (let bin = Math.max(0, Math.floor(from) + p.radius); bin <= Math.min(nBins - 1, Math.ceil(to) + p.radius); bin++) mask[bin] = 1;
  };
  for (const win of windows) {
    mark(u, readRange(win.lo.left, win.hi.left));
    mark(u, readRange(win.lo.right, win.hi.right));
    mark(v, readRange(win.lo.top, win.hi.top));
    mark(v, readRange(win.lo.bottom, win.hi.bottom));
  }
  return { u, v };
}

/**
 * Fills `p` for one angle. A pixel adds to the vertical sides' sums only where its u is read by some anchor's
 * windows, to the horizontal sides' only where its v is: the sums that are read are the same as with every pixel,
 * the rest is skipped. One pass serves every anchor.
 */
function profilesAt(r: Region, angleDeg: number, p: Profiles, read: ReadMasks): Profiles {
  const t = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const { radius, nBlocks } = p;
  p.sU.fill(0);
  p.sV.fill(0);
  const n = r.dx.length;
  const perBlock = 1 / BLOCK;
  const readU = read.u;
  const readV = read.v;
  // Positions are offset by `radius` (> every |u|, |v|), so truncation is a floor and +0.5 a rounding.
  for (let k = 0; k < n; k++) {
    const dx = r.dx[k]!;
    const dy = r.dy[k]!;
    const gx = r.gx[k]!;
    const gy = r.gy[k]!;
    const u = dx * cos + dy * sin;
    const v = -dx * sin + dy * cos;
    const bu = (u + radius + 0.5) | 0;
    const bv = (v + radius + 0.5) | 0;
    if (readU[bu] === 1) p.sU[bu * nBlocks + (((v + radius) * perBlock) | 0)]! += gx * cos + gy * sin;
    if (readV[bv] === 1) p.sV[bv * nBlocks + (((u + radius) * perBlock) | 0)]! += -gx * sin + gy * cos;
  }
  return p;
}

/** One side's profile arrays and the along-side span of its core. */
interface SideProfile {
  readonly s: Float32Array;
  readonly radius: number;
  readonly nBlocks: number;
}

const sideProfile = (p: Profiles, vertical: boolean): SideProfile =>
  vertical ? { s: p.sU, radius: p.radius, nBlocks: p.nBlocks } : { s: p.sV, radius: p.radius, nBlocks: p.nBlocks };

/** Coherent strength |sum g| / length of position `pos` over the along-side span [from, to] (positions). */
function spanStrength(q: SideProfile, pos: number, from: number, to: number): number {
  const bin = Math.round(pos) + q.radius;
  if (bin < 0 || bin > 2 * q.radius) return 0;
  const b0 = Math.max(0, Math.floor((from + q.radius) / BLOCK));
  const b1 = Math.min(q.nBlocks - 1, Math.floor((to + q.radius) / BLOCK));
  let s = 0;
  for (let b = b0; b <= b1; b++) s += q.s[bin * q.nBlocks + b]!;
  const length = (b1 - b0 + 1) * BLOCK;
  return length > 0 ? Math.abs(s) / length : 0;
}

/** Blocks beyond each corner in which a line running on past the rectangle is looked for (18 px). */
const BEYOND_BLOCKS = 3;

interface SideMeasure {
  readonly strength: number;
  readonly continuity: number;
  /** Mean block strength beyond the corners (the stronger end) over that between them: a cut edge ends at its
   * corners (-> 0), a printed frame line, a header band or a text baseline runs on past them (-> 1). */
  readonly extension: number;
}

/**
 * Strength of the line at `bin` in the BEYOND_BLOCKS blocks past a corner, starting at block `first` and going
 * `step` (-1 or 1): the strongest of the bins within 2 px across (a line of the card's own axes drifts off the bin
 * of a rectangle turned against them).
 */
function beyondCorner(q: SideProfile, bin: number, first: number, step: number): number {
  let best = 0;
  for (let row = Math.max(0, bin - 2); row <= Math.min(2 * q.radius, bin + 2); row++) {
    let sum = 0;
    let counted = 0;
    for (let k = 0; k < BEYOND_BLOCKS; k++) {
      const b = first + step * k;
      if (b >= 0 && b < q.nBlocks) (sum += Math.abs(q.s[row * q.nBlocks + b]!)), counted++;
    }
    if (counted > 0 && sum / counted / BLOCK > best) best = sum / counted / BLOCK;
  }
  return best;
}

/** First block of a side's corner-to-corner run (`from` the neighbour at its start) and last one (`to` at its end). */
const startBlock = (q: SideProfile, from: number): number => Math.max(0, Math.floor((from + q.radius) / BLOCK) + 1);
const endBlock = (q: SideProfile, to: number): number => Math.min(q.nBlocks - 1, Math.floor((to + q.radius) / BLOCK) - 1);

/**
 * The side measured block by block from corner to corner (the corner blocks left out): mean block strength, the
 * share of blocks at >= 40 % of that mean, and how much of it continues past the corners (`beyondStart`,
 * `beyondEnd`: beyondCorner at either end, measured once per pair of candidates by the caller). Each end counts on
 * its own (the other may run off the region or the card): the stronger one.
 */
function fullLength(q: SideProfile, pos: number, from: number, to: number, beyondStart: number, beyondEnd: number): SideMeasure {
  const bin = Math.round(pos) + q.radius;
  if (bin < 0 || bin > 2 * q.radius) return { strength: 0, continuity: 0, extension: 0 };
  const b0 = startBlock(q, from);
  const b1 = endBlock(q, to);
  if (b1 < b0) return { strength: 0, continuity: 0, extension: 0 };
  const base = bin * q.nBlocks;
  let sum = 0;
  for (let b = b0; b <= b1; b++) sum += Math.abs(q.s[base + b]!);
  const m = sum / BLOCK / (b1 - b0 + 1);
  let strong = 0;
  const threshold = 0.4 * m * BLOCK;
  for (let b = b0; b <= b1; b++) if (Math.abs(q.s[base + b]!) >= threshold) strong++;
  const extension = Math.min(2, Math.max(beyondStart, beyondEnd) / (m + 0.25));
  return { strength: m, continuity: m > 0 ? strong / (b1 - b0 + 1) : 0, extension };
}

interface Peak {
  readonly position: number;
  /** Core strength (over the face's extent) and its prominence in the window. */
  readonly core: number;
  readonly prominence: number;
  readonly outerLine: number;
}

/** The strongest local maxima of one side's core profile in its window; `outward` points away from the face. */
/**
 * Core strength (spanStrength over the face's extent) at every position bin, for the vertical and the horizontal
 * sides: the same for every anchor (the core is the face's), so measured once per angle.
 */
interface CoreProfiles {
  readonly u: Float64Array;
  readonly v: Float64Array;
}

function coreProfiles(p: Profiles, vCore: readonly [number, number], uCore: readonly [number, number]): CoreProfiles {
  const nBins = 2 * p.radius + 1;
  const u = new Float64Array(nBins);
  const v = new Float64Array(nBins);
  const vq = sideProfile(p, true);
  const hq = sideProfile(p, false);
  for (let bin = 0; bin < nBins; bin++) {
    u[bin] = spanStrength(vq, bin - p.radius, vCore[0], vCore[1]);
    v[bin] = spanStrength(hq, bin - p.radius, uCore[0], uCore[1]);
  }
  return { u, v };
}

const ascending = (a: number, b: number): number => a - b;

/** The strongest local maxima of one side's core profile in its window; `outward` points away from the face. */
function candidatesOf(core: Float64Array, radius: number, lo: number, hi: number, outward: number): Peak[] {
  const at = (pos: number): number => core[Math.round(pos) + radius] ?? 0;
  const first = Math.ceil(lo);
  const last = Math.floor(hi);
  const values: number[] = [];
  for (let pos = first; pos <= last; pos++) values.push(at(pos));
  if (values.length === 0) return [{ position: Math.round((lo + hi) / 2), core: 0, prominence: 0, outerLine: 0 }];
  const sorted = [...values].sort(ascending);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const maxima: number[] = [];
  for (let k = 0; k < values.length; k++) {
    let isMax = true;
    for (let j = Math.max(0, k - 2); j <= Math.min(values.length - 1, k + 2); j++) if (values[j]! > values[k]! || (values[j] === values[k] && j < k)) isMax = false;
    if (isMax) maxima.push(k);
  }
  maxima.sort((a, b) => values[b]! - values[a]!);
  return maxima.slice(0, CANDIDATES).map((k) => {
    const pos = first + k;
    let outer = 0;
    for (let d = 3; d <= 15; d++) outer = Math.max(outer, at(pos + outward * d));
    return { position: pos, core: values[k]!, prominence: values[k]! / (median + 0.25), outerLine: outer / (values[k]! + 0.25) };
  });
}

interface Chosen extends SideMeasure {
  readonly peak: Peak;
}

interface AngleFit {
  readonly score: number;
  readonly sides: Record<RectSide, Chosen>;
  /** Each side's best core strength at this angle, whatever the others (for the sides' own angles). */
  readonly ownCore: Record<RectSide, number>;
}

/**
 * One side's share of a rectangle's score. Continuity weighs in: a text column or a guilloche band beside the photo
 * is strong in places, a cut edge all along. A line running on past the corners (the header band's edge 2 mm above
 * an ID-1 portrait, a frame line) is not the photo's side. Module-level: fitAt's 4^4 loop calls it 1024 times per
 * angle, and a closure made inside the loop cost an allocation (and tsx's name helper) per combination.
 */
const sideScore = (m: SideMeasure): number => m.strength * m.continuity * Math.max(0, 1 - m.extension);

/**
 * The best closed rectangle at one angle: every combination of the sides' candidates, each side measured along
 * the full length between its two neighbours; the combination with the strongest four sides together wins.
 */
function fitAt(p: Profiles, cores: CoreProfiles, win: Windows): AngleFit {
  const vq = sideProfile(p, true);
  const hq = sideProfile(p, false);
  const cand: Record<RectSide, Peak[]> = {
    left: candidatesOf(cores.u, p.radius, win.lo.left, win.hi.left, -1),
    right: candidatesOf(cores.u, p.radius, win.lo.right, win.hi.right, 1),
    top: candidatesOf(cores.v, p.radius, win.lo.top, win.hi.top, -1),
    bottom: candidatesOf(cores.v, p.radius, win.lo.bottom, win.hi.bottom, 1),
  };
  // A side's measure depends only on its own candidate and its two neighbours': measured once per triple, up
  // front, so the 4^4 combinations below are arithmetic only (no keys, no lookups).
  // What runs on past a corner depends on the side's own candidate and one neighbour's: once per pair.
  const perTriple = (q: SideProfile, own: readonly Peak[], from: readonly Peak[], to: readonly Peak[]) =>
    own.map((o) => {
      const bin = Math.round(o.position) + q.radius;
      const atStart = from.map((f) => beyondCorner(q, bin, startBlock(q, f.position) - 2, -1));
      const atEnd = to.map((t) => beyondCorner(q, bin, endBlock(q, t.position) + 2, 1));
      return from.map((f, i) => to.map((t, j) => fullLength(q, o.position, f.position, t.position, atStart[i]!, atEnd[j]!)));
    });
  const left = perTriple(vq, cand.left, cand.top, cand.bottom);
  const right = perTriple(vq, cand.right, cand.top, cand.bottom);
  const top = perTriple(hq, cand.top, cand.left, cand.right);
  const bottom = perTriple(hq, cand.bottom, cand.left, cand.right);
  let bestScore = 0;
  let best: readonly [number, number, number, number] | null = null;
  for (let l = 0; l < cand.left.length; l++) for (let rt = 0; rt < cand.right.length; rt++) for (let t = 0; t < cand.top.length; t++) for (let b = 0; b < cand.bottom.length; b++) {
    const L = left[l]![t]![b]!;
    const R = right[rt]![t]![b]!;
    const T = top[t]![l]![rt]!;
    const B = bottom[b]![l]![rt]!;
    const score = sideScore(L) + sideScore(R) + sideScore(T) + sideScore(B);
    if (best === null || score > bestScore) (bestScore = score), (best = [l, rt, t, b]);
  }
  const [l, rt, t, b] = best!;
  return {
    score: bestScore,
    sides: {
      left: { peak: cand.left[l]!, ...left[l]![t]![b]! },
      right: { peak: cand.right[rt]!, ...right[rt]![t]![b]! },
      top: { peak: cand.top[t]!, ...top[t]![l]![rt]! },
      bottom: { peak: cand.bottom[b]!, ...bottom[b]![l]![rt]! },
    },
    ownCore: { left: cand.left[0]!.core, right: cand.right[0]!.core, top: cand.top[0]!.core, bottom: cand.bottom[0]!.core },
  };
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n < 4) return 0;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) (ma += a[i]!), (mb += b[i]!);
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 1e-9 && sbb > 1e-9 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Profile minus its 9-sample moving average: keeps crossing lines and texture, drops shading. */
function highPass(values: readonly number[]): number[] {
  return values.map((v, i) => {
    let s = 0, n = 0;
    for (let j = Math.max(0, i - 4); j <= Math.min(values.length - 1, i + 4); j++) (s += values[j]!), n++;
    return v - s / n;
  });
}

/**
 * A fitted side on the turned axes: the point at parameter t (px along it from its first corner) and offset d
 * outwards (px) is (u0 + tu t + du d, v0 + tv t + dv d), each coefficient -1, 0 or 1; canonical px through the fit's
 * centre and turn. Plain numbers rather than a point function: the side is sampled ~20 times per px of its length.
 */
interface SideLine {
  readonly u0: number;
  readonly v0: number;
  readonly tu: number;
  readonly tv: number;
  readonly du: number;
  readonly dv: number;
  readonly length: number;
}

interface Frame {
  readonly cx: number;
  readonly cy: number;
  readonly cos: number;
  readonly sin: number;
}

/** Luma at the side's point (t, d). */
function sampleSide(luma: Plane, f: Frame, line: SideLine, t: number, d: number): number {
  const u = line.u0 + line.tu * t + line.du * d;
  const v = line.v0 + line.tv * t + line.dv * d;
  // Pixel centres at +0.5 (the gradients' convention here); src/image's sampler indexes them at integers.
  return sampleBilinear(luma, f.cx + u * f.cos - v * f.sin - 0.5, f.cy + u * f.sin + v * f.cos - 0.5);
}

/**
 * Measures along one fitted side: the darkest thin band within SHADOW_REACH px of the edge (either side of it: the
 * strongest step may be the shadow's outer edge) against the darker of the two references 6-9 px away on either
 * side, so a photo darker than the card is not read as shadow; and structures crossing the edge.
 */
function alongSide(luma: Plane, frame: Frame, line: SideLine) {
  const margin = 3;
  const steps = Math.max(0, Math.floor(line.length - 2 * margin));
  const profile = new Float64Array(2 * FAR[1] + 1);
  let samples = 0;
  const inside: number[] = [];
  const outside: number[] = [];
  for (let s = 0; s <= steps; s++) {
    const t = margin + s;
    for (let d = -FAR[1]; d <= FAR[1]; d++) profile[d + FAR[1]]! += sampleSide(luma, frame, line, t, d);
    samples++;
    inside.push(sampleSide(luma, frame, line, t, -CROSS_OFFSET));
    outside.push(sampleSide(luma, frame, line, t, CROSS_OFFSET));
  }
  if (samples === 0) return { shadow: 0, crossing: 0 };
  const at = (d: number): number => profile[d + FAR[1]]! / samples;
  let near = Infinity;
  for (let d = -SHADOW_REACH; d <= SHADOW_REACH; d++) near = Math.min(near, at(d));
  let farIn = 0, farOut = 0;
  for (let d = FAR[0]; d <= FAR[1]; d++) (farIn += at(-d)), (farOut += at(d));
  const n = FAR[1] - FAR[0] + 1;
  return { shadow: Math.min(0, near - Math.min(farIn / n, farOut / n)), crossing: pearson(highPass(inside), highPass(outside)) };
}

/** Normalised difference of two opposite sides' shadows (grey levels; 10 keeps faint pairs near 0). */
const asymmetry = (a: number, b: number): number => Math.abs(a - b) / (Math.abs(a) + Math.abs(b) + 10);

const mean = (v: readonly number[]): number => (v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : 0);
const std = (v: readonly number[]): number => {
  const m = mean(v);
  return Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
};

const EMPTY: RectangleFit = {
  sides: [], angleDeg: 0, corners: [], strengthMin: 0, strengthMean: 0, prominenceMin: 0, continuityMin: 0,
  continuityMean: 0, angleGain: 0, ownAngleSpread: 0, shadowAsymmetry: 0, shadowMin: 0, crossingMean: 0, crossingMax: 0, outerLineMean: 0, extensionMean: 0,
  layoutAnchored: 0, anchorDeviation: 0,
};

/**
 * Which columns and rows of the region can reach a read position of some window at any angle (unturned
 * coordinates, `margin` px of slack for the turn): a pixel is kept when its column or its row is.
 */
function bandMasks(windows: readonly Windows[], margin: number, x0: number, y0: number, x1: number, y1: number, cx: number, cy: number): { cols: Uint8Array; rows: Uint8Array } {
  const cols = new Uint8Array(Math.max(0, x1 - x0));
  const rows = new Uint8Array(Math.max(0, y1 - y0));
  const mark = (mask: Uint8Array, origin: number, centre: number, [a, b]: readonly [number, number]) => {
    const from = Math.max(0, Math.floor(centre + a - margin - origin));
    const to = Math.min(mask.length - 1, Math.ceil(centre + b + margin - origin));
    for (let i = from; i <= to; i++) mask[i] = 1;
  };
  for (const w of windows) {
    mark(cols, x0, cx, readRange(w.lo.left, w.hi.left));
    mark(cols, x0, cx, readRange(w.lo.right, w.hi.right));
    mark(rows, y0, cy, readRange(w.lo.top, w.hi.top));
    mark(rows, y0, cy, readRange(w.lo.bottom, w.hi.bottom));
  }
  return { cols, rows };
}

/** The region's pixels that one anchor's windows can read (for the refinement of the chosen anchor's angle). */
function regionFor(r: Region, windows: readonly Windows[], margin: number): Region {
  const { cols, rows } = bandMasks(windows, margin, r.x0, r.y0, r.x0 + r.w, r.y0 + r.h, r.cx, r.cy);
  return keepPixels(r, (i) => cols[Math.floor(r.dx[i]! + r.cx - r.x0)] === 1 || rows[Math.floor(r.dy[i]! + r.cy - r.y0)] === 1);
}

/** Every other pixel of the region in a checkerboard (each row and column keeps half): the coarse scan's input. */
function checkerboard(r: Region): Region {
  return keepPixels(r, (i) => ((Math.floor(r.dx[i]! + r.cx) + Math.floor(r.dy[i]! + r.cy)) & 1) === 0);
}

/** The region with only the pixels `keep` accepts, in their order. */
function keepPixels(r: Region, keep: (i: number) => boolean): Region {
  const n = r.dx.length;
  const dx = new Float32Array(n), dy = new Float32Array(n), gx = new Float32Array(n), gy = new Float32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    (dx[k] = r.dx[i]!), (dy[k] = r.dy[i]!), (gx[k] = r.gx[i]!), (gy[k] = r.gy[i]!), k++;
  }
  return { ...r, dx: dx.subarray(0, k), dy: dy.subarray(0, k), gx: gx.subarray(0, k), gy: gy.subarray(0, k) };
}

/**
 * Fits one rotated rectangle around `face` on the canonical luma, from each of `anchors` (portrait-anchors.ts);
 * the anchor whose best coarse-angle rectangle is strongest is refined and measured. Grey-level measures are raw
 * (the caller normalises them to the document's level).
 */
export function fitPortraitRectangle(luma: Plane, face: Box, anchors: readonly PortraitAnchor[], signal?: AbortSignal): RectangleFit {
  if (anchors.length === 0) return EMPTY;
  const cx0 = face.x + face.width / 2;
  const cy0 = face.y + face.height / 2;
  const windows = anchors.map((a) => windowsOf(face, a, cx0, cy0, luma.width, luma.height));
  const { x0, y0, x1, y1 } = regionBounds(luma, face, anchors);
  // A point r px from the centre moves across a side by up to r sin(angle) when the axes turn.
  const turnMargin = Math.hypot(Math.max(cx0 - x0, x1 - cx0), Math.max(cy0 - y0, y1 - cy0)) * Math.sin(((MAX_ANGLE_DEG + 1) * Math.PI) / 180) + 1;
  const r = regionOf(luma, face, anchors, windows, turnMargin);
  if (r === null) return EMPTY;
  const buffers = profileBuffers(r);
  const key = (a: number): number => Math.round(a * 100) / 100;
  // Coarse scan on half the pixels (a checkerboard: each side keeps every other pixel along it, so its block sums
  // halve alike for all candidates): one gradient pass per angle, every anchor fitted from it.
  const sparse = checkerboard(r);
  const allRead = readMasks(buffers, windows);
  const coarse = windows.map(() => new Map<number, AngleFit>());
  for (let a = -MAX_ANGLE_DEG; a <= MAX_ANGLE_DEG + 1e-9; a += COARSE_STEP_DEG) {
    const p = profilesAt(sparse, key(a), buffers, allRead);
    const cores = coreProfiles(p, windows[0]!.vCore, windows[0]!.uCore);
    windows.forEach((win, i) => coarse[i]!.set(key(a), fitAt(p, cores, win)));
    signal?.throwIfAborted();
  }
  let chosen = 0;
  let coarseBest = 0;
  coarse.forEach((fits, i) => {
    for (const [a, f] of fits) if (f.score > coarse[chosen]!.get(coarseBest)!.score) (chosen = i), (coarseBest = a);
  });
  const win = windows[chosen]!;
  const anchor = anchors[chosen]!;
  // The chosen anchor's angle refined at full resolution on its own pixels only.
  const own = windows.length > 1 ? regionFor(r, [win], turnMargin) : r;
  const read = readMasks(buffers, [win]);
  const fitOn = (region: Region, a: number): AngleFit => {
    const p = profilesAt(region, a, buffers, read);
    return fitAt(p, coreProfiles(p, win.vCore, win.uCore), win);
  };
  const byAngle = new Map<number, AngleFit>();
  const at = (a: number): AngleFit => {
    let f = byAngle.get(key(a));
    if (f === undefined) (f = fitOn(own, key(a))), byAngle.set(key(a), f);
    return f;
  };
  let bestAngle = coarseBest;
  for (const step of FINE_STEPS_DEG) {
    const centre = bestAngle;
    for (const a of [centre - step, centre + step]) {
      if (Math.abs(a) <= MAX_ANGLE_DEG + 0.75 && at(a).score > at(bestAngle).score) bestAngle = key(a);
    }
  }
  signal?.throwIfAborted();
  const fit = at(bestAngle);
  // Each side's own best angle among those tried (a turned sheet turns all four alike).
  const ownAngle = (side: RectSide): number => {
    let best = coarseBest;
    for (const [a, f] of coarse[chosen]!) if (f.ownCore[side] > coarse[chosen]!.get(best)!.ownCore[side]) best = a;
    return best;
  };

  const t = (bestAngle * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  // Turned axes -> canonical px (bins are centred on integer positions relative to the pixel-centre grid).
  const toXY = (u: number, v: number): readonly [number, number] => [r.cx + u * cos - v * sin, r.cy + u * sin + v * cos];
  const uL = fit.sides.left.peak.position, uR = fit.sides.right.peak.position;
  const vT = fit.sides.top.peak.position, vB = fit.sides.bottom.peak.position;
  const corners = [toXY(uL, vT), toXY(uR, vT), toXY(uR, vB), toXY(uL, vB)];
  const frame: Frame = { cx: r.cx, cy: r.cy, cos, sin };
  const lines: Record<RectSide, SideLine> = {
    left: { length: vB - vT, u0: uL, v0: vT, tu: 0, tv: 1, du: -1, dv: 0 },
    right: { length: vB - vT, u0: uR, v0: vT, tu: 0, tv: 1, du: 1, dv: 0 },
    top: { length: uR - uL, u0: uL, v0: vT, tu: 1, tv: 0, du: 0, dv: -1 },
    bottom: { length: uR - uL, u0: uL, v0: vB, tu: 1, tv: 0, du: 0, dv: 1 },
  };
  const sides: RectangleSide[] = SIDES.map((side) => {
    const c = fit.sides[side];
    const a = alongSide(luma, frame, lines[side]);
    return { side, position: c.peak.position, strength: c.strength, prominence: c.peak.prominence, continuity: c.continuity, outerLine: c.peak.outerLine, ownAngleDeg: ownAngle(side), extension: c.extension, ...a };
  });
  const by = (k: RectSide): RectangleSide => sides.find((s) => s.side === k)!;
  const strengths = sides.map((s) => s.strength);
  const zero = at(0).score;
  return {
    sides,
    angleDeg: bestAngle,
    corners,
    strengthMin: Math.min(...strengths),
    strengthMean: mean(strengths),
    prominenceMin: Math.min(...sides.map((s) => s.prominence)),
    continuityMin: Math.min(...sides.map((s) => s.continuity)),
    continuityMean: mean(sides.map((s) => s.continuity)),
    angleGain: zero > 0 ? fit.score / zero - 1 : 0,
    ownAngleSpread: std(sides.map((s) => s.ownAngleDeg)),
    shadowAsymmetry: Math.max(asymmetry(by('left').shadow, by('right').shadow), asymmetry(by('top').shadow, by('bottom').shadow)),
    shadowMin: Math.min(...sides.map((s) => s.shadow)),
    crossingMean: mean(sides.map((s) => s.crossing)),
    crossingMax: Math.max(...sides.map((s) => s.crossing)),
    outerLineMean: mean(sides.map((s) => s.outerLine)),
    extensionMean: mean(sides.map((s) => s.extension)),
    layoutAnchored: anchor.source === 'layout' ? 1 : 0,
    anchorDeviation: anchorDeviation(anchor.box, { uL, uR, vT, vB }, r.cx, r.cy),
  };
}

/**
 * Mean distance of the fitted sides (turned axes about (cx, cy)) from the anchor box's, over its width. Measured
 * on the turned axes directly: at a 2-degree turn the difference from the box's own axes is well under a pixel.
 */
function anchorDeviation(box: Box, fitted: { uL: number; uR: number; vT: number; vB: number }, cx: number, cy: number): number {
  const d = Math.abs(fitted.uL - (box.x - cx)) + Math.abs(fitted.uR - (box.x + box.width - cx)) + Math.abs(fitted.vT - (box.y - cy)) + Math.abs(fitted.vB - (box.y + box.height - cy));
  return box.width > 0 ? d / 4 / box.width : 0;
}
