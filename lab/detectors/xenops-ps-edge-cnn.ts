// xenops-ps's sheet-edge CNN (branch ps6, measured and not shipped: docs/models.md, xenops-ps): a small
// convolutional net (lab/detectors/xenops-ps-edge-cnn/edge-cnn.onnx and its tfjs checkpoint, trained by
// xenops-ps-strip-cnn.ts) gives each strip across a portrait side (xenops-ps-edge-strips.ts) a logit
// of "a physical sheet edge crosses here"; the per-document cues are aggregates over sides (a stuck-on sheet has
// four edges, a printed portrait none). Kept in the lab with the model so the measurement can be repeated.
import { fileURLToPath } from 'node:url';
import { loadModel, type ModelSession } from '../../src/inference/session.js';
import { STRIP_ACROSS, STRIP_ALONG, STRIP_CHANNELS, STRIP_SIDES, type StripPlace } from './xenops-ps-edge-strips.js';

/** The committed CNN of branch ps6 (ONNX) and its tfjs checkpoint. */
export const EDGE_CNN_ONNX = fileURLToPath(new URL('./xenops-ps-edge-cnn/edge-cnn.onnx', import.meta.url));
export const EDGE_CNN_TFJS = fileURLToPath(new URL('./xenops-ps-edge-cnn/tfjs', import.meta.url));
/** Strips per document: 3 per side of two rectangles (xenops-ps-edge-strips.ts sheetEdgeStrips); the warm-up batch size. */
export const STRIPS_PER_DOCUMENT = 24;

export interface StripAggregates {
  /** Mean over the fitted rectangle's sides of each side's highest strip logit. */
  readonly fitSideMean: number;
  /** Lowest of those side maxima: a sheet shows an edge on every side. */
  readonly fitSideMin: number;
  /** Mean over the anchor box's sides of each side's highest strip logit. */
  readonly anchorSideMean: number;
  readonly max: number;
  readonly mean: number;
}

/** Per-document aggregates of strip logits (NaN where there are no strips: the head reads NaN as neutral). */
export function aggregateStripLogits(places: readonly StripPlace[], logits: readonly number[]): StripAggregates {
  const sideMaxima = (source: StripPlace['source']): number[] =>
    STRIP_SIDES.flatMap((side) => {
      const of = logits.filter((_, i) => places[i]!.source === source && places[i]!.side === side);
      return of.length > 0 ? [Math.max(...of)] : [];
    });
  const avg = (v: readonly number[]): number => (v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN);
  const fit = sideMaxima('fit');
  return {
    fitSideMean: avg(fit),
    fitSideMin: fit.length > 0 ? Math.min(...fit) : Number.NaN,
    anchorSideMean: avg(sideMaxima('anchor')),
    max: logits.length > 0 ? Math.max(...logits) : Number.NaN,
    mean: avg(logits),
  };
}

export interface EdgeCnn {
  /** Opens the session now and runs it once on a full batch of zero strips (the first run allocates). */
  load(): Promise<void>;
  /** Logits of NCHW strips (count x 3 x STRIP_ALONG x STRIP_ACROSS). */
  logits(strips: Float32Array, count: number): Promise<number[]>;
  dispose(): Promise<void>;
}

export function edgeCnn(path: string = EDGE_CNN_ONNX): EdgeCnn {
  let session: Promise<ModelSession> | null = null;
  const dims = (n: number): number[] => [n, STRIP_CHANNELS, STRIP_ALONG, STRIP_ACROSS];
  const open = (): Promise<ModelSession> => {
    if (session === null) {
      const zeros = new Float32Array(STRIPS_PER_DOCUMENT * STRIP_CHANNELS * STRIP_ALONG * STRIP_ACROSS);
      session = loadModel(path, { warmUp: { input: { dims: dims(STRIPS_PER_DOCUMENT), data: zeros } } }).catch((cause: unknown) => {
        session = null;
        throw new Error(`xenops-ps sheet-edge CNN ${path} could not be loaded; train it with lab/detectors/xenops-ps-strip-cnn.ts --onnx ${path} `, { cause });
      });
    }
    return session;
  };
  return {
    async load() {
      await open();
    },
    async logits(strips, count) {
      if (count === 0) return [];
      const out = await (await open()).run({ input: { dims: dims(count), data: strips } });
      return Array.from(out.logits!.data);
    },
    async dispose() {
      const s = session;
      session = null;
      if (s !== null) await (await s).dispose();
    },
  };
}
