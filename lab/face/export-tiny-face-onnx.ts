// Converts face-api's tiny face detector (tfjs) to ONNX so that production runs one inference runtime.
// The graph mirrors TinyYolov2Base.runMobilenet in face-api's source (src/tinyYolov2/TinyYolov2Base.ts):
//   normalise (x - meanRgb) / 255; conv0 3x3 valid + leaky; maxpool 2/2 same; 5 x [depthwise-separable conv
//   (pad 1) + bias + leaky, maxpool (stride 2, the last stride 1) 'same']; conv8 1x1.
// leaky(x) = relu(x - 0.1x) + 0.1x = LeakyRelu(alpha 0.1). tfjs 'same' max pooling pads at the end = SAME_UPPER.
// Input: "image" float32 [1, 3, S, S] RGB 0..255 (any S multiple of 32 plus 2... face-api uses 416, 320, 224, 160);
// output: "grid" float32 [1, 25, G, G] = 5 anchors x (tx, ty, tw, th, objectness) per cell, channel-major.
// Usage: node --import tsx lab/face/export-tiny-face-onnx.ts [out.onnx]
import { writeFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';
import { readTinyFaceWeights, type NamedWeight } from './tiny-face-weights.js';

// onnx-proto is CommonJS: its namespace comes through the default export under ESM.
const { onnx } = onnxProto;

export const MEAN_RGB = [117.001, 114.697, 97.404] as const;
export const ANCHORS: readonly (readonly [number, number])[] = [
  [1.603231, 2.094468], [6.041143, 7.080126], [2.882459, 3.518061], [4.266906, 5.178857], [9.041765, 10.66308],
];

/** HWIO (tfjs conv filter) -> OIHW (ONNX). */
function hwioToOihw(w: NamedWeight): { dims: number[]; values: Float32Array } {
  const [h, wd, i, o] = w.shape as [number, number, number, number];
  const out = new Float32Array(w.values.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < wd; x++) for (let c = 0; c < i; c++) for (let k = 0; k < o; k++) {
    out[((k * i + c) * h + y) * wd + x] = w.values[((y * wd + x) * i + c) * o + k] as number;
  }
  return { dims: [o, i, h, wd], values: out };
}

/** Depthwise HWC1 -> ONNX grouped conv weights [C, 1, H, W]. */
function depthwiseToOnnx(w: NamedWeight): { dims: number[]; values: Float32Array } {
  const [h, wd, c] = w.shape as [number, number, number, number];
  const out = new Float32Array(w.values.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < wd; x++) for (let k = 0; k < c; k++) out[(k * h + y) * wd + x] = w.values[(y * wd + x) * c + k] as number;
  return { dims: [c, 1, h, wd], values: out };
}

/**
 * The ONNX model of face-api's weights; `overrides` replaces some of them by name (same shapes, tfjs layout), e.g.
 * the head fine-tuned on document portraits (lab/face/finetune-portrait-faces.ts).
 */
export function buildTinyFaceOnnx(overrides: ReadonlyMap<string, Float32Array> = new Map(), docString = 'Tiny face detector of @vladmandic/face-api 1.7 (MIT), converted from its tfjs weights.'): Uint8Array {
  const weights = readTinyFaceWeights();
  const get = (name: string): NamedWeight => {
    const w = weights.get(name);
    if (w === undefined) throw new Error(`missing weight ${name}`);
    const values = overrides.get(name);
    if (values === undefined) return w;
    if (values.length !== w.values.length) throw new Error(`override ${name} has ${values.length} values, expected ${w.values.length}`);
    return { ...w, values };
  };
  const initializers: P.ITensorProto[] = [];
  const nodes: P.INodeProto[] = [];
  const tensor = (name: string, dims: number[], values: Float32Array): string => {
    initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) });
    return name;
  };
  const ints = (name: string, v: number[]): P.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v });
  const str = (name: string, v: string): P.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(v) });
  const float = (name: string, v: number): P.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v });
  const int = (name: string, v: number): P.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: v });
  let counter = 0;
  const node = (opType: string, inputs: string[], attribute: P.IAttributeProto[] = [], output?: string): string => {
    const out = output ?? `${opType.toLowerCase()}_${counter++}`;
    nodes.push({ opType, input: inputs, output: [out], name: out, attribute });
    return out;
  };

  // Normalisation as in face-api: (x - meanRgb) / 255.
  const mean = tensor('mean_rgb', [1, 3, 1, 1], Float32Array.from(MEAN_RGB));
  const inv = tensor('inv_255', [], Float32Array.from([1 / 255]));
  let x = node('Mul', [node('Sub', ['image', mean]), inv]);

  const conv0 = hwioToOihw(get('conv0/filters'));
  x = node('Conv', [x, tensor('conv0_w', conv0.dims, conv0.values), tensor('conv0_b', [16], get('conv0/bias').values)], [ints('kernel_shape', [3, 3]), ints('strides', [1, 1]), ints('pads', [0, 0, 0, 0])]);
  x = node('LeakyRelu', [x], [float('alpha', 0.1)]);
  const pool = (input: string, stride: number): string =>
    node('MaxPool', [input], [ints('kernel_shape', [2, 2]), ints('strides', [stride, stride]), str('auto_pad', 'SAME_UPPER')]);
  x = pool(x, 2);
  for (let layer = 1; layer <= 5; layer++) {
    const dw = depthwiseToOnnx(get(`conv${layer}/depthwise_filter`));
    const pw = hwioToOihw(get(`conv${layer}/pointwise_filter`));
    const channels = dw.dims[0] as number;
    x = node('Conv', [x, tensor(`conv${layer}_dw`, dw.dims, dw.values)], [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1]), int('group', channels)]);
    x = node('Conv', [x, tensor(`conv${layer}_pw`, pw.dims, pw.values), tensor(`conv${layer}_b`, [pw.dims[0] as number], get(`conv${layer}/bias`).values)], [ints('kernel_shape', [1, 1])]);
    x = node('LeakyRelu', [x], [float('alpha', 0.1)]);
    x = pool(x, layer === 5 ? 1 : 2);
  }
  const conv8 = hwioToOihw(get('conv8/filters'));
  node('Conv', [x, tensor('conv8_w', conv8.dims, conv8.values), tensor('conv8_b', [25], get('conv8/bias').values)], [ints('kernel_shape', [1, 1])], 'grid');

  const dim = (v: string | number): P.TensorShapeProto.IDimension => (typeof v === 'number' ? { dimValue: v } : { dimParam: v });
  const valueInfo = (name: string, dims: (string | number)[]): P.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map(dim) } } },
  });
  const model: P.IModelProto = {
    irVersion: 7,
    producerName: 'doclive lab/face/export-tiny-face-onnx.ts',
    producerVersion: '1',
    docString,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny_face_detector',
      node: nodes,
      initializer: initializers,
      input: [valueInfo('image', [1, 3, 'size', 'size'])],
      output: [valueInfo('grid', [1, 25, 'cells', 'cells'])],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? 'models/tiny-face-detector.onnx';
  const bytes = buildTinyFaceOnnx();
  writeFileSync(out, bytes);
  console.log(`wrote ${out} (${bytes.length} bytes)`);
}
