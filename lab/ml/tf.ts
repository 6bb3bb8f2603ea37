// TensorFlow.js for lab training in Node: the wasm backend (tfjs-node cannot install here) with the wasm binaries
// loaded from node_modules, and Conv2D gradients the wasm backend can run.
//
// Why the gradients: wasm has no Conv2DBackpropFilter kernel, so tf.grad through tf.conv2d fails there. We replace the
// Conv2D gradient (globally, for every backend) with one built from ops wasm has:
//   input gradient  = forward 'valid' convolution of the (stride-dilated, padded) output gradient with the filter
//                     flipped in space and with in/out channels swapped;
//   filter gradient = stride 1: a forward convolution of the padded input with the output gradient, batch and
//                     channel axes swapped; other strides: im2col (one strided slice of the padded input per
//                     kernel tap) + one matMul with the output gradient.
// Dilated convolutions (dilation > 1) are not supported in the gradient and say so.
import './tf-quiet.js';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export { tf };

export type TfBackendName = 'wasm' | 'cpu';

export interface TfInfo {
  readonly backend: TfBackendName;
  /** SIMD build of the wasm binary in use (false for cpu). */
  readonly simd: boolean;
  /** Threads the wasm backend runs on; tfjs 4.22 disables wasm multithreading under Node (tfjs issue #3830). */
  readonly threads: number;
}

let wasmPathsSet = false;

/**
 * Selects a backend (default wasm) and waits until it is ready. Safe to call again, e.g. to switch to 'cpu' for a
 * reference computation and back.
 */
export async function initTf(backend: TfBackendName = 'wasm'): Promise<TfInfo> {
  if (backend === 'wasm' && !wasmPathsSet) {
    // The binaries ship in the npm package; a directory path keeps tfjs from fetching anything.
    const require = createRequire(import.meta.url);
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    setWasmPaths(dist + '/');
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`tfjs backend '${backend}' failed to initialise; accepted backends: wasm, cpu`);
  await tf.ready();
  if (backend === 'cpu') return { backend, simd: false, threads: 1 };
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return { backend, simd, threads: getThreadsCount() };
}

type Pair = readonly [number, number];

function pair(value: number | readonly number[]): Pair {
  if (typeof value === 'number') return [value, value];
  return [value[0] ?? 1, value[1] ?? 1];
}

/** Padding and output sizes exactly as the forward Conv2D kernel computes them. */
function convGeometry(xShape: readonly number[], filterShape: readonly number[], strides: Pair, pad: unknown, rounding: unknown) {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides as [number, number],
    1,
    pad as 'same' | 'valid' | number | tf.backend_util.ExplicitPadding,
    rounding as 'floor' | 'round' | 'ceil' | undefined,
  );
  return info;
}

/** Pads (positive amounts) or crops (negative amounts) the two spatial axes of an NHWC tensor. */
function padOrCrop(t: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  let out = t;
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    out = tf.pad(out, [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]]);
  }
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const [n, h, w, c] = out.shape;
    const t0 = Math.max(0, -top);
    const l0 = Math.max(0, -left);
    out = tf.slice(out, [0, t0, l0, 0], [n, h - t0 - Math.max(0, -bottom), w - l0 - Math.max(0, -right), c]);
  }
  return out;
}

/** Inserts stride-1 zeros between rows and columns: the output gradient of a strided conv as a stride-1 one. */
function dilateSpatial(dy: tf.Tensor4D, strides: Pair): tf.Tensor4D {
  const [sh, sw] = strides;
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const spread = tf.pad(tf.reshape(dy, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  const full = tf.reshape(spread, [n, h * sh, w * sw, c]);
  return tf.slice(full, [0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]) as tf.Tensor4D;
}

export interface Conv2DGradAttrs {
  readonly strides: number | readonly number[];
  readonly pad: unknown;
  readonly dimRoundingMode?: unknown;
}

/** Gradient of a Conv2D (NHWC, dilation 1) with respect to its input, from forward ops only. */
export function conv2dInputGradient(
  xShape: readonly number[],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  attrs: Conv2DGradAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const strides = pair(attrs.strides);
    const info = convGeometry(xShape, filter.shape, strides, attrs.pad, attrs.dimRoundingMode);
    const [kh, kw] = filter.shape;
    const h = xShape[1] as number;
    const w = xShape[2] as number;
    const dilated = dilateSpatial(dy, strides);
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    // Bottom / right make the 'valid' output exactly as tall / wide as x (covers rows a strided conv never read).
    const bottom = h + kh - 1 - dilated.shape[1] - top;
    const right = w + kw - 1 - dilated.shape[2] - left;
    const padded = padOrCrop(dilated, top, bottom, left, right);
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(padded, flipped, 1, 'valid');
  });
}

/**
 * Gradient of a Conv2D (NHWC, dilation 1) with respect to its filter. Stride 1: one forward convolution with batch and
 * channels swapped (the padded input as a [inC, H, W, batch] image, the output gradient as a [outH, outW, batch,
 * outC] filter); wasm runs that about 5x faster than im2col + matMul. Other strides: im2col + matMul.
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly number[],
  attrs: Conv2DGradAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const strides = pair(attrs.strides);
    const info = convGeometry(x.shape, filterShape, strides, attrs.pad, attrs.dimRoundingMode);
    const [kh, kw, inC, outC] = filterShape as [number, number, number, number];
    const [n, outH, outW] = dy.shape;
    const [sh, sw] = strides;
    const { top, bottom, left, right } = info.padInfo;
    const xp = top || bottom || left || right ? tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]) : x;
    if (sh === 1 && sw === 1) {
      // Crop rows / columns the forward conv never reached (e.g. 'valid' rounding) so the result is exactly kh x kw.
      const used = tf.slice(xp, [0, 0, 0, 0], [n, outH + kh - 1, outW + kw - 1, inC]);
      const image = tf.transpose(used, [3, 1, 2, 0]) as tf.Tensor4D;
      const kernel = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
      return tf.transpose(tf.conv2d(image, kernel, 1, 'valid'), [1, 2, 0, 3]) as tf.Tensor4D;
    }
    const taps: tf.Tensor4D[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        taps.push(tf.stridedSlice(xp, [0, i, j, 0], [n, i + (outH - 1) * sh + 1, j + (outW - 1) * sw + 1, inC], [1, sh, sw, 1]) as tf.Tensor4D);
      }
    }
    const rows = n * outH * outW;
    const columns = tf.reshape(tf.stack(taps, 3), [rows, kh * kw * inC]);
    // An explicit transpose then a plain matMul runs faster on wasm than matMul(..., transposeA = true).
    const grad = tf.matMul(tf.transpose(columns), tf.reshape(dy, [rows, outC]));
    return tf.reshape(grad, [kh, kw, inC, outC]);
  });
}

function registerConv2DGradient(): void {
  tf.registerGradient({
    kernelName: tf.Conv2D,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const a = attrs as unknown as { strides: number | number[]; pad: unknown; dilations: number | number[]; dataFormat: string; dimRoundingMode?: unknown };
      const [dh, dw] = pair(a.dilations);
      if (dh !== 1 || dw !== 1) throw new Error(`Conv2D gradient: dilations must be 1 (got ${String(a.dilations)})`);
      if (a.dataFormat !== 'NHWC') throw new Error(`Conv2D gradient: data format must be NHWC (got ${a.dataFormat})`);
      const g = dy as tf.Tensor4D;
      return {
        x: () => conv2dInputGradient(x.shape, g, filter, a),
        filter: () => conv2dFilterGradient(x, g, filter.shape, a),
      };
    },
  });
}

/**
 * Gradients of a depthwise Conv2D (NHWC, stride 1, dilation 1, channel multiplier 1), which wasm also lacks.
 * Input: depthwise conv of the padded output gradient with the spatially flipped filter. Filter: per kernel tap,
 * the product of the shifted input and the output gradient summed over batch and space.
 */
export function depthwiseInputGradient(xShape: readonly number[], dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: Conv2DGradAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convGeometry(xShape, filter.shape, [1, 1], attrs.pad, attrs.dimRoundingMode);
    const [kh, kw] = filter.shape;
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const bottom = (xShape[1] as number) + kh - 1 - dy.shape[1] - top;
    const right = (xShape[2] as number) + kw - 1 - dy.shape[2] - left;
    return tf.depthwiseConv2d(padOrCrop(dy, top, bottom, left, right), tf.reverse(filter, [0, 1]) as tf.Tensor4D, 1, 'valid');
  });
}

export function depthwiseFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: readonly number[], attrs: Conv2DGradAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convGeometry(x.shape, filterShape, [1, 1], attrs.pad, attrs.dimRoundingMode);
    const [kh, kw, c] = filterShape as [number, number, number, number];
    const [n, outH, outW] = dy.shape;
    const { top, bottom, left, right } = info.padInfo;
    const xp = top || bottom || left || right ? tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]) : x;
    const taps: tf.Tensor1D[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) taps.push(tf.sum(tf.mul(tf.slice(xp, [0, i, j, 0], [n, outH, outW, c]), dy), [0, 1, 2]) as tf.Tensor1D);
    }
    return tf.reshape(tf.stack(taps), [kh, kw, c, 1]);
  });
}

function registerDepthwiseGradient(): void {
  tf.registerGradient({
    kernelName: tf.DepthwiseConv2dNative,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const a = attrs as unknown as { strides: number | number[]; pad: unknown; dilations?: number | number[]; dimRoundingMode?: unknown };
      const [sh, sw] = pair(a.strides);
      const [dh, dw] = pair(a.dilations ?? 1);
      if (sh !== 1 || sw !== 1 || dh !== 1 || dw !== 1) throw new Error(`depthwise Conv2D gradient: strides and dilations must be 1 (got strides ${String(a.strides)}, dilations ${String(a.dilations)})`);
      if (filter.shape[3] !== 1) throw new Error(`depthwise Conv2D gradient: channel multiplier must be 1 (got ${filter.shape[3]})`);
      const g = dy as tf.Tensor4D;
      return {
        x: () => depthwiseInputGradient(x.shape, g, filter, a),
        filter: () => depthwiseFilterGradient(x, g, filter.shape, a),
      };
    },
  });
}

registerConv2DGradient();
registerDepthwiseGradient();
