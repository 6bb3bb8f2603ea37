// The learned localiser's architecture: a small fully-convolutional net, input side x side RGB (values / 255,
// letterboxed, src/localisation/learned-input.ts), output the probability that each stride-4 cell lies inside a
// document. Three 3x3 convs with 2x2 pooling reach stride 4; depthwise 5x5 + pointwise blocks widen the receptive
// field (about 50 input pixels, half the 96 px input) cheaply. Sized for the shared 2-core machine: training must
// fit in about 20 minutes of wasm CPU.
import type { ModelSpec } from '../ml/layers.js';

export const LOCALISER_STRIDE = 4;

export function localiserSpec(side: number): ModelSpec {
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
    metadata: { input: `RGB / 255, long side scaled to ${side} and centred on a black ${side}x${side} square`, output: `document probability per ${LOCALISER_STRIDE}x${LOCALISER_STRIDE} cell` },
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
      { op: 'conv2d', name: 'out', filters: 1, kernel: 1, padding: 'same' },
      { op: 'sigmoid' },
    ],
  };
}
