// vulture-sr's patch CNN in the product: a small convolutional net (models/vulture-sr/patch-cnn.onnx, trained by
// lab/detectors/sr-cnn.ts) reads the high-pass residual of native-resolution patches inside the document quad and
// gives each a logit of "not a screen". The image-level cues are the mean logit and the mean of the lowest few
// (a screen may show only where the document is flat). The session is loaded on first use and released by dispose().
import { join } from 'node:path';
import type { Quad } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';
import { defaultModelDir } from '../../inference/model-files.js';
import { loadModel, type ModelSession } from '../../inference/session.js';
import { PATCH_SIZE, RAW_PATCH_SIZE, patchOrigins, rawWindow, residualPatch } from './patches.js';

export const PATCH_CNN_FILE = 'vulture-sr/patch-cnn.onnx';
/** Patches per document: 16 keeps the CNN within a few ms on one core (bench/vulture-sr.ts). */
export const PATCHES_PER_DOCUMENT = 16;
/** Lowest-k mean: the same k as the training script's image-level "top-k". */
export const LOWEST_K = 4;

export interface PatchCnnScores {
  /** Mean patch logit (NaN when the document holds no whole patch). */
  readonly mean: number;
  /** Mean of the LOWEST_K lowest logits (most screen-like). */
  readonly lowest: number;
  readonly patches: number;
}

export interface PatchCnn {
  /** Opens the session now and runs it once on a full batch of zero patches (the first run allocates). */
  load(): Promise<void>;
  score(image: RgbImage, quad: Quad): Promise<PatchCnnScores>;
  dispose(): Promise<void>;
}

/** The CNN of `modelDir` (default models/): extractors are made synchronously, so the session opens in load() (the
 * detector's start-up) or, failing that, on first use. */
export function patchCnn(modelDir: string = defaultModelDir()): PatchCnn {
  let session: Promise<ModelSession> | null = null;
  const open = (): Promise<ModelSession> => {
    if (session === null) {
      const path = join(modelDir, PATCH_CNN_FILE);
      const zeros = new Float32Array(PATCHES_PER_DOCUMENT * 3 * PATCH_SIZE * PATCH_SIZE);
      session = loadModel(path, { warmUp: { input: { dims: [PATCHES_PER_DOCUMENT, 3, PATCH_SIZE, PATCH_SIZE], data: zeros } } }).catch((cause: unknown) => {
        session = null;
        throw new Error(`vulture-sr patch CNN ${path} could not be loaded; train it with lab/detectors/sr-cnn.ts --onnx ${path} (docs/models.md, vulture-sr)`, { cause });
      });
    }
    return session;
  };
  return {
    async load() {
      await open();
    },
    async score(image, quad) {
      const origins = patchOrigins(image.width, image.height, quad, PATCHES_PER_DOCUMENT);
      if (origins.length === 0) return { mean: Number.NaN, lowest: Number.NaN, patches: 0 };
      const windowBytes = RAW_PATCH_SIZE * RAW_PATCH_SIZE * 3;
      const inputSize = PATCH_SIZE * PATCH_SIZE * 3;
      const raw = new Uint8Array(origins.length * windowBytes);
      const input = new Float32Array(origins.length * inputSize);
      origins.forEach((o, i) => {
        rawWindow(image, o, raw, i * windowBytes);
        residualPatch(raw, i * windowBytes, input, i * inputSize, 'nchw');
      });
      const model = await open();
      const out = await model.run({ input: { dims: [origins.length, 3, PATCH_SIZE, PATCH_SIZE], data: input } });
      const logits = Array.from(out.logits!.data);
      const sorted = [...logits].sort((a, b) => a - b);
      const k = Math.min(LOWEST_K, sorted.length);
      return {
        mean: logits.reduce((a, b) => a + b, 0) / logits.length,
        lowest: sorted.slice(0, k).reduce((a, b) => a + b, 0) / k,
        patches: logits.length,
      };
    },
    async dispose() {
      const s = session;
      session = null;
      if (s !== null) await (await s).dispose();
    },
  };
}
