// Copy-move detection: a region cloned within the same image (to hide or duplicate a stamp, a digit, a face
// part) repeats texture exactly, noise included -- something no camera produces. Blocks are described by the
// low-frequency DCT of their 4x4 sub-block means, quantised and hashed; matching pairs vote for their offset, and
// a duplicated region shows as many votes for one offset, confirmed when the fine texture repeats as well.
import type { Plane } from './planes.js';

export interface CopyMoveOptions {
  /** Block side in pixels, a multiple of 4 (default 16). */
  readonly blockSize?: number;
  /**
   * Spacing of the indexed grid (default 4). Each grid position is indexed with its +1 neighbours and queries run
   * at stride 2, so every offset is found, at half the signatures of indexing a grid and querying every pixel.
   */
  readonly gridStep?: number;
  /** Shortest offset that counts, in pixels (default 24: shorter ones are smooth neighbouring texture). */
  readonly minDistance?: number;
  /** Quantisation step of the signature coefficients, grey levels (default 2: survives mild recompression). */
  readonly quantStep?: number;
  /** Blocks whose AC signature energy is below this are skipped: flat areas match everywhere (default 4). */
  readonly minAcEnergy?: number;
  /**
   * An offset counts as a copy only when the fine texture (horizontal pixel differences) of its matched blocks
   * correlates at least this much with their counterparts (default 0.5; an exact copy gives 1, about 0.6 after
   * recompression at quality 80-95 on another grid alignment, independent noise about 0). A real copy repeats the noise too; smooth
   * ramps and repeated layout match in their coarse signature but not in their noise.
   */
  readonly minCorrelation?: number;
  /** Fewest votes an offset needs to be verified (default 8). */
  readonly minVotes?: number;
  /**
   * A query whose signature matches more indexed blocks than this is not distinctive (smooth gradients, flat
   * print, repeated layout) and does not vote (default 4; a copy-move pair matches once or twice).
   */
  readonly maxMatchesPerQuery?: number;
}

export interface CopyMoveOffset {
  readonly dx: number;
  readonly dy: number;
  readonly votes: number;
  /** Correlation of the fine texture of the matched blocks with their counterparts (NaN when not verified). */
  readonly correlation: number;
}

export interface CopyMoveResult {
  /** The most voted offsets (canonical sign: dy > 0, or dy = 0 and dx > 0), most votes first, at most 8, each verified. */
  readonly offsets: CopyMoveOffset[];
  /** The offset with most votes that passed verification, or null: no duplicated region found. */
  readonly best: CopyMoveOffset | null;
  /** Grid cells with a block taking part in the best offset's matches, over all cells with a textured block. */
  readonly duplicatedFraction: number;
  /** Grid cells (cols x rows; cell (c, r) holds the blocks at (c * gridStep + 0..1, r * gridStep + 0..1)) marking the best offset's blocks. */
  readonly mask: Uint8Array;
  readonly cols: number;
  readonly rows: number;
}

// Signature coefficients (v, u) of the 4x4 DCT of the sub-block means: DC and the five lowest AC terms, as one
// 6 x 16 weight matrix so a signature is 96 multiply-adds.
const SIGNATURE: ReadonlyArray<readonly [number, number]> = [[0, 0], [0, 1], [1, 0], [1, 1], [0, 2], [2, 0]];
const SIG = SIGNATURE.length;
const WEIGHTS = (() => {
  const basis = (u: number, x: number) => (u === 0 ? Math.sqrt(1 / 4) : Math.sqrt(2 / 4)) * Math.cos(((2 * x + 1) * u * Math.PI) / 8);
  const t = new Float64Array(SIG * 16);
  SIGNATURE.forEach(([v, u], s) => {
    for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) t[s * 16 + j * 4 + i] = basis(v, j) * basis(u, i);
  });
  return t;
})();

/** Mean of every sub x sub box, at every top-left position (positions past the edge are left 0). */
function boxMeans(plane: Plane, sub: number): Float32Array {
  const { width: w, height: h, data } = plane;
  const iw = w + 1;
  const integral = new Float64Array(iw * (h + 1));
  for (let y = 0; y < h; y++) {
    let rowSum = 0;
    for (let x = 0; x < w; x++) {
      rowSum += data[y * w + x]!;
      integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1]! + rowSum;
    }
  }
  const out = new Float32Array(w * h);
  const norm = 1 / (sub * sub);
  for (let y = 0; y + sub <= h; y++) {
    for (let x = 0; x + sub <= w; x++) {
      out[y * w + x] = (integral[(y + sub) * iw + x + sub]! - integral[y * iw + x + sub]! - integral[(y + sub) * iw + x]! + integral[y * iw + x]!) * norm;
    }
  }
  return out;
}

/**
 * Quantised signature of the block at (x, y) into `key`; returns its AC energy, or -1 without computing the key
 * when even the energy of all 15 AC terms (the variance of the 16 means, by Parseval) is below minAc.
 * Unrolled (the 16 means in locals, every sum from 0 in the same order as a loop over them): the same arithmetic,
 * without a scratch array or inner loops, for the tens of thousands of blocks a search describes.
 */
function signature(means: Float32Array, w: number, x: number, y: number, sub: number, step: number, key: Int32Array, minAc: number): number {
  const r0 = y * w + x;
  const r1 = r0 + sub * w;
  const r2 = r1 + sub * w;
  const r3 = r2 + sub * w;
  const s1 = sub, s2 = 2 * sub, s3 = 3 * sub;
  const m0 = means[r0]!, m1 = means[r0 + s1]!, m2 = means[r0 + s2]!, m3 = means[r0 + s3]!;
  const m4 = means[r1]!, m5 = means[r1 + s1]!, m6 = means[r1 + s2]!, m7 = means[r1 + s3]!;
  const m8 = means[r2]!, m9 = means[r2 + s1]!, m10 = means[r2 + s2]!, m11 = means[r2 + s3]!;
  const m12 = means[r3]!, m13 = means[r3 + s1]!, m14 = means[r3 + s2]!, m15 = means[r3 + s3]!;
  let sum = 0;
  sum += m0; sum += m1; sum += m2; sum += m3; sum += m4; sum += m5; sum += m6; sum += m7;
  sum += m8; sum += m9; sum += m10; sum += m11; sum += m12; sum += m13; sum += m14; sum += m15;
  let sum2 = 0;
  sum2 += m0 * m0; sum2 += m1 * m1; sum2 += m2 * m2; sum2 += m3 * m3; sum2 += m4 * m4; sum2 += m5 * m5; sum2 += m6 * m6; sum2 += m7 * m7;
  sum2 += m8 * m8; sum2 += m9 * m9; sum2 += m10 * m10; sum2 += m11 * m11; sum2 += m12 * m12; sum2 += m13 * m13; sum2 += m14 * m14; sum2 += m15 * m15;
  if (sum2 - (sum * sum) / 16 < minAc) return -1;
  let ac = 0;
  for (let s = 0; s < SIG; s++) {
    const o = s * 16;
    let c = 0;
    c += WEIGHTS[o]! * m0; c += WEIGHTS[o + 1]! * m1; c += WEIGHTS[o + 2]! * m2; c += WEIGHTS[o + 3]! * m3;
    c += WEIGHTS[o + 4]! * m4; c += WEIGHTS[o + 5]! * m5; c += WEIGHTS[o + 6]! * m6; c += WEIGHTS[o + 7]! * m7;
    c += WEIGHTS[o + 8]! * m8; c += WEIGHTS[o + 9]! * m9; c += WEIGHTS[o + 10]! * m10; c += WEIGHTS[o + 11]! * m11;
    c += WEIGHTS[o + 12]! * m12; c += WEIGHTS[o + 13]! * m13; c += WEIGHTS[o + 14]! * m14; c += WEIGHTS[o + 15]! * m15;
    if (s > 0) ac += c * c;
    key[s] = Math.round(c / step);
  }
  return ac;
}

/**
 * Sums for the pooled Pearson correlation of horizontal pixel differences between the block at (x, y) and the one
 * at (x + dx, y + dy): acc = [sum ab, sum a^2, sum b^2, sum a, sum b, n]. Centring matters: a ramp has a constant
 * difference that would otherwise correlate with itself.
 */
function accumulateTextureCorrelation(plane: Plane, x: number, y: number, dx: number, dy: number, size: number, acc: Float64Array): void {
  const { width: w, data } = plane;
  for (let r = 0; r < size; r++) {
    const ia = (y + r) * w + x;
    const ib = (y + dy + r) * w + x + dx;
    for (let c = 0; c < size - 1; c++) {
      const a = data[ia + c + 1]! - data[ia + c]!;
      const b = data[ib + c + 1]! - data[ib + c]!;
      acc[0]! += a * b;
      acc[1]! += a * a;
      acc[2]! += b * b;
      acc[3]! += a;
      acc[4]! += b;
      acc[5]!++;
    }
  }
}

const QUERY_STRIDE = 2;

function sameKey(keys: Int32Array, e: number, key: Int32Array): boolean {
  const o = e * SIG;
  for (let s = 0; s < SIG; s++) if (keys[o + s] !== key[s]) return false;
  return true;
}

function hashKey(key: Int32Array): number {
  let h = 0x811c9dc5;
  for (let s = 0; s < SIG; s++) h = Math.imul(h ^ key[s]!, 0x01000193);
  return h >>> 0;
}

/** Finds duplicated regions in one plane (usually luma of the rectified document). */
export function detectCopyMove(plane: Plane, options: CopyMoveOptions = {}): CopyMoveResult {
  const blockSize = options.blockSize ?? 16;
  const gridStep = options.gridStep ?? 4;
  const minDistance = options.minDistance ?? 24;
  const quantStep = options.quantStep ?? 2;
  const minAc = options.minAcEnergy ?? 4;
  const maxMatches = options.maxMatchesPerQuery ?? 4;
  if (!Number.isInteger(blockSize) || blockSize < 8 || blockSize % 4 !== 0) {
    throw new RangeError(`copy-move block size must be a multiple of 4 and at least 8, got ${blockSize}`);
  }
  if (!Number.isInteger(gridStep) || gridStep < 1) throw new RangeError(`copy-move grid step must be a positive integer, got ${gridStep}`);
  const { width: w, height: h } = plane;
  if (w < blockSize || h < blockSize) throw new RangeError(`plane ${w}x${h} is smaller than one ${blockSize}x${blockSize} block`);
  const sub = blockSize / 4;
  const means = boxMeans(plane, sub);
  const cols = Math.floor((w - blockSize) / gridStep) + 1;
  const rows = Math.floor((h - blockSize) / gridStep) + 1;
  // Queries run at stride 2 in both axes; indexing each grid position together with its +1 neighbours (the
  // residues mod 2) lets every offset, odd or even, meet exactly one indexed block per grid cell.
  const classes = Math.min(QUERY_STRIDE, gridStep);
  const capacity = cols * rows * classes * classes;
  const posX = new Int32Array(capacity);
  const posY = new Int32Array(capacity);
  // Chained hash table of the indexed blocks: head per bucket, next per entry, signature stored for verification.
  let size = 1;
  while (size < capacity * 2) size <<= 1;
  const head = new Int32Array(size).fill(-1);
  const next = new Int32Array(capacity).fill(-1);
  const keys = new Int32Array(capacity * SIG);
  const key = new Int32Array(SIG);
  let entries = 0;
  let texturedCells = 0;
  const cellTextured = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let cy = 0; cy < classes; cy++) {
        for (let cx = 0; cx < classes; cx++) {
          const x = c * gridStep + cx;
          const y = r * gridStep + cy;
          if (x + blockSize > w || y + blockSize > h) continue;
          if (signature(means, w, x, y, sub, quantStep, key, minAc) < minAc) continue;
          const e = entries++;
          posX[e] = x;
          posY[e] = y;
          for (let k = 0; k < SIG; k++) keys[e * SIG + k] = key[k]!;
          const bucket = hashKey(key) & (size - 1);
          next[e] = head[bucket]!;
          head[bucket] = e;
          if (!cellTextured[r * cols + c]) {
            cellTextured[r * cols + c] = 1;
            texturedCells++;
          }
        }
      }
    }
  }
  const votes = new Map<number, number>();
  const span = 2 * Math.max(w, h) + 1;
  const min2 = minDistance * minDistance;
  // Every vote is remembered as (offset id, indexed block, query position) so that verification and the mask
  // revisit only the matched pairs.
  let pairs = new Int32Array(3 * 4096);
  let pairCount = 0;
  for (let y = 0; y + blockSize <= h; y += QUERY_STRIDE) {
    for (let x = 0; x + blockSize <= w; x += QUERY_STRIDE) {
      if (signature(means, w, x, y, sub, quantStep, key, minAc) < minAc) continue;
      const bucket = hashKey(key) & (size - 1);
      let matches = 0;
      for (let e = head[bucket]!; e >= 0 && matches <= maxMatches; e = next[e]!) if (sameKey(keys, e, key)) matches++;
      if (matches === 0 || matches > maxMatches) continue;
      for (let e = head[bucket]!; e >= 0; e = next[e]!) {
        if (!sameKey(keys, e, key)) continue;
        let dx = posX[e]! - x;
        let dy = posY[e]! - y;
        if (dx * dx + dy * dy < min2) continue;
        if (dy < 0 || (dy === 0 && dx < 0)) {
          dx = -dx;
          dy = -dy;
        }
        const id = (dy + span) * span * 2 + (dx + span);
        votes.set(id, (votes.get(id) ?? 0) + 1);
        if (3 * (pairCount + 1) > pairs.length) {
          const grown = new Int32Array(pairs.length * 2);
          grown.set(pairs);
          pairs = grown;
        }
        pairs[3 * pairCount] = id;
        pairs[3 * pairCount + 1] = e;
        pairs[3 * pairCount + 2] = y * w + x;
        pairCount++;
      }
    }
  }
  const candidates = Array.from(votes, ([id, v]) => ({
    id,
    dx: (id % (span * 2)) - span,
    dy: Math.floor(id / (span * 2)) - span,
    votes: v,
  }))
    .sort((a, b) => b.votes - a.votes)
    .slice(0, 8);
  const minCorrelation = options.minCorrelation ?? 0.5;
  const minVotes = options.minVotes ?? 8;
  const acc = new Float64Array(6);
  // Pooled texture correlation over the matched pairs of one offset (at most `limit` of them), marking their
  // indexed blocks in `mark` when given.
  const verify = (id: number, mark: Uint8Array | null, limit: number): number => {
    acc.fill(0);
    let used = 0;
    for (let k = 0; k < pairCount && used < limit; k++) {
      if (pairs[3 * k] !== id) continue;
      const e = pairs[3 * k + 1]!;
      const q = pairs[3 * k + 2]!;
      const ex = posX[e]!;
      const ey = posY[e]!;
      accumulateTextureCorrelation(plane, q % w, Math.floor(q / w), ex - (q % w), ey - Math.floor(q / w), blockSize, acc);
      if (mark) mark[Math.floor(ey / gridStep) * cols + Math.floor(ex / gridStep)] = 1;
      used++;
    }
    const n = acc[5]!;
    if (n === 0) return 0;
    const cov = acc[0]! - (acc[3]! * acc[4]!) / n;
    const va = acc[1]! - (acc[3]! * acc[3]!) / n;
    const vb = acc[2]! - (acc[4]! * acc[4]!) / n;
    return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
  };
  const offsets: CopyMoveOffset[] = candidates.map((c) => ({
    dx: c.dx,
    dy: c.dy,
    votes: c.votes,
    correlation: c.votes >= minVotes ? verify(c.id, null, 64) : Number.NaN,
  }));
  const bestIndex = offsets.findIndex((o) => o.correlation >= minCorrelation);
  const best = bestIndex >= 0 ? offsets[bestIndex]! : null;
  const mask = new Uint8Array(cols * rows);
  let involved = 0;
  if (best) {
    verify(candidates[bestIndex]!.id, mask, Infinity);
    for (let i = 0; i < mask.length; i++) involved += mask[i]!;
  }
  return { offsets, best, duplicatedFraction: texturedCells > 0 ? involved / texturedCells : 0, mask, cols, rows };
}
