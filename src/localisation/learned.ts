// The learned document localiser (models/localiser, trained by lab/localiser/train.ts): a small fully-convolutional
// net that marks document interiors on a letterboxed low-resolution copy of the image; maskQuads turns the mask into
// quads in image pixels. Loaded once per engine like the face detector.
import { readFileSync } from 'node:fs';
import type { Point, Quad } from '../domain/types.js';
import type { RgbImage } from '../image/types.js';
import { loadModel, type ModelSession } from '../inference/session.js';
import { refineQuad } from './refine.js';
import { insideConvex } from './geometry.js';
import { fromInput, letterbox, toInput, toNchw, type Letterbox } from './learned-input.js';
import { DEFAULT_MASK_QUAD_OPTIONS, maskQuads, type MaskQuadOptions } from './mask-quads.js';

export interface LearnedLocaliserInfo {
  readonly version: number;
  readonly inputSide: number;
  readonly stride: number;
  /** Mask-to-quad settings chosen on val for this model (model.json `maskQuads`); default DEFAULT_MASK_QUAD_OPTIONS. */
  readonly maskQuads: MaskQuadOptions;
}

export interface DocumentMask {
  readonly box: Letterbox;
  /** maskSide x maskSide probabilities, row-major. */
  readonly mask: Float32Array;
  readonly maskSide: number;
  readonly stride: number;
}

export interface LearnedQuad {
  /** Clockwise, in image pixels. */
  readonly quad: Quad;
  readonly score: number;
}

function readInfo(path: string): LearnedLocaliserInfo {
  const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<Record<keyof LearnedLocaliserInfo, unknown>>;
  const { version, inputSide, stride, maskQuads } = info;
  if (typeof version !== 'number' || typeof inputSide !== 'number' || typeof stride !== 'number' || inputSide % stride !== 0) {
    throw new Error(`${path}: expected { version, inputSide, stride } with inputSide a multiple of stride, got ${JSON.stringify({ version, inputSide, stride })}`);
  }
  return { version, inputSide, stride, maskQuads: readMaskQuads(path, maskQuads) };
}

/** A finer mask has more, smaller cells: its noise threshold in cells is stored with the model. */
function readMaskQuads(path: string, value: unknown): MaskQuadOptions {
  if (value === undefined) return DEFAULT_MASK_QUAD_OPTIONS;
  const { threshold, minCells } = (value ?? {}) as { threshold?: unknown; minCells?: unknown };
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1) || typeof minCells !== 'number' || !Number.isInteger(minCells) || minCells < 1) {
    throw new Error(`${path}: maskQuads must be { threshold: number in (0, 1), minCells: positive integer }, got ${JSON.stringify(value)}`);
  }
  return { threshold, minCells };
}

export class LearnedLocaliser {
  private constructor(private readonly session: ModelSession, readonly info: LearnedLocaliserInfo) {}

  /** `dir` holds model.onnx and model.json (input side, stride, version). */
  static async load(dir: string): Promise<LearnedLocaliser> {
    const info = readInfo(`${dir}/model.json`);
    const s = info.inputSide;
    const session = await loadModel(`${dir}/model.onnx`, { warmUp: { input: { dims: [1, 3, s, s], data: new Float32Array(3 * s * s) } } });
    return new LearnedLocaliser(session, info);
  }

  async mask(image: RgbImage): Promise<DocumentMask> {
    const s = this.info.inputSide;
    const box = await letterbox(image, s);
    const out = await this.session.run({ input: { dims: [1, 3, s, s], data: toNchw(box.pixels, s) } });
    const probabilities = out.probabilities;
    if (probabilities === undefined) throw new Error('learned localiser: no "probabilities" output');
    return { box, mask: probabilities.data, maskSide: s / this.info.stride, stride: this.info.stride };
  }

  /** Document quads in image pixels, best first. */
  async locate(image: RgbImage, options: MaskQuadOptions = this.info.maskQuads): Promise<{ mask: DocumentMask; quads: LearnedQuad[] }> {
    const mask = await this.mask(image);
    const quads = maskQuads(mask.mask, mask.maskSide, options).map((q) => ({
      quad: q.quad.map(([x, y]) => fromInput(mask.box, [x * mask.stride, y * mask.stride])) as unknown as Quad,
      score: q.score,
    }));
    return { mask, quads };
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

/** Mean mask probability inside `quad` (image pixels), sampled at the mask's cell centres. */
export function maskSupport(mask: DocumentMask, quad: readonly Point[]): number {
  const { box, maskSide, stride } = mask;
  const inInput = quad.map((p) => toInput(box, p));
  let sum = 0, n = 0;
  for (let cy = 0; cy < maskSide; cy++) {
    for (let cx = 0; cx < maskSide; cx++) {
      const px = (cx + 0.5) * stride, py = (cy + 0.5) * stride;
      if (!insideConvex(inInput, px, py)) continue;
      sum += mask.mask[cy * maskSide + cx] as number;
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}


/** How far (working-image pixels, 480 px long side) a side of a learned quad may move in its first refinement. */
const LEARNED_SEED_RADIUS = 14;

/**
 * Refines a learned quad (a mask outline, about a cell off) on `fine`: a wide search finds the border, then the
 * usual narrow one fits it. `workingPx` = pixels of `fine` per working-image pixel.
 */
export function refineLearnedQuad(fine: RgbImage, quad: Quad, workingPx: number): Quad {
  return refineQuad(fine, refineQuad(fine, quad, LEARNED_SEED_RADIUS * workingPx), 2 * workingPx);
}
