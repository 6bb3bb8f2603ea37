// Toy data for the lab/ml tests (test-only): 8x8 single-channel images whose class is where a bright blob sits.
import { Rng } from '../rng.js';
import type { ModelSpec } from './layers.js';
import type { TrainData } from './train.js';

export const toyConvSpec: ModelSpec = {
  name: 'toy',
  inputShape: [8, 8, 1],
  layers: [
    { op: 'conv2d', name: 'c1', filters: 4, kernel: 3, padding: 'same' },
    { op: 'batchnorm', name: 'bn1' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'conv2d', name: 'c2', filters: 4, kernel: 3, padding: 'valid' },
    { op: 'relu' },
    { op: 'flatten' },
    { op: 'dense', name: 'd1', units: 1 },
    { op: 'sigmoid' },
  ],
};

/** Class 1: blob in the left half; class 0: right half. Noise on every pixel. */
export function toyImages(count: number, seed: string): { x: Float32Array; y: Float32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(count * 64);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    y[i] = label;
    const cx = label === 1 ? rng.int(0, 2) : rng.int(5, 7);
    const cy = rng.int(0, 7);
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 8; c++) {
        const d2 = (r - cy) ** 2 + (c - cx) ** 2;
        x[i * 64 + r * 8 + c] = Math.exp(-d2 / 2) + rng.normal(0, 0.1);
      }
    }
  }
  return { x, y };
}

export function arrayData(x: Float32Array, y: Float32Array | Int32Array, inputSize: number, onBatch?: () => void): TrainData {
  const targetSize = y.length / (x.length / inputSize);
  return {
    size: x.length / inputSize,
    batch(indices) {
      onBatch?.();
      const bx = new Float32Array(indices.length * inputSize);
      const by = y instanceof Int32Array ? new Int32Array(indices.length * targetSize) : new Float32Array(indices.length * targetSize);
      indices.forEach((index, k) => {
        bx.set(x.subarray(index * inputSize, (index + 1) * inputSize), k * inputSize);
        by.set(y.subarray(index * targetSize, (index + 1) * targetSize), k * targetSize);
      });
      return { x: bx, y: by };
    },
  };
}
