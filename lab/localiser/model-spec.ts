// The learned localiser's architecture: a small fully-convolutional net, input side x side RGB (values / 255,
// letterboxed, src/localisation/learned-input.ts), output the probability that each stride-4 cell lies inside a
// document. Three 3x3 convs with 2x2 pooling reach stride 4; depthwise 5x5 + pointwise blocks widen the receptive
// field (about 50 input pixels, half the 96 px input) cheaply. Sized for the shared 2-core machine: training must
// fit in about 20 minutes of wasm CPU. A finer output (stride 2 or 1) keeps the same body and ends in a sub-pixel
// upsampling: the last 1x1 conv predicts (4 / stride)^2 sub-cells per stride-4 cell and depthtospace lays them out.
import type { LayerSpec, ModelSpec } from '../ml/layers.js';

/** The stride of the features; the default output stride. */
export const LOCALISER_STRIDE = 4;
export const LOCALISER_STRIDES: readonly number[] = [4, 2, 1];

export function localiserSpec(side: number, stride = LOCALISER_STRIDE): ModelSpec {
  if (!LOCALISER_STRIDES.includes(stride)) throw new Error(`localiser output stride must be one of ${LOCALISER_STRIDES.join(', ')}, got ${stride}`);
  const factor = LOCALISER_STRIDE / stride;
  const upsample: LayerSpec[] = factor > 1 ? [{ op: 'depthtospace', size: factor }] : [];
  const block = (i: number) => [
    { op: 'depthwise2d', name: `d${i}`, kernel: 5, padding: 'same' },
    { op: 'batchnorm', name: `d${i}bn` },
    { op: 'relu' },
    { op: 'conv2d', name: `p${i}`, filters: 24, kernel: 1, padding: 'same' },
    { op: 'batchnorm', name: `p${i}bn` },
    { op: 'relu' },
  ] as const;
  return {
    name: 'localiser',
    inputShape: [side, side, 3],
    metadata: { input: `RGB / 255, long side scaled to ${side} and centred on a black ${side}x${side} square`, output: `document probability per ${stride}x${stride} cell` },
    layers: [
      // No batch norm at full resolution: it costs more than the conv there on the wasm backend.
      { op: 'conv2d', name: 'c1', filters: 8, kernel: 3, padding: 'same' },
      { op: 'relu' },
      { op: 'maxpool', size: 2 },
      { op: 'conv2d', name: 'c2', filters: 16, kernel: 3, padding: 'same' },
      { op: 'batchnorm', name: 'c2bn' },
      { op: 'relu' },
      { op: 'maxpool', size: 2 },
      { op: 'conv2d', name: 'c3', filters: 24, kernel: 3, padding: 'same' },
      { op: 'batchnorm', name: 'c3bn' },
      { op: 'relu' },
      ...block(4),
      ...block(5),
      { op: 'conv2d', name: 'out', filters: factor * factor, kernel: 1, padding: 'same' },
      ...upsample,
      { op: 'sigmoid' },
    ],
  };
}
