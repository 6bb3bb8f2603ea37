// Colour edge map at working resolution: per pixel, the Sobel gradient of whichever RGB channel changes most, so
// that a white card on a beige desk (an edge mostly in blue) is as visible as a dark card on a white sheet.
import { boxBlur } from '../image/raster.js';
import type { Plane, RgbImage } from '../image/types.js';

export interface EdgeMap {
  readonly width: number;
  readonly height: number;
  readonly gx: Float32Array;
  readonly gy: Float32Array;
  readonly magnitude: Float32Array;
}

let blurScratch = { a: new Float32Array(0), b: new Float32Array(0) };

export function colourEdges(image: RgbImage): EdgeMap {
  const { width, height } = image;
  const n = width * height;
  const gx = new Float32Array(n), gy = new Float32Array(n), magnitude = new Float32Array(n);
  if (n === 0) return { width, height, gx, gy, magnitude };
  // Two scratch planes for all three channels, reused across frames: every pass overwrites all of its output.
  if (blurScratch.a.length < n) blurScratch = { a: new Float32Array(n), b: new Float32Array(n) };
  const a = blurScratch.a.subarray(0, n), b = blurScratch.b.subarray(0, n);
  for (let c = 0; c < 3; c++) {
    // Light smoothing (two 3x3 box passes): removes JPEG ringing and paper texture, keeps the document's border
    // step. The first row pass reads the channel straight from the interleaved pixels.
    blurChannelRowsInto(image.data, c, b, width, height);
    blurColumns3Into(b, a, width, height);
    blurRows3Into(a, b, width, height);
    blurColumns3Into(b, a, width, height);
    maxSobelInto(a, width, height, gx, gy, magnitude);
  }
  return { width, height, gx, gy, magnitude };
}

// The 3-sample box filters below give the values of raster.ts blurRows / blurColumns (radius 1, running sums in
// float64) exactly: every value here is a non-negative float32 below 2^8, and a non-zero one is at least about 1/81
// (one byte unit spread by four 3-sample passes), so its last bit is worth at least 2^-31. Each sum of three (and
// each running sum) thus needs under 42 of float64's 53 bits and is exact whatever the order of the additions; the
// division by 3 and the float32 store are the same.

/** Row blur (radius 1, borders replicated) of channel `c` of interleaved RGB bytes. */
function blurChannelRowsInto(rgb: Uint8Array, c: number, out: Float32Array, width: number, height: number): void {
  for (let y = 0; y < height; y++) {
    const base = y * width, src = base * 3 + c;
    if (width === 1) { out[base] = (3 * rgb[src]!) / 3; continue; }
    let left = rgb[src]!, centre = left, right = rgb[src + 3]!;
    out[base] = (left + centre + right) / 3;
    for (let x = 1; x < width - 1; x++) {
      left = centre; centre = right; right = rgb[src + 3 * (x + 1)]!;
      out[base + x] = (left + centre + right) / 3;
    }
    out[base + width - 1] = (centre + right + right) / 3;
  }
}

/** Row blur (radius 1, borders replicated). */
function blurRows3Into(src: Float32Array, out: Float32Array, width: number, height: number): void {
  for (let y = 0; y < height; y++) {
    const base = y * width;
    if (width === 1) { out[base] = (3 * src[base]!) / 3; continue; }
    let left = src[base]!, centre = left, right = src[base + 1]!;
    out[base] = (left + centre + right) / 3;
    for (let x = 1; x < width - 1; x++) {
      left = centre; centre = right; right = src[base + x + 1]!;
      out[base + x] = (left + centre + right) / 3;
    }
    out[base + width - 1] = (centre + right + right) / 3;
  }
}

/** Column blur (radius 1, borders replicated). */
function blurColumns3Into(src: Float32Array, out: Float32Array, width: number, height: number): void {
  for (let y = 0; y < height; y++) {
    const y0 = y * width, ym = y > 0 ? y0 - width : y0, yp = y < height - 1 ? y0 + width : y0;
    for (let x = 0; x < width; x++) out[y0 + x] = (src[ym + x]! + src[y0 + x]! + src[yp + x]!) / 3;
  }
}

/** raster.ts sobel (borders replicated), keeping per pixel the gradient of the largest magnitude seen so far. */
function maxSobelInto(data: Float32Array, width: number, height: number, gx: Float32Array, gy: Float32Array, magnitude: Float32Array): void {
  for (let y = 0; y < height; y++) {
    const ym = (y > 0 ? y - 1 : 0) * width, y0 = y * width, yp = (y < height - 1 ? y + 1 : y) * width;
    // The border columns replicate; the interior needs no clamping.
    maxSobelPixel(data, ym, y0, yp, 0, 0, width > 1 ? 1 : 0, gx, gy, magnitude);
    for (let x = 1; x < width - 1; x++) maxSobelPixel(data, ym, y0, yp, x - 1, x, x + 1, gx, gy, magnitude);
    if (width > 1) maxSobelPixel(data, ym, y0, yp, width - 2, width - 1, width - 1, gx, gy, magnitude);
  }
}

function maxSobelPixel(data: Float32Array, ym: number, y0: number, yp: number, xm: number, x: number, xp: number, gx: Float32Array, gy: Float32Array, magnitude: Float32Array): void {
  const a = data[ym + xm]!, b = data[ym + x]!, c = data[ym + xp]!;
  const d = data[y0 + xm]!, f = data[y0 + xp]!;
  const g = data[yp + xm]!, h = data[yp + x]!, k = data[yp + xp]!;
  const sx = c + 2 * f + k - a - 2 * d - g;
  const sy = g + 2 * h + k - a - 2 * b - c;
  const i = y0 + x, q = sx * sx + sy * sy, kept = magnitude[i]!;
  // No square root where this channel cannot win: kept^2 is exact in float64 and sqrt is correctly rounded and
  // monotonic, so q <= kept^2 implies fround(sqrt(q)) <= kept, the case the test below rejects anyway.
  if (q <= kept * kept) return;
  // Rounded to float32 first, as the stored magnitude of the plane-based version was.
  const m = Math.fround(Math.sqrt(q));
  if (m > kept) {
    magnitude[i] = m;
    gx[i] = sx;
    gy[i] = sy;
  }
}

let maskScratch = new Float32Array(0);

/** Fraction of strong-edge pixels in a (2r+1)^2 window around each pixel: where there is print or texture. */
export function edgeDensity(edges: EdgeMap, threshold: number, radius: number): Plane {
  const n = edges.width * edges.height;
  // The 0/1 mask only feeds the blur, which returns a new plane: its buffer is reused across frames.
  if (maskScratch.length < n) maskScratch = new Float32Array(n);
  const mask: Plane = { width: edges.width, height: edges.height, data: maskScratch.subarray(0, n) };
  for (let i = 0; i < n; i++) mask.data[i] = (edges.magnitude[i] as number) > threshold ? 1 : 0;
  return boxBlur(mask, radius, 1);
}
