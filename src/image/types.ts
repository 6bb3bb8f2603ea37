// Raster types shared by the front-end. Pixels are 8-bit sRGB, interleaved, row-major, no padding.

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 3 bytes, R G B. */
  readonly data: Uint8Array;
}

/** One 8-bit grey channel, row-major: what the face detector is shown (it repeats the channel as R, G and B). */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  /** width * height bytes. */
  readonly grey: Uint8Array;
}

/** One float channel (grey level, gradient magnitude ...), row-major. */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export function createPlane(width: number, height: number): Plane {
  return { width, height, data: new Float32Array(width * height) };
}
