// Reads the tiny face detector weights that @vladmandic/face-api ships (tfjs weights manifest + uint8-quantised
// binary) into float tensors, exactly as face-api dequantises them: value = min + scale * q.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface NamedWeight {
  readonly name: string;
  /** tfjs layout: conv filters HWIO, depthwise filters HWC1, biases [C]. */
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale: number; min: number };
}

export function faceApiModelDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
}

export function readTinyFaceWeights(modelDir = faceApiModelDir()): Map<string, NamedWeight> {
  const manifest = JSON.parse(readFileSync(join(modelDir, 'tiny_face_detector_model-weights_manifest.json'), 'utf8')) as { paths: string[]; weights: ManifestEntry[] }[];
  const out = new Map<string, NamedWeight>();
  for (const group of manifest) {
    const bytes = Buffer.concat(group.paths.map((p) => readFileSync(join(modelDir, p))));
    let offset = 0;
    for (const w of group.weights) {
      const count = w.shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(count);
      const q = w.quantization;
      if (q !== undefined) {
        if (q.dtype !== 'uint8') throw new Error(`unsupported quantisation ${q.dtype} for ${w.name}`);
        for (let i = 0; i < count; i++) values[i] = q.min + q.scale * (bytes[offset + i] as number);
        offset += count;
      } else {
        if (w.dtype !== 'float32') throw new Error(`unsupported dtype ${w.dtype} for ${w.name}`);
        const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
        for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
        offset += count * 4;
      }
      out.set(w.name, { name: w.name, shape: w.shape, values });
    }
    if (offset !== bytes.length) throw new Error(`weights manifest does not cover the binary (${offset} of ${bytes.length} bytes)`);
  }
  return out;
}
