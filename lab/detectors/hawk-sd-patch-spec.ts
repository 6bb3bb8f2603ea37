// The architecture of hawk-sd's patch CNN (trained by hawk-sd-patch-cnn.ts): ~7k parameters, four 3x3 conv
// stages (8-12-16-24 filters, max-pooled 64 -> 8), global average, one logit. Its input is patch-input.ts's.
import { PATCH_CHANNELS, PATCH_SIDE } from './hawk-sd-patch-input.js';
import type { ModelSpec } from '../ml/layers.js';

export const PATCH_CNN_SPEC: ModelSpec = {
  name: 'hawk-sd-patch-cnn',
  inputShape: [PATCH_SIDE, PATCH_SIDE, PATCH_CHANNELS],
  metadata: { input: 'hawk-sd patch: 64x64 luma steps (x, y, log-compressed) + grid column / row masks, lab/detectors/hawk-sd-patch-input.ts' },
  layers: [
    { op: 'conv2d', name: 'c1', filters: 8, kernel: 3, padding: 'same' },
    { op: 'batchnorm', name: 'bn1' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'conv2d', name: 'c2', filters: 12, kernel: 3, padding: 'same' },
    { op: 'batchnorm', name: 'bn2' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'conv2d', name: 'c3', filters: 16, kernel: 3, padding: 'same' },
    { op: 'batchnorm', name: 'bn3' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'conv2d', name: 'c4', filters: 24, kernel: 3, padding: 'same' },
    { op: 'relu' },
    { op: 'globalavgpool' },
    { op: 'dense', name: 'out', units: 1 },
    { op: 'sigmoid' },
  ],
};
