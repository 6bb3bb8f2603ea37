// Grey-level closing (running max, then running min) over a 7 x 7 square, borders clamped: the text evidence's
// black-hat, which runs for every document hypothesis and MRZ strip. Its four separable passes run in WebAssembly
// SIMD (src/image/closing7.wat), four samples per instruction and no per-sample branch: in JavaScript each
// comparison was a branch, mispredicted on print, and the closing was the front-end's largest cost (bench/README.md
// "Round 7"). The values are the same as those of any comparison order, so results are unchanged.
import { CLOSING7_WASM_BASE64 } from './closing7-wasm.js';
import { ensureBytes, instantiate, type WasmMemory } from './wasm.js';

/** Window radius of the closing. */
export const CLOSING7_RADIUS = 3;

interface Closing7Module {
  readonly memory: WasmMemory;
  rowMax(src: number, dst: number, stride: number, rows: number, width: number): void;
  rowMin(src: number, dst: number, stride: number, rows: number, width: number): void;
  colMax(src: number, srcStride: number, dst: number, dstStride: number, rows: number, width: number): void;
  colMin(src: number, srcStride: number, dst: number, dstStride: number, rows: number, width: number): void;
}

const wasm = instantiate<Closing7Module>(CLOSING7_WASM_BASE64);

const R = CLOSING7_RADIUS;
/** Samples a 4-wide step may read or write past the end of a plane. */
const SLACK = 4;

/**
 * out[y * width + x] = min over the clamped 7 x 7 window of (max over the clamped 7 x 7 window of src), i.e. the
 * closing. `out` may be `src`. No value may be NaN.
 */
export function closing7(src: Float32Array, width: number, height: number, out: Float32Array): void {
  const n = width * height;
  if (src.length < n || out.length < n) throw new Error(`closing7 needs source and output planes of at least ${width} x ${height} = ${n} samples, got ${src.length} and ${out.length}`);
  if (n === 0) return;
  // Two padded planes (3 replicated samples and rows on every side) and the unpadded result, in wasm memory.
  const stride = width + 2 * R, rows = height + 2 * R;
  const a = 0, b = stride * rows + SLACK, result = 2 * b;
  ensureBytes(wasm.memory, (result + n + SLACK) * 4);
  const heap = new Float32Array(wasm.memory.buffer);
  for (let y = 0; y < height; y++) heap.set(src.subarray(y * width, (y + 1) * width), a + (y + R) * stride + R);
  padRows(heap, a, stride, width, height);
  // Dilation: rows of every padded row, then columns into the inside of plane a.
  wasm.rowMax(a * 4, (b + R) * 4, stride, rows, width);
  wasm.colMax((b + R) * 4, stride, (a + R * stride + R) * 4, stride, height, width);
  padRows(heap, a, stride, width, height);
  // Erosion of the dilated plane, columns straight into the result.
  wasm.rowMin(a * 4, (b + R) * 4, stride, rows, width);
  wasm.colMin((b + R) * 4, stride, result * 4, width, height, width);
  out.set(heap.subarray(result, result + n));
}

/**
 * Clamped borders of a padded plane whose inside (rows R .. R + height - 1, columns R .. R + width - 1) is set:
 * each inside row's first and last sample repeated R times, then the first and last inside rows R times.
 */
function padRows(heap: Float32Array, base: number, stride: number, width: number, height: number): void {
  for (let r = R; r < R + height; r++) {
    const row = base + r * stride, first = heap[row + R]!, last = heap[row + R + width - 1]!;
    for (let k = 0; k < R; k++) { heap[row + k] = first; heap[row + R + width + k] = last; }
  }
  const top = base + R * stride, bottom = base + (R + height - 1) * stride;
  for (let k = 0; k < R; k++) {
    heap.copyWithin(base + k * stride, top, top + stride);
    heap.copyWithin(base + (R + height + k) * stride, bottom, bottom + stride);
  }
}
