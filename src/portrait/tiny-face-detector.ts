// Face detection with face-api's tiny face detector (MIT), converted to ONNX by lab/face/export-tiny-face-onnx.ts.
// Pre- and post-processing follow face-api's TinyYolov2Base exactly (pad to square at the bottom/right, bilinear
// resize without half-pixel centres, sigmoid / exp box decoding, NMS at IoU 0.4), so scores match face-api's.
import type { Box } from '../domain/types.js';
import type { GreyImage, RgbImage } from '../image/types.js';
import { loadModel, type ModelSession } from '../inference/session.js';
import { boxIou } from './boxes.js';

export const TINY_FACE_ANCHORS: readonly (readonly [number, number])[] = [
  [1.603231, 2.094468], [6.041143, 7.080126], [2.882459, 3.518061], [4.266906, 5.178857], [9.041765, 10.66308],
];
const NMS_IOU = 0.4;

/**
 * The face model the product runs: face-api's tiny face detector with its head fine-tuned on lab document portraits
 * (lab/face/finetune-portrait-faces.ts, docs/models.md). models/tiny-face-detector.onnx stays face-api's own weights.
 */
export const PORTRAIT_FACE_MODEL = 'portrait-face-detector.onnx';

/** Detector input side used by the portrait search. */
export const PORTRAIT_INPUT_SIZE = 224;

export interface FaceBox extends Box {
  readonly score: number;
}

export class TinyFaceDetector {
  private constructor(private readonly session: ModelSession, readonly inputSize: number) {}

  /**
   * inputSize must be a multiple of 32 (face-api uses 160, 224, 320, 416, 512, 608). The portrait search shows it
   * square windows of the document, where 224 finds more lab portraits than 320 at half the cost (docs/quality.md).
   */
  static async load(modelPath: string, inputSize = PORTRAIT_INPUT_SIZE): Promise<TinyFaceDetector> {
    if (inputSize % 32 !== 0) throw new Error(`tiny face detector input size must be a multiple of 32, got ${inputSize}`);
    const zeros = { dims: [1, 3, inputSize, inputSize], data: new Float32Array(3 * inputSize * inputSize) };
    const session = await loadModel(modelPath, { warmUp: { image: zeros } });
    return new TinyFaceDetector(session, inputSize);
  }

  /** Raw network output [1, 25, G, G] for an image already prepared by prepareInput (tests compare it with tfjs). */
  async forward(input: Float32Array, inputSize = this.inputSize): Promise<Float32Array> {
    const s = inputSize;
    const out = await this.session.run({ image: { dims: [1, 3, s, s], data: input } });
    const grid = out.grid;
    if (grid === undefined) throw new Error('tiny face detector: no "grid" output');
    return grid.data;
  }

  /**
   * Faces with score >= minScore, in `image` pixels, best first; inputSize (a multiple of 32) overrides the loaded
   * size. A grey image is shown to the net as R = G = B.
   */
  async detect(image: RgbImage | GreyImage, minScore = 0.3, inputSize = this.inputSize): Promise<FaceBox[]> {
    if (inputSize % 32 !== 0) throw new Error(`tiny face detector input size must be a multiple of 32, got ${inputSize}`);
    const input = 'grey' in image ? prepareGreyInput(image, inputSize) : prepareInput(image, inputSize);
    const grid = await this.forward(input, inputSize);
    return decodeFaces(grid, image.width, image.height, minScore);
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

/**
 * Zero-pads the image to a square at the right / bottom and resizes it to size x size (tfjs resizeBilinear,
 * alignCorners = false, halfPixelCenters = false); returns NCHW float RGB 0..255.
 */
export function prepareInput(image: RgbImage, size: number): Float32Array {
  const out = new Float32Array(3 * size * size);
  const columns = sourceColumns(image.width, image.height, size, 3);
  for (let c = 0; c < 3; c++) resizeChannel(image.data, image.width, image.height, 3, c, size, columns, out, c * size * size);
  return out;
}

/**
 * prepareInput of the RGB image whose three channels are `image`'s grey levels, bit for bit: the channel is resized
 * once and copied to G and B.
 */
export function prepareGreyInput(image: GreyImage, size: number): Float32Array {
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  resizeChannel(image.grey, image.width, image.height, 1, 0, size, sourceColumns(image.width, image.height, size, 1), out, 0);
  out.copyWithin(plane, 0, plane);
  out.copyWithin(2 * plane, 0, plane);
  return out;
}

/**
 * Source columns (byte offsets of pixels of `bytes` bytes, -1 = the zero padding) and weights once per output
 * column. x0 and x1 grow with x, so the columns whose two sources are both inside the image are a prefix,
 * 0 .. inner - 1.
 */
interface SourceColumns { readonly cx0: Int32Array; readonly cx1: Int32Array; readonly wx: Float64Array; readonly vx: Float64Array; readonly inner: number }

function sourceColumns(width: number, height: number, size: number, bytes: number): SourceColumns {
  const side = Math.max(width, height);
  const scale = side / size;
  const cx0 = new Int32Array(size), cx1 = new Int32Array(size), wx = new Float64Array(size), vx = new Float64Array(size);
  let inner = 0;
  for (let x = 0; x < size; x++) {
    const sx = x * scale, x0 = Math.floor(sx), x1 = Math.min(x0 + 1, side - 1);
    cx0[x] = x0 < width ? x0 * bytes : -1; cx1[x] = x1 < width ? x1 * bytes : -1; wx[x] = sx - x0; vx[x] = 1 - wx[x]!;
    if (inner === x && cx0[x]! >= 0 && cx1[x]! >= 0) inner = x + 1;
  }
  return { cx0, cx1, wx, vx, inner };
}

/** Channel c of the padded bilinear resize into out[offset .. offset + size * size). */
function resizeChannel(data: Uint8Array, width: number, height: number, bytes: number, c: number, size: number, columns: SourceColumns, out: Float32Array, offset: number): void {
  const side = Math.max(width, height);
  const scale = side / size;
  const { cx0, cx1, wx, vx, inner } = columns;
  for (let y = 0; y < size; y++) {
    const sy = y * scale;
    const y0 = Math.floor(sy), y1 = Math.min(y0 + 1, side - 1), fy = sy - y0;
    const r0 = y0 < height ? y0 * width * bytes + c : -1, r1 = y1 < height ? y1 * width * bytes + c : -1;
    let x = 0;
    if (r0 >= 0 && r1 >= 0) {
      // Inside the image: the same arithmetic without the padding tests.
      for (let o = offset + y * size; x < inner; x++, o++) {
        const a = cx0[x]!, b = cx1[x]!, fx = wx[x]!, gx = vx[x]!;
        const top = data[r0 + a]! * gx + data[r0 + b]! * fx, bottom = data[r1 + a]! * gx + data[r1 + b]! * fx;
        out[o] = top + (bottom - top) * fy;
      }
    }
    for (; x < size; x++) {
      const a = cx0[x]!, b = cx1[x]!, fx = wx[x]!;
      const v00 = r0 >= 0 && a >= 0 ? data[r0 + a]! : 0, v01 = r0 >= 0 && b >= 0 ? data[r0 + b]! : 0;
      const v10 = r1 >= 0 && a >= 0 ? data[r1 + a]! : 0, v11 = r1 >= 0 && b >= 0 ? data[r1 + b]! : 0;
      const top = v00 * (1 - fx) + v01 * fx;
      const bottom = v10 * (1 - fx) + v11 * fx;
      out[offset + y * size + x] = top + (bottom - top) * fy;
    }
  }
}

export function decodeFaces(grid: Float32Array, width: number, height: number, minScore: number): FaceBox[] {
  const cells = Math.round(Math.sqrt(grid.length / 25));
  const plane = cells * cells;
  const side = Math.max(width, height);
  const boxes: FaceBox[] = [];
  for (let row = 0; row < cells; row++) {
    for (let col = 0; col < cells; col++) {
      for (let a = 0; a < TINY_FACE_ANCHORS.length; a++) {
        const v = (k: number): number => grid[(a * 5 + k) * plane + row * cells + col] as number;
        const score = sigmoid(v(4));
        if (score < minScore) continue;
        const [aw, ah] = TINY_FACE_ANCHORS[a]!;
        const cx = (col + sigmoid(v(0))) / cells, cy = (row + sigmoid(v(1))) / cells;
        const w = (Math.exp(v(2)) * aw) / cells, h = (Math.exp(v(3)) * ah) / cells;
        // Relative to the padded square, i.e. to `side` pixels.
        boxes.push({ x: (cx - w / 2) * side, y: (cy - h / 2) * side, width: w * side, height: h * side, score });
      }
    }
  }
  boxes.sort((p, q) => q.score - p.score);
  const kept: FaceBox[] = [];
  for (const b of boxes) if (kept.every((k) => boxIou(k, b) <= NMS_IOU)) kept.push(b);
  return kept;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
