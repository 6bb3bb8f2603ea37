// A model exported to ONNX must answer as its tfjs original: the first n outputs of both within 1e-4, and not all
// alike (a constant model would pass the first check on any input).
import assert from 'node:assert/strict';

export function assertOnnxMatchesTfjs(tfjs: ArrayLike<number>, onnx: ArrayLike<number>, n: number, inputs: string): void {
  let maxDiff = 0;
  for (let i = 0; i < n; i++) maxDiff = Math.max(maxDiff, Math.abs(tfjs[i]! - onnx[i]!));
  assert.ok(maxDiff < 1e-4, `max |tfjs - onnx| = ${maxDiff}`);
  const outputs = Array.from({ length: n }, (_, i) => tfjs[i]!);
  assert.ok(Math.max(...outputs) - Math.min(...outputs) > 1e-3, `the outputs differ between ${inputs} (not a constant model)`);
}
