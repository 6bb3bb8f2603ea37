// The layer vocabulary shared by tfjs training (model.ts) and ONNX export (onnx-export.ts). Kept small on purpose:
// every op here has a direct ONNX counterpart, so what is trained is exactly what is exported.
// Tensors are NHWC inside tfjs ([batch, height, width, channels]); shapes below omit the batch axis.

export type LayerSpec =
  /** (x - mean) / std with stored, non-trainable per-feature statistics (last axis). */
  | { readonly op: 'standardize'; readonly name: string }
  /** Stride-1 convolution with bias; kernel is square. */
  | { readonly op: 'conv2d'; readonly name: string; readonly filters: number; readonly kernel: number; readonly padding: 'same' | 'valid' }
  /** Stride-1 depthwise convolution (channel multiplier 1) with bias; square kernel. */
  | { readonly op: 'depthwise2d'; readonly name: string; readonly kernel: number; readonly padding: 'same' | 'valid' }
  /** Batch normalisation; must follow a conv2d, depthwise2d or dense directly (it is folded into that layer at export). */
  | { readonly op: 'batchnorm'; readonly name: string; readonly epsilon?: number; readonly momentum?: number }
  | { readonly op: 'relu' }
  /** size x size window, stride = size, no padding (output rounds down). */
  | { readonly op: 'maxpool'; readonly size: number }
  | { readonly op: 'avgpool'; readonly size: number }
  /** Sub-pixel upsampling ("pixel shuffle"): [H, W, size^2 C] -> [size H, size W, C]; channel (i size + j) C + c goes
   *  to row offset i, column offset j (tf.depthToSpace order = ONNX DepthToSpace mode DCR). A cheap finer output. */
  | { readonly op: 'depthtospace'; readonly size: number }
  /** Mean over height and width: [H, W, C] -> [C]. */
  | { readonly op: 'globalavgpool' }
  /** [H, W, C] -> [H*W*C] in NHWC order (the exporter transposes from NCHW first). */
  | { readonly op: 'flatten' }
  | { readonly op: 'dense'; readonly name: string; readonly units: number }
  /** Final activations: only as the last layer; training uses the logits before them. sigmoid may also end a
   *  fully-convolutional net (per-pixel probabilities); softmax needs a vector. */
  | { readonly op: 'sigmoid' }
  | { readonly op: 'softmax' };

export interface ModelSpec {
  readonly name: string;
  /** [height, width, channels] for images (NHWC in tfjs, NCHW in ONNX), or [features] for feature vectors. */
  readonly inputShape: readonly number[];
  readonly layers: readonly LayerSpec[];
  /** Free text stored with checkpoints and as ONNX metadata, e.g. the input preprocessing. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * The small patch classifier both lab CNNs use (vulture-sr's patch CNN, xenops-ps's sheet-edge CNN): four 3x3
 * conv + batchnorm + relu blocks with `filters` channels, 2x2 max-pools after the second and third, global average,
 * one logit and its sigmoid.
 */
export function fourBlockPatchCnnLayers(filters: readonly [number, number, number, number]): LayerSpec[] {
  const block = (i: number, n: number): LayerSpec[] => [
    { op: 'conv2d', name: `c${i}`, filters: n, kernel: 3, padding: 'same' },
    { op: 'batchnorm', name: `bn${i}` },
    { op: 'relu' },
  ];
  const [a, b, c, d] = filters;
  return [
    ...block(1, a), ...block(2, b), { op: 'maxpool', size: 2 },
    ...block(3, c), { op: 'maxpool', size: 2 },
    ...block(4, d),
    { op: 'globalavgpool' }, { op: 'dense', name: 'out', units: 1 }, { op: 'sigmoid' },
  ];
}

export type FinalActivation = 'sigmoid' | 'softmax' | 'none';

export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
  /** Initialisation: He-normal with this fan-in, or a constant. */
  readonly init: { readonly heNormalFanIn: number } | { readonly constant: number };
  /** Kernels get weight decay; biases and normalisation parameters do not. */
  readonly decay: boolean;
}

function fail(spec: ModelSpec, index: number, message: string): never {
  throw new Error(`model '${spec.name}', layer ${index}: ${message}`);
}

function positiveInt(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Checks the layer list, infers every layer's output shape and lists the weights. Throws with the first problem. */
export function describeModel(spec: ModelSpec): { readonly shapes: readonly (readonly number[])[]; readonly weights: readonly WeightSpec[]; readonly finalActivation: FinalActivation } {
  if (!Array.isArray(spec.inputShape) || (spec.inputShape.length !== 1 && spec.inputShape.length !== 3) || !spec.inputShape.every(positiveInt)) {
    throw new Error(`model '${spec.name}': inputShape must be [height, width, channels] or [features] of positive integers, got ${JSON.stringify(spec.inputShape)}`);
  }
  const shapes: number[][] = [];
  const weights: WeightSpec[] = [];
  const names = new Set<string>();
  let shape = [...spec.inputShape];
  let finalActivation: FinalActivation = 'none';
  spec.layers.forEach((layer, index) => {
    if ('name' in layer) {
      if (typeof layer.name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(layer.name)) fail(spec, index, `name must match [A-Za-z][A-Za-z0-9_]*, got ${JSON.stringify(layer.name)}`);
      if (names.has(layer.name)) fail(spec, index, `duplicate layer name '${layer.name}'`);
      names.add(layer.name);
    }
    if (finalActivation !== 'none') fail(spec, index, `'${finalActivation}' must be the last layer`);
    const image = shape.length === 3;
    const [h, w, c] = shape as [number, number, number];
    switch (layer.op) {
      case 'standardize':
        weights.push(
          { name: `${layer.name}/mean`, shape: [shape[shape.length - 1] as number], trainable: false, init: { constant: 0 }, decay: false },
          { name: `${layer.name}/std`, shape: [shape[shape.length - 1] as number], trainable: false, init: { constant: 1 }, decay: false },
        );
        break;
      case 'conv2d': {
        if (!image) fail(spec, index, `conv2d needs an image input [H, W, C], got [${shape}]`);
        if (!positiveInt(layer.filters) || !positiveInt(layer.kernel)) fail(spec, index, 'conv2d filters and kernel must be positive integers');
        if (layer.padding !== 'same' && layer.padding !== 'valid') fail(spec, index, `conv2d padding must be 'same' or 'valid', got ${JSON.stringify(layer.padding)}`);
        const k = layer.kernel;
        if (layer.padding === 'valid' && (h < k || w < k)) fail(spec, index, `conv2d kernel ${k} is larger than its input ${h}x${w}`);
        weights.push(
          { name: `${layer.name}/kernel`, shape: [k, k, c, layer.filters], trainable: true, init: { heNormalFanIn: k * k * c }, decay: true },
          { name: `${layer.name}/bias`, shape: [layer.filters], trainable: true, init: { constant: 0 }, decay: false },
        );
        shape = layer.padding === 'same' ? [h, w, layer.filters] : [h - k + 1, w - k + 1, layer.filters];
        break;
      }
      case 'depthwise2d': {
        if (!image) fail(spec, index, `depthwise2d needs an image input [H, W, C], got [${shape}]`);
        if (!positiveInt(layer.kernel)) fail(spec, index, 'depthwise2d kernel must be a positive integer');
        if (layer.padding !== 'same' && layer.padding !== 'valid') fail(spec, index, `depthwise2d padding must be 'same' or 'valid', got ${JSON.stringify(layer.padding)}`);
        const k = layer.kernel;
        if (layer.padding === 'valid' && (h < k || w < k)) fail(spec, index, `depthwise2d kernel ${k} is larger than its input ${h}x${w}`);
        weights.push(
          { name: `${layer.name}/kernel`, shape: [k, k, c, 1], trainable: true, init: { heNormalFanIn: k * k }, decay: true },
          { name: `${layer.name}/bias`, shape: [c], trainable: true, init: { constant: 0 }, decay: false },
        );
        shape = layer.padding === 'same' ? [h, w, c] : [h - k + 1, w - k + 1, c];
        break;
      }
      case 'batchnorm': {
        const previous = spec.layers[index - 1];
        if (!previous || (previous.op !== 'conv2d' && previous.op !== 'depthwise2d' && previous.op !== 'dense')) fail(spec, index, 'batchnorm must directly follow a conv2d, depthwise2d or dense layer (it is folded into it at export)');
        const n = shape[shape.length - 1] as number;
        weights.push(
          { name: `${layer.name}/gamma`, shape: [n], trainable: true, init: { constant: 1 }, decay: false },
          { name: `${layer.name}/beta`, shape: [n], trainable: true, init: { constant: 0 }, decay: false },
          { name: `${layer.name}/moving_mean`, shape: [n], trainable: false, init: { constant: 0 }, decay: false },
          { name: `${layer.name}/moving_variance`, shape: [n], trainable: false, init: { constant: 1 }, decay: false },
        );
        break;
      }
      case 'relu':
        break;
      case 'maxpool':
      case 'avgpool':
        if (!image) fail(spec, index, `${layer.op} needs an image input, got [${shape}]`);
        if (!positiveInt(layer.size) || layer.size > h || layer.size > w) fail(spec, index, `${layer.op} size must be a positive integer no larger than the input ${h}x${w}`);
        shape = [Math.floor(h / layer.size), Math.floor(w / layer.size), c];
        break;
      case 'depthtospace':
        if (!image) fail(spec, index, `depthtospace needs an image input, got [${shape}]`);
        if (!positiveInt(layer.size) || layer.size < 2 || c % (layer.size * layer.size) !== 0) fail(spec, index, `depthtospace size must be an integer >= 2 whose square divides the ${c} input channels`);
        shape = [h * layer.size, w * layer.size, c / (layer.size * layer.size)];
        break;
      case 'globalavgpool':
        if (!image) fail(spec, index, `globalavgpool needs an image input, got [${shape}]`);
        shape = [c];
        break;
      case 'flatten':
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'dense': {
        if (image) fail(spec, index, 'dense needs a vector input: add flatten or globalavgpool before it');
        if (!positiveInt(layer.units)) fail(spec, index, 'dense units must be a positive integer');
        const fanIn = shape[0] as number;
        weights.push(
          { name: `${layer.name}/kernel`, shape: [fanIn, layer.units], trainable: true, init: { heNormalFanIn: fanIn }, decay: true },
          { name: `${layer.name}/bias`, shape: [layer.units], trainable: true, init: { constant: 0 }, decay: false },
        );
        shape = [layer.units];
        break;
      }
      case 'sigmoid':
      case 'softmax':
        // A sigmoid may end a fully-convolutional net (a per-pixel probability map, e.g. a segmentation mask);
        // softmax runs over the last axis, which only means classes for a vector.
        if (image && layer.op === 'softmax') fail(spec, index, 'softmax must come after the image is reduced to a vector (a per-pixel map takes sigmoid)');
        finalActivation = layer.op;
        break;
      default:
        fail(spec, index, `unknown op ${JSON.stringify((layer as { op: unknown }).op)}; accepted: standardize, conv2d, depthwise2d, batchnorm, relu, maxpool, avgpool, depthtospace, globalavgpool, flatten, dense, sigmoid, softmax`);
    }
    shapes.push(shape);
  });
  return { shapes, weights, finalActivation };
}
