// Training-step and inference speed of a ~60k-parameter patch CNN: ms per training step (train.ts, wasm backend,
// batch 64 of 64x64x3) and ms per inference of its ONNX export with onnxruntime-node on one thread (batch 1 and 16).
// Usage: node --import tsx bench/train-step.ts [training steps timed] [inference runs]
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import { Rng } from '../lab/rng.js';
import type { ModelSpec } from '../lab/ml/layers.js';
import { Model } from '../lab/ml/model.js';
import { exportOnnx } from '../lab/ml/onnx-export.js';
import { initTf, tf } from '../lab/ml/tf.js';
import { train } from '../lab/ml/train.js';

const timedSteps = Number(process.argv[2] ?? 10);
const inferenceRuns = Number(process.argv[3] ?? 50);
const warmupSteps = 2;
const batchSize = 64;

export const benchSpec: ModelSpec = {
  name: 'bench-patch-cnn',
  inputShape: [64, 64, 3],
  layers: [
    { op: 'conv2d', name: 'c1', filters: 16, kernel: 3, padding: 'same' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'conv2d', name: 'c2', filters: 32, kernel: 3, padding: 'same' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'conv2d', name: 'c3', filters: 64, kernel: 3, padding: 'same' },
    { op: 'relu' },
    { op: 'maxpool', size: 2 },
    { op: 'conv2d', name: 'c4', filters: 64, kernel: 3, padding: 'same' },
    { op: 'relu' },
    { op: 'globalavgpool' },
    { op: 'dense', name: 'out', units: 1 },
    { op: 'sigmoid' },
  ],
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const info = await initTf('wasm');
const rng = new Rng('bench');
const model = Model.create(benchSpec, 'bench');
const x = Float32Array.from({ length: batchSize * 64 * 64 * 3 }, () => rng.next());
const y = Float32Array.from({ length: batchSize }, (_, i) => i % 2);
const stamps: number[] = [];
const cpuStamps: number[] = [];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
await train(
  model,
  { size: batchSize * (warmupSteps + timedSteps), batch: () => (stamps.push(performance.now()), cpuStamps.push(cpuMs()), { x, y }) },
  { seed: 1, epochs: 1, batchSize, log: () => {} },
);
stamps.push(performance.now());
cpuStamps.push(cpuMs());
const stepCpuMs = cpuStamps.slice(warmupSteps + 1).map((t, i) => t - (cpuStamps[warmupSteps + i] as number));
const stepMs = stamps.slice(warmupSteps + 1).map((t, i) => t - (stamps[warmupSteps + i] as number));

console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, tfjs ${tf.version_core}, backend ${info.backend} (SIMD ${info.simd}, ${info.threads} thread)`);
console.log(`model: ${model.parameterCount} trainable parameters, input 64x64x3`);
// CPU time is what the step costs on an idle core; wall time also counts waiting for a core on a busy machine.
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`training step, batch ${batchSize}: median ${median(stepMs).toFixed(0)} ms wall (min ${Math.min(...stepMs).toFixed(0)}), median ${median(stepCpuMs).toFixed(0)} ms CPU, over ${stepMs.length} steps after ${warmupSteps} warm-up`);
console.log(`  => 20k patches x 10 epochs: about ${((median(stepCpuMs) * Math.ceil(20000 / batchSize) * 10) / 60000).toFixed(0)} min of CPU time`);

const session = await ort.InferenceSession.create(exportOnnx(model), { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
for (const batch of [1, 16]) {
  const input = new ort.Tensor('float32', Float32Array.from({ length: batch * 3 * 64 * 64 }, () => rng.next()), [batch, 3, 64, 64]);
  for (let i = 0; i < 5; i++) await session.run({ input });
  const times: number[] = [];
  const cpuStart = cpuMs();
  for (let i = 0; i < inferenceRuns; i++) {
    const start = performance.now();
    await session.run({ input });
    times.push(performance.now() - start);
  }
  const cpuPerRun = (cpuMs() - cpuStart) / inferenceRuns;
  console.log(`onnxruntime-node ${ort.env.versions.common}, 1 thread, batch ${batch}: median ${median(times).toFixed(2)} ms wall, min ${Math.min(...times).toFixed(2)} ms, ${cpuPerRun.toFixed(2)} ms CPU per run, over ${inferenceRuns} runs`);
}
await session.release();
model.dispose();
