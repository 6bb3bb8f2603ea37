// Linear filters on float rasters: Gaussian (lens PSF, defocus, ISP), motion streak, box downsampling.

/** Gaussian blur in place of an interleaved raster with `channels` channels. Large sigmas use three box passes. */
export function gaussianBlur(data: Float32Array, width: number, height: number, channels: number, sigma: number, boxPasses = 3): void {
  if (!(sigma > 0.05)) return;
  if (sigma > 1.5) {
    // Three box filters approximate a Gaussian (central limit); box width from sigma^2 = n (w^2 - 1) / 12.
    const w = Math.max(1, Math.round(Math.sqrt((12 * sigma * sigma) / boxPasses + 1)));
    const r = (w - 1) >> 1;
    for (let i = 0; i < boxPasses; i++) {
      boxPass(data, width, height, channels, r, true);
      boxPass(data, width, height, channels, r, false);
    }
    return;
  }
  const radius = Math.max(1, Math.ceil(sigma * 2.5));
  const kernel = new Float32Array(radius * 2 + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / sum;
  convolve1d(data, width, height, channels, kernel, true);
  convolve1d(data, width, height, channels, kernel, false);
}

function convolve1d(data: Float32Array, width: number, height: number, channels: number, kernel: Float32Array, horizontal: boolean): void {
  const radius = (kernel.length - 1) >> 1;
  const taps = kernel.length;
  if (horizontal) {
    // Each row copied into a mirror-padded buffer so the inner loop has no bounds logic.
    const padded = new Float32Array((width + 2 * radius) * channels);
    if (channels === 1) {
      for (let y = 0; y < height; y++) {
        const base = y * width;
        padded.set(data.subarray(base, base + width), radius);
        for (let i = 1; i <= radius; i++) {
          padded[radius - i] = data[base + Math.min(width - 1, i)]!;
          padded[radius + width - 1 + i] = data[base + Math.max(0, width - 1 - i)]!;
        }
        for (let i = 0; i < width; i++) {
          let acc = 0;
          for (let k = 0; k < taps; k++) acc += padded[i + k]! * kernel[k]!;
          data[base + i] = acc;
        }
      }
      return;
    }
    for (let y = 0; y < height; y++) {
      const base = y * width * channels;
      for (let i = -radius; i < width + radius; i++) {
        let j = i < 0 ? -i : i >= width ? 2 * width - 2 - i : i;
        if (j < 0) j = 0;
        if (j >= width) j = width - 1;
        for (let c = 0; c < channels; c++) padded[(i + radius) * channels + c] = data[base + j * channels + c]!;
      }
      if (channels === 3) {
        for (let i = 0; i < width; i++) {
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let o = i * 3;
          for (let k = 0; k < taps; k++, o += 3) {
            const w = kernel[k]!;
            a0 += padded[o]! * w;
            a1 += padded[o + 1]! * w;
            a2 += padded[o + 2]! * w;
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
          let acc = 0;
          let o = i * channels + c;
          for (let k = 0; k < taps; k++, o += channels) acc += padded[o]! * kernel[k]!;
          data[base + i * channels + c] = acc;
        }
      }
    }
    return;
  }
  // Vertical: for each output row, sum the 2r+1 source rows (mirrored at the borders) element by element.
  const rowLen = width * channels;
  const src = data.slice();
  const offsets = new Int32Array(taps);
  for (let y = 0; y < height; y++) {
    for (let k = 0; k < taps; k++) {
      let yy = y + k - radius;
      if (yy < 0) yy = -yy;
      else if (yy >= height) yy = 2 * height - 2 - yy;
      if (yy < 0) yy = 0;
      if (yy >= height) yy = height - 1;
      offsets[k] = yy * rowLen;
    }
    const out = y * rowLen;
    for (let i = 0; i < rowLen; i++) {
      let acc = 0;
      for (let k = 0; k < taps; k++) acc += src[offsets[k]! + i]! * kernel[k]!;
      data[out + i] = acc;
    }
  }
}

function boxPass(data: Float32Array, width: number, height: number, channels: number, r: number, horizontal: boolean): void {
  const norm = 1 / (2 * r + 1);
  if (horizontal) {
    const buf = new Float32Array(width);
    for (let y = 0; y < height; y++) {
      const base = y * width * channels;
      for (let c = 0; c < channels; c++) {
        for (let i = 0; i < width; i++) buf[i] = data[base + i * channels + c]!;
        let acc = 0;
        for (let k = -r; k <= r; k++) acc += buf[Math.min(width - 1, Math.max(0, k))]!;
        for (let i = 0; i < width; i++) {
          data[base + i * channels + c] = acc * norm;
          acc += buf[Math.min(width - 1, i + r + 1)]! - buf[Math.max(0, i - r)]!;
        }
      }
    }
    return;
  }
  const rowLen = width * channels;
  const src = data.slice();
  const acc = new Float64Array(rowLen);
  for (let k = -r; k <= r; k++) {
    const row = Math.min(height - 1, Math.max(0, k)) * rowLen;
    for (let i = 0; i < rowLen; i++) acc[i] = acc[i]! + src[row + i]!;
  }
  for (let y = 0; y < height; y++) {
    const out = y * rowLen;
    const add = Math.min(height - 1, y + r + 1) * rowLen;
    const rem = Math.max(0, y - r) * rowLen;
    for (let i = 0; i < rowLen; i++) {
      data[out + i] = acc[i]! * norm;
      acc[i] = acc[i]! + src[add + i]! - src[rem + i]!;
    }
  }
}

/** Hand shake during the exposure: the average of the image shifted along a straight streak of `length` pixels. */
export function motionBlur(data: Float32Array, width: number, height: number, channels: number, length: number, angle: number): void {
  if (!(length > 0.5)) return;
  const taps = Math.ceil(length) + 1;
  const src = data.slice();
  data.fill(0);
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const w = 1 / taps;
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
    for (let y = 0; y < height; y++) {
      const ya = Math.min(height - 1, Math.max(0, y + iy));
      const yb = Math.min(height - 1, Math.max(0, y + iy + 1));
      for (let x = 0; x < width; x++) {
        const xa = Math.min(width - 1, Math.max(0, x + ix));
        const xb = Math.min(width - 1, Math.max(0, x + ix + 1));
        const o = (y * width + x) * channels;
        const a = (ya * width + xa) * channels;
        const b = (ya * width + xb) * channels;
        const c = (yb * width + xa) * channels;
        const d = (yb * width + xb) * channels;
        for (let ch = 0; ch < channels; ch++) data[o + ch] = data[o + ch]! + src[a + ch]! * w00 + src[b + ch]! * w10 + src[c + ch]! * w01 + src[d + ch]! * w11;
      }
    }
  }
}
