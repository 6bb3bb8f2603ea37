// The only module that imports onnxruntime-node. Sessions are owned by whoever loads them and released with
// dispose(); there is no module-level cache.
import * as ort from 'onnxruntime-node';

export interface FloatTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export interface ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(inputs: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>>;
  dispose(): Promise<void>;
}

export interface SessionOptions {
  /** Threads per session: 1, since the server runs one worker per core. */
  readonly intraOpThreads?: number;
  /** Inputs for one warm-up run (first runs allocate and are slow). */
  readonly warmUp?: Readonly<Record<string, FloatTensor>>;
}

export async function loadModel(path: string, options: SessionOptions = {}): Promise<ModelSession> {
  const session = await ort.InferenceSession.create(path, {
    intraOpNumThreads: options.intraOpThreads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  let disposed = false;
  const model: ModelSession = {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(inputs) {
      if (disposed) throw new Error(`model ${path} was disposed`);
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', t.data, [...t.dims]);
      const results = await session.run(feeds);
      const out: Record<string, FloatTensor> = {};
      for (const [name, t] of Object.entries(results)) {
        if (t.type !== 'float32') throw new Error(`model ${path} output ${name} is ${t.type}, expected float32`);
        out[name] = { dims: t.dims, data: t.data as Float32Array };
      }
      return out;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await session.release();
    },
  };
  if (options.warmUp !== undefined) await model.run(options.warmUp);
  return model;
}
