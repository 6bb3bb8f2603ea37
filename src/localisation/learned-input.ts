// The learned localiser's input: the image downscaled so its long side is `side` pixels, centred on a black
// side x side square (letterbox). Training (lab/localiser) and inference use this same function, so the net sees
// exactly the pixels it was trained on.
import type { Point } from '../domain/types.js';
import { downscale } from '../image/raster.js';
import type { RgbImage } from '../image/types.js';

export interface Letterbox {
  /** side x side x 3 bytes, interleaved RGB (NHWC order), black outside the image. */
  readonly pixels: Uint8Array;
  readonly side: number;
  /** Input-square pixel = image pixel * scale + offset. */
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

export async function letterbox(image: RgbImage, side: number): Promise<Letterbox> {
  const small = await downscale(image, side);
  // A small image is enlarged by pasting at its own size: the net was trained on downscaled frames only.
  const scale = small.width / image.width;
  const offsetX = Math.floor((side - small.width) / 2);
  const offsetY = Math.floor((side - small.height) / 2);
  const pixels = new Uint8Array(side * side * 3);
  for (let y = 0; y < small.height; y++) {
    pixels.set(small.data.subarray(y * small.width * 3, (y + 1) * small.width * 3), ((offsetY + y) * side + offsetX) * 3);
  }
  return { pixels, side, scale, offsetX, offsetY };
}

/** Image pixel -> input-square pixel. */
export function toInput(box: Letterbox, [x, y]: Point): Point {
  return [x * box.scale + box.offsetX, y * box.scale + box.offsetY];
}

/** Input-square pixel -> image pixel. */
export function fromInput(box: Letterbox, [x, y]: Point): Point {
  return [(x - box.offsetX) / box.scale, (y - box.offsetY) / box.scale];
}

/** NCHW float input (values / 255) for onnxruntime. */
export function toNchw(pixels: Uint8Array, side: number): Float32Array {
  const plane = side * side;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    out[i] = (pixels[i * 3] as number) / 255;
    out[plane + i] = (pixels[i * 3 + 1] as number) / 255;
    out[2 * plane + i] = (pixels[i * 3 + 2] as number) / 255;
  }
  return out;
}
