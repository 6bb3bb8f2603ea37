// Writes a lab model (model.ts) as an ONNX graph (opset 13) for onnxruntime-node in production.
//
// Layout: tfjs trains NHWC ([batch, height, width, channels]); the ONNX graph takes NCHW ([batch, channels, height,
// width]), the layout onnxruntime's CPU Conv / pooling kernels use. The caller of the exported model therefore feeds
// channel planes: value (n, c, y, x) = tfjs input (n, y, x, c). Conv kernels go from tfjs HWIO to ONNX OIHW;
// batch norm is folded into the conv / dense before it; `flatten` transposes back to NHWC first so a following dense
// layer sees features in the order it was trained on. Feature-vector models take [batch, features] unchanged.
//
// Outputs: models ending in sigmoid / softmax have `logits` (the raw score before the activation) and
// `probabilities`; other models have one output `output`.
import onnxProto from 'onnx-proto';
import { writeFile } from 'node:fs/promises';
import type { LayerSpec } from './layers.js';
import type { Model } from './model.js';

const { onnx } = onnxProto;

export const ONNX_OPSET = 13;
const IR_VERSION = 8;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const DEFAULT_BN_EPSILON = 1e-3;

export interface OnnxExportOptions {
  readonly producerVersion?: string;
  readonly docString?: string;
}

interface Folded {
  /** Kernel in tfjs layout (conv HWIO, dense [in, out]) with batch norm folded in. */
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** Folds y = gamma (x - mean) / sqrt(var + eps) + beta into the preceding layer's kernel and bias (in float64). */
function foldBatchNorm(weights: ReadonlyMap<string, Float32Array>, layerName: string, bnName: string | null, bnEpsilon: number): Folded {
  const kernel = weights.get(`${layerName}/kernel`)!;
  const bias = weights.get(`${layerName}/bias`)!;
  if (!bnName) return { kernel: Float32Array.from(kernel), bias: Float32Array.from(bias) };
  const gamma = weights.get(`${bnName}/gamma`)!;
  const beta = weights.get(`${bnName}/beta`)!;
  const mean = weights.get(`${bnName}/moving_mean`)!;
  const variance = weights.get(`${bnName}/moving_variance`)!;
  const outs = bias.length;
  const scale = Array.from({ length: outs }, (_, o) => (gamma[o] as number) / Math.sqrt((variance[o] as number) + bnEpsilon));
  // Output channel is the last axis of both HWIO and [in, out].
  const folded = Float32Array.from(kernel, (v, i) => v * (scale[i % outs] as number));
  const foldedBias = Float32Array.from(bias, (b, o) => (b - (mean[o] as number)) * (scale[o] as number) + (beta[o] as number));
  return { kernel: folded, bias: foldedBias };
}

/** HWIO -> OIHW. */
function hwioToOihw(kernel: Float32Array, [h, w, i, o]: readonly number[]): Float32Array {
  const kh = h as number;
  const kw = w as number;
  const ci = i as number;
  const co = o as number;
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let c = 0; c < ci; c++) {
        for (let f = 0; f < co; f++) out[((f * ci + c) * kh + y) * kw + x] = kernel[((y * kw + x) * ci + c) * co + f] as number;
      }
    }
  }
  return out;
}

class GraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private counter = 0;

  constant(name: string, data: Float32Array, dims: readonly number[]): string {
    const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.initializers.push({ name, dataType: FLOAT, dims: [...dims], rawData: bytes });
    return name;
  }

  node(opType: string, inputs: readonly string[], attributes: onnxProto.onnx.IAttributeProto[] = [], output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType, input: [...inputs], output: [out], name: `${opType}_${this.nodes.length}`, attribute: attributes });
    return out;
  }
}

function ints(name: string, values: readonly number[]): onnxProto.onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: [...values] };
}

function int(name: string, value: number): onnxProto.onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
}

function valueInfo(name: string, dims: readonly (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

/** The ONNX model as bytes. */
export function exportOnnx(model: Model, options: OnnxExportOptions = {}): Uint8Array {
  const spec = model.spec;
  const g = new GraphBuilder();
  const inputDims = spec.inputShape.length === 3 ? [spec.inputShape[2] as number, spec.inputShape[0] as number, spec.inputShape[1] as number] : [...spec.inputShape];
  let current = 'input';
  // Shape without batch, in ONNX layout: [C, H, W] or [F].
  let shape: number[] = inputDims;
  const weights = model.snapshot();
  let logits: string | null = null;

  spec.layers.forEach((layer: LayerSpec, index: number) => {
    const next = spec.layers[index + 1];
    const bn = next?.op === 'batchnorm' ? next : null;
    switch (layer.op) {
      case 'standardize': {
        const dims = shape.length === 3 ? [shape[0] as number, 1, 1] : [shape[0] as number];
        const mean = g.constant(`${layer.name}/mean`, weights.get(`${layer.name}/mean`)!, dims);
        const std = g.constant(`${layer.name}/std`, weights.get(`${layer.name}/std`)!, dims);
        current = g.node('Div', [g.node('Sub', [current, mean]), std]);
        break;
      }
      case 'conv2d': {
        const folded = foldBatchNorm(weights, layer.name, bn?.name ?? null, bn?.epsilon ?? DEFAULT_BN_EPSILON);
        const k = layer.kernel;
        const inC = shape[0] as number;
        const w = g.constant(`${layer.name}/W`, hwioToOihw(folded.kernel, [k, k, inC, layer.filters]), [layer.filters, inC, k, k]);
        const b = g.constant(`${layer.name}/B`, folded.bias, [layer.filters]);
        // TF 'same' puts the odd extra row / column of padding at the bottom / right.
        const before = layer.padding === 'same' ? Math.floor((k - 1) / 2) : 0;
        const after = layer.padding === 'same' ? k - 1 - before : 0;
        current = g.node('Conv', [current, w, b], [ints('kernel_shape', [k, k]), ints('strides', [1, 1]), ints('pads', [before, before, after, after]), ints('dilations', [1, 1])]);
        shape = layer.padding === 'same' ? [layer.filters, shape[1] as number, shape[2] as number] : [layer.filters, (shape[1] as number) - k + 1, (shape[2] as number) - k + 1];
        break;
      }
      case 'depthwise2d': {
        const folded = foldBatchNorm(weights, layer.name, bn?.name ?? null, bn?.epsilon ?? DEFAULT_BN_EPSILON);
        const k = layer.kernel;
        const channels = shape[0] as number;
        // tfjs [k, k, C, 1] is HWIO with I = C, O = 1; ONNX grouped conv wants [C, 1, k, k] (one group per channel).
        const w = g.constant(`${layer.name}/W`, hwioToOihw(folded.kernel, [k, k, channels, 1]), [channels, 1, k, k]);
        const b = g.constant(`${layer.name}/B`, folded.bias, [channels]);
        const before = layer.padding === 'same' ? Math.floor((k - 1) / 2) : 0;
        const after = layer.padding === 'same' ? k - 1 - before : 0;
        current = g.node('Conv', [current, w, b], [ints('kernel_shape', [k, k]), ints('strides', [1, 1]), ints('pads', [before, before, after, after]), ints('dilations', [1, 1]), int('group', channels)]);
        shape = layer.padding === 'same' ? shape : [channels, (shape[1] as number) - k + 1, (shape[2] as number) - k + 1];
        break;
      }
      case 'batchnorm':
        break; // folded into the layer before
      case 'relu':
        current = g.node('Relu', [current]);
        break;
      case 'maxpool':
      case 'avgpool': {
        const s = layer.size;
        current = g.node(layer.op === 'maxpool' ? 'MaxPool' : 'AveragePool', [current], [ints('kernel_shape', [s, s]), ints('strides', [s, s])]);
        shape = [shape[0] as number, Math.floor((shape[1] as number) / s), Math.floor((shape[2] as number) / s)];
        break;
      }
      case 'depthtospace': {
        const s = layer.size;
        current = g.node('DepthToSpace', [current], [int('blocksize', s), { name: 'mode', type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode('DCR') }]);
        shape = [(shape[0] as number) / (s * s), (shape[1] as number) * s, (shape[2] as number) * s];
        break;
      }
      case 'globalavgpool':
        current = g.node('Flatten', [g.node('GlobalAveragePool', [current])], [int('axis', 1)]);
        shape = [shape[0] as number];
        break;
      case 'flatten':
        if (shape.length === 3) {
          current = g.node('Flatten', [g.node('Transpose', [current], [ints('perm', [0, 2, 3, 1])])], [int('axis', 1)]);
          shape = [shape.reduce((a, b) => a * b, 1)];
        }
        break;
      case 'dense': {
        const folded = foldBatchNorm(weights, layer.name, bn?.name ?? null, bn?.epsilon ?? DEFAULT_BN_EPSILON);
        const w = g.constant(`${layer.name}/W`, folded.kernel, [shape[0] as number, layer.units]);
        const b = g.constant(`${layer.name}/B`, folded.bias, [layer.units]);
        current = g.node('Gemm', [current, w, b]);
        shape = [layer.units];
        break;
      }
      case 'sigmoid':
      case 'softmax':
        logits = g.node('Identity', [current], [], 'logits');
        current = g.node(layer.op === 'sigmoid' ? 'Sigmoid' : 'Softmax', [logits], layer.op === 'softmax' ? [int('axis', -1)] : [], 'probabilities');
        break;
    }
  });
  const outputs = logits ? [valueInfo('logits', ['batch', ...shape]), valueInfo('probabilities', ['batch', ...shape])] : [valueInfo('output', ['batch', ...shape])];
  if (!logits) g.node('Identity', [current], [], 'output');

  const proto = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'doclive-lab',
    producerVersion: options.producerVersion ?? '1',
    docString: options.docString ?? '',
    metadataProps: Object.entries({ ...(spec.metadata ?? {}), layout: spec.inputShape.length === 3 ? 'NCHW' : 'NF' }).map(([key, value]) => ({ key, value })),
    graph: {
      name: spec.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo('input', ['batch', ...inputDims])],
      output: outputs,
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

export async function writeOnnx(model: Model, path: string, options: OnnxExportOptions = {}): Promise<void> {
  await writeFile(path, exportOnnx(model, options));
}

/** NHWC (tfjs) -> NCHW (ONNX input) for a batch of images. */
export function nhwcToNchw(data: Float32Array, [n, h, w, c]: readonly [number, number, number, number]): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let k = 0; k < c; k++) out[((b * c + k) * h + y) * w + x] = data[((b * h + y) * w + x) * c + k] as number;
      }
    }
  }
  return out;
}
