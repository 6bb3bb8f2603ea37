// Linear filters on float rasters: Gaussian (lens PSF, defocus, ISP), motion streak, box downsampling.
import { scratchF32 } from './scratch.js';

/** Normalised 1-D Gaussian taps for offsets -radius..radius. */
export function gaussianKernel(sigma: number, radius: number): Float32Array {
  const kernel = new Float32Array(radius * 2 + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / sum;
  return kernel;
}

/** Gaussian blur in place of an interleaved raster with `channels` channels. Large sigmas use three box passes. */
export function gaussianBlur(data: Float32Array, width: number, height: number, channels: number, sigma: number, boxPasses = 3): void {
  if (!(sigma > 0.05)) return;
  if (sigma > 1.5) {
    // Three box filters approximate a Gaussian (central limit); box width from sigma^2 = n (w^2 - 1) / 12.
    const w = Math.max(1, Math.round(Math.sqrt((12 * sigma * sigma) / boxPasses + 1)));
    const r = (w - 1) >> 1;
    // Box filters along x and along y commute (each clamps at its own edges only), so all horizontal passes run on
    // a row while it is in cache, then all vertical passes, instead of alternating over the whole frame.
    boxRows(data, width, height, channels, r, boxPasses);
    for (let i = 0; i < boxPasses; i++) boxColumns(data, width, height, channels, r);
    return;
  }
  const kernel = gaussianKernel(sigma, Math.max(1, Math.ceil(sigma * 2.5)));
  convolve1d(data, width, height, channels, kernel, true);
  convolve1d(data, width, height, channels, kernel, false);
}

/**
 * Gaussian blur by direct convolution (taps to 3 sigma) at any sigma: exact where the three box passes of
 * `gaussianBlur` would be too coarse (sigmas of a few pixels, where the box widths are small integers and their
 * rounding changes the effective sigma by up to ~15 %). For small rasters (the coarse background).
 */
export function gaussianBlurDirect(data: Float32Array, width: number, height: number, channels: number, sigma: number): void {
  if (!(sigma > 0.05)) return;
  const kernel = gaussianKernel(sigma, Math.max(1, Math.ceil(sigma * 3)));
  convolve1d(data, width, height, channels, kernel, true);
  convolve1d(data, width, height, channels, kernel, false);
}

// The kernel is symmetric, so mirrored taps are added before the multiply (half the multiplies), and the vertical
// pass runs tap by tap over whole rows (long, simple inner loops instead of a tap loop per sample).
function convolve1d(data: Float32Array, width: number, height: number, channels: number, kernel: Float32Array, horizontal: boolean): void {
  const radius = (kernel.length - 1) >> 1;
  const k0 = kernel[radius]!;
  const half = new Float64Array(radius + 1);
  for (let j = 0; j <= radius; j++) half[j] = kernel[radius + j]!;
  if (horizontal) {
    // Each row copied into a mirror-padded buffer so the inner loop has no bounds logic.
    const padded = new Float32Array((width + 2 * radius) * channels);
    for (let y = 0; y < height; y++) {
      const base = y * width * channels;
      // The row itself in one block copy; only the 2 x radius mirrored samples need index logic.
      padded.set(data.subarray(base, base + width * channels), radius * channels);
      for (let i = -radius; i < width + radius; i++) {
        if (i >= 0 && i < width) {
          i = width - 1;
          continue;
        }
        let j = i < 0 ? -i : 2 * width - 2 - i;
        if (j < 0) j = 0;
        if (j >= width) j = width - 1;
        for (let c = 0; c < channels; c++) padded[(i + radius) * channels + c] = data[base + j * channels + c]!;
      }
      if (channels === 1 && radius <= 2) {
        const k1 = half[1]!;
        if (radius === 1) {
          for (let i = 0; i < width; i++) data[base + i] = padded[i + 1]! * k0 + (padded[i]! + padded[i + 2]!) * k1;
          continue;
        }
        const k2 = half[2]!;
        for (let i = 0; i < width; i++) {
          data[base + i] = padded[i + 2]! * k0 + (padded[i + 1]! + padded[i + 3]!) * k1 + (padded[i]! + padded[i + 4]!) * k2;
        }
        continue;
      }
      if (channels === 1) {
        for (let i = 0; i < width; i++) {
          const m = i + radius;
          let acc = padded[m]! * k0;
          for (let j = 1; j <= radius; j++) acc += (padded[m - j]! + padded[m + j]!) * half[j]!;
          data[base + i] = acc;
        }
        continue;
      }
      if (channels === 3 && radius <= 3) {
        // Lens PSF on the RGB frame (sigma 0.35-1.2 px): taps unrolled, same order of additions as the loop below.
        const k1 = half[1]!;
        const k2 = radius >= 2 ? half[2]! : 0;
        const k3 = radius === 3 ? half[3]! : 0;
        for (let i = 0; i < width; i++) {
          const m = (i + radius) * 3;
          const d = base + i * 3;
          for (let c = 0; c < 3; c++) {
            const q = m + c;
            let a = padded[q]! * k0;
            a += (padded[q - 3]! + padded[q + 3]!) * k1;
            if (radius >= 2) a += (padded[q - 6]! + padded[q + 6]!) * k2;
            if (radius === 3) a += (padded[q - 9]! + padded[q + 9]!) * k3;
            data[d + c] = a;
          }
        }
        continue;
      }
      if (channels === 3) {
        for (let i = 0; i < width; i++) {
          const m = (i + radius) * 3;
          let a0 = padded[m]! * k0;
          let a1 = padded[m + 1]! * k0;
          let a2 = padded[m + 2]! * k0;
          for (let j = 1; j <= radius; j++) {
            const w = half[j]!;
            const l = m - j * 3;
            const r = m + j * 3;
            a0 += (padded[l]! + padded[r]!) * w;
            a1 += (padded[l + 1]! + padded[r + 1]!) * w;
            a2 += (padded[l + 2]! + padded[r + 2]!) * w;
          }
          const d = base + i * 3;
          data[d] = a0;
          data[d + 1] = a1;
          data[d + 2] = a2;
        }
        continue;
      }
      for (let i = 0; i < width; i++) {
        for (let c = 0; c < channels; c++) {
          const m = (i + radius) * channels + c;
          let acc = padded[m]! * k0;
          for (let j = 1; j <= radius; j++) acc += (padded[m - j * channels]! + padded[m + j * channels]!) * half[j]!;
          data[base + i * channels + c] = acc;
        }
      }
    }
    return;
  }
  // Vertical: each output row is the centre row times k0 plus, per tap pair, the two mirrored rows' sum times its
  // weight, accumulated in a float64 row.
  const rowLen = width * channels;
  const src = scratchF32('filters.src', data.length);
  src.set(data);
  const acc = new Float64Array(rowLen);
  const mirror = (yy: number): number => {
    let v = yy < 0 ? -yy : yy >= height ? 2 * height - 2 - yy : yy;
    if (v < 0) v = 0;
    if (v >= height) v = height - 1;
    return v * rowLen;
  };
  if (radius <= 2) {
    // Small kernels (ISP and print blurs): all taps in one pass over the row, no accumulator row.
    const k1 = half[1]!;
    const k2 = radius === 2 ? half[2]! : 0;
    for (let y = 0; y < height; y++) {
      const c = y * rowLen;
      const u1 = mirror(y - 1);
      const d1 = mirror(y + 1);
      if (radius === 1) {
        for (let i = 0; i < rowLen; i++) data[c + i] = src[c + i]! * k0 + (src[u1 + i]! + src[d1 + i]!) * k1;
        continue;
      }
      const u2 = mirror(y - 2);
      const d2 = mirror(y + 2);
      for (let i = 0; i < rowLen; i++) data[c + i] = src[c + i]! * k0 + (src[u1 + i]! + src[d1 + i]!) * k1 + (src[u2 + i]! + src[d2 + i]!) * k2;
    }
    return;
  }
  if (radius === 3) {
    // Radius 3 (sigma 0.8-1.2): all taps in one pass, added in the order of the accumulator loop below.
    const k1 = half[1]!;
    const k2 = half[2]!;
    const k3 = half[3]!;
    for (let y = 0; y < height; y++) {
      const c = y * rowLen;
      const u1 = mirror(y - 1);
      const d1 = mirror(y + 1);
      const u2 = mirror(y - 2);
      const d2 = mirror(y + 2);
      const u3 = mirror(y - 3);
      const d3 = mirror(y + 3);
      for (let i = 0; i < rowLen; i++) {
        let a = src[c + i]! * k0;
        a += (src[u1 + i]! + src[d1 + i]!) * k1;
        a += (src[u2 + i]! + src[d2 + i]!) * k2;
        a += (src[u3 + i]! + src[d3 + i]!) * k3;
        data[c + i] = a;
      }
    }
    return;
  }
  for (let y = 0; y < height; y++) {
    const c = y * rowLen;
    for (let i = 0; i < rowLen; i++) acc[i] = src[c + i]! * k0;
    for (let j = 1; j <= radius; j++) {
      const up = mirror(y - j);
      const down = mirror(y + j);
      const w = half[j]!;
      for (let i = 0; i < rowLen; i++) acc[i] = acc[i]! + (src[up + i]! + src[down + i]!) * w;
    }
    for (let i = 0; i < rowLen; i++) data[c + i] = acc[i]!;
  }
}

function boxRows(data: Float32Array, width: number, height: number, channels: number, r: number, passes: number): void {
  const norm = 1 / (2 * r + 1);
  // One channel of the row at a time, padded with r + 1 copies of its end samples on each side so the running sum
  // needs no clamping: padded[k + p] is row[clamp(k)]. The passes ping-pong between two padded buffers.
  const p = r + 1;
  let a = new Float32Array(width + 2 * p);
  let b = new Float32Array(width + 2 * p);
  for (let y = 0; y < height; y++) {
    const base = y * width * channels;
    for (let c = 0; c < channels; c++) {
      for (let i = 0, o = base + c; i < width; i++, o += channels) a[i + p] = data[o]!;
      for (let pass = 0; pass < passes; pass++) {
        const first = a[p]!;
        const last = a[p + width - 1]!;
        for (let k = 0; k < p; k++) {
          a[k] = first;
          a[p + width + k] = last;
        }
        let acc = 0;
        for (let k = -r; k <= r; k++) acc += a[k + p]!;
        for (let i = 0; i < width; i++) {
          b[i + p] = acc * norm;
          acc += a[i + r + 1 + p]! - a[i - r + p]!;
        }
        const t = a;
        a = b;
        b = t;
      }
      for (let i = 0, o = base + c; i < width; i++, o += channels) data[o] = a[i + p]!;
    }
  }
}

// Vertical box pass with running column sums over whole rows. The rows about to be overwritten are kept in a ring
// of r + 1 rows (all the running sum still needs to subtract) instead of a copy of the whole frame.
function boxColumns(data: Float32Array, width: number, height: number, channels: number, r: number): void {
  const norm = 1 / (2 * r + 1);
  const rowLen = width * channels;
  const ringRows = r + 1;
  const ring = scratchF32('filters.ring', ringRows * rowLen);
  const acc = new Float64Array(rowLen);
  for (let k = -r; k <= r; k++) {
    const row = Math.min(height - 1, Math.max(0, k)) * rowLen;
    for (let i = 0; i < rowLen; i++) acc[i] = acc[i]! + data[row + i]!;
  }
  for (let y = 0; y < height; y++) {
    const out = y * rowLen;
    const keep = (y % ringRows) * rowLen;
    ring.set(data.subarray(out, out + rowLen), keep);
    if (y === height - 1) {
      for (let i = 0; i < rowLen; i++) data[out + i] = acc[i]! * norm;
      break;
    }
    // Row y - r was overwritten already (its original is in the ring); row y + r + 1 (> y) not yet.
    const add = Math.min(height - 1, y + r + 1) * rowLen;
    const rem = (Math.max(0, y - r) % ringRows) * rowLen;
    for (let i = 0; i < rowLen; i++) {
      data[out + i] = acc[i]! * norm;
      acc[i] = acc[i]! + data[add + i]! - ring[rem + i]!;
    }
  }
}

/** Hand shake during the exposure: the average of the image shifted along a straight streak of `length` pixels. */
export function motionBlur(data: Float32Array, width: number, height: number, channels: number, length: number, angle: number): void {
  if (!(length > 0.5)) return;
  const taps = Math.ceil(length) + 1;
  const src = scratchF32('filters.src', data.length);
  src.set(data);
  data.fill(0);
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const w = 1 / taps;
  const colA = new Int32Array(width);
  const colB = new Int32Array(width);
  for (let t = 0; t < taps; t++) {
    const s = (t / (taps - 1) - 0.5) * length;
    const ox = s * dx;
    const oy = s * dy;
    const ix = Math.floor(ox);
    const iy = Math.floor(oy);
    const fx = ox - ix;
    const fy = oy - iy;
    const w00 = (1 - fx) * (1 - fy) * w;
    const w10 = fx * (1 - fy) * w;
    const w01 = (1 - fx) * fy * w;
    const w11 = fx * fy * w;
    // Clamped source columns of this tap, computed once instead of per pixel and row.
    for (let x = 0; x < width; x++) {
      colA[x] = Math.min(width - 1, Math.max(0, x + ix)) * channels;
      colB[x] = Math.min(width - 1, Math.max(0, x + ix + 1)) * channels;
    }
    for (let y = 0; y < height; y++) {
      const ya = Math.min(height - 1, Math.max(0, y + iy)) * width * channels;
      const yb = Math.min(height - 1, Math.max(0, y + iy + 1)) * width * channels;
      const row = y * width * channels;
      for (let x = 0; x < width; x++) {
        const o = row + x * channels;
        const xa = colA[x]!;
        const xb = colB[x]!;
        const a = ya + xa;
        const b = ya + xb;
        const c = yb + xa;
        const d = yb + xb;
        if (channels === 3) {
          data[o] = data[o]! + src[a]! * w00 + src[b]! * w10 + src[c]! * w01 + src[d]! * w11;
          data[o + 1] = data[o + 1]! + src[a + 1]! * w00 + src[b + 1]! * w10 + src[c + 1]! * w01 + src[d + 1]! * w11;
          data[o + 2] = data[o + 2]! + src[a + 2]! * w00 + src[b + 2]! * w10 + src[c + 2]! * w01 + src[d + 2]! * w11;
          continue;
        }
        for (let ch = 0; ch < channels; ch++) data[o + ch] = data[o + ch]! + src[a + ch]! * w00 + src[b + ch]! * w10 + src[c + ch]! * w01 + src[d + ch]! * w11;
      }
    }
  }
}
