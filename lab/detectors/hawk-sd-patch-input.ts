// The input of hawk-sd's patch CNN (lab/detectors/hawk-sd-patch-cnn.ts), shared by training and scoring so both
// see the same numbers: a 64x64 patch of the upload's own luma at native resolution, its top-left corner on the
// last JPEG encode's 8x8 grid, as four channel planes:
//  - the horizontal and the vertical pixel step (p(x) - p(x-1), p(y) - p(y-1)), log-compressed so that the 1-3
//    grey-level blocking steps of an older grid are not drowned by 100-level text edges;
//  - two constant masks marking the grid's own columns and rows (x % 8 == 0, y % 8 == 0): a convolution is blind
//    to where it is, so without them it could not tell blocking on the last grid (every honest JPEG, re-saved or
//    not) from blocking on a shifted one (a pasted patch on its own grid, a region moved by a non-multiple of 8).
import type { Plane } from '../../src/features/planes.js';

export const PATCH_SIDE = 64;
export const PATCH_CHANNELS = 4;
export const PATCH_VALUES = PATCH_SIDE * PATCH_SIDE * PATCH_CHANNELS;

/** log-compressed step: sign(d) ln(1 + |d|) / 2 (about 0.35 for a 1-level step, 2.3 for a 100-level edge). */
const squash = (d: number): number => (d >= 0 ? Math.log1p(d) : -Math.log1p(-d)) * 0.5;

/**
 * Writes the patch whose top-left pixel is (x, y) of `plane` into `out` at `offset`, channel-planar (CHW: the
 * ONNX graph's NCHW order). The steps at the patch's first column / row read the pixel left of / above it, which
 * must exist (x, y >= 1): that boundary is a grid line, where the last encode's own blocking shows.
 */
export function writePatchCHW(plane: Plane, x: number, y: number, out: Float32Array, offset = 0): void {
  const { width: w, height: h, data } = plane;
  if (x < 1 || y < 1 || x + PATCH_SIDE > w || y + PATCH_SIDE > h) {
    throw new RangeError(`patch at (${x}, ${y}) needs 1 pixel above and left and ${PATCH_SIDE} inside the ${w}x${h} plane`);
  }
  const n = PATCH_SIDE * PATCH_SIDE;
  for (let r = 0; r < PATCH_SIDE; r++) {
    const row = (y + r) * w + x;
    const o = offset + r * PATCH_SIDE;
    const onRow = r % 8 === 0 ? 1 : 0;
    for (let c = 0; c < PATCH_SIDE; c++) {
      const i = row + c;
      const v = data[i]!;
      out[o + c] = squash(v - data[i - 1]!);
      out[o + n + c] = squash(v - data[i - w]!);
      out[o + 2 * n + c] = c % 8 === 0 ? 1 : 0;
      out[o + 3 * n + c] = onRow;
    }
  }
}

/**
 * Top-left corners of at most `maxPatches` patches spread evenly over `region` of a plane, on the grid whose
 * lines are at x = phaseX (mod 8), y = phaseY (mod 8), each with a pixel of margin above and left. Fewer patches
 * than the region holds at `minStride` (default: adjacent patches) are taken at a wider stride (a multiple of 8),
 * centred; none when the region is too small.
 */
export function patchOrigins(
  region: { readonly x: number; readonly y: number; readonly width: number; readonly height: number },
  phaseX: number,
  phaseY: number,
  maxPatches: number,
  minStride = PATCH_SIDE,
): Array<[number, number]> {
  if (!Number.isInteger(minStride) || minStride < 8 || minStride % 8 !== 0) throw new RangeError(`patch stride must be a positive multiple of 8, got ${minStride}`);
  const first = (start: number, phase: number): number => start + 1 + ((((phase - start - 1) % 8) + 8) % 8);
  const x0 = first(region.x, phaseX);
  const y0 = first(region.y, phaseY);
  const spanX = region.x + region.width - PATCH_SIDE - x0;
  const spanY = region.y + region.height - PATCH_SIDE - y0;
  if (spanX < 0 || spanY < 0 || maxPatches < 1) return [];
  // Stride in whole blocks, the smallest one that keeps the count within the budget.
  let stride = minStride;
  const count = (s: number): [number, number] => [Math.floor(spanX / s) + 1, Math.floor(spanY / s) + 1];
  while (count(stride)[0] * count(stride)[1] > maxPatches) stride += 8;
  const [nx, ny] = count(stride);
  // Centre the lattice of patches in the region (shift by whole blocks only).
  const offX = Math.floor((spanX - (nx - 1) * stride) / 2 / 8) * 8;
  const offY = Math.floor((spanY - (ny - 1) * stride) / 2 / 8) * 8;
  const out: Array<[number, number]> = [];
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out.push([x0 + offX + i * stride, y0 + offY + j * stride]);
  return out;
}
