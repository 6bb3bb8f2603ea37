// robin-pc's raster: the 640-px canonical document read at every second pixel of every second row (320 px wide).
// The colour, paper, OVD and greyness cues are distributions (percentiles, shares, spreads) that a quarter of the
// samples estimates as well, and reading a quarter of the pixels is what makes robin-pc >= 3x faster than
// woodpecker-pc, which reads the full canonical raster and native-resolution patches. Nearest sampling rather than
// a 2x2 mean keeps each sample's own noise and fibre texture (a mean would smooth the paper-texture cue away).
import type { RgbImage } from '../../image/types.js';
import type { RgbPlanes } from '../../features/planes.js';

export function decimatedPlanes(image: RgbImage, step = 2): RgbPlanes {
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`decimation step must be a positive integer, got ${step}`);
  const channels = image.data.length / (image.width * image.height);
  if (channels !== 3) throw new RangeError(`decimatedPlanes expects interleaved 8-bit RGB, got ${channels} channels`);
  const width = Math.max(1, Math.ceil(image.width / step));
  const height = Math.max(1, Math.ceil(image.height / step));
  const r = new Float32Array(width * height);
  const g = new Float32Array(width * height);
  const b = new Float32Array(width * height);
  const src = image.data;
  let o = 0;
  for (let y = 0; y < height; y++) {
    let s = y * step * image.width * 3;
    for (let x = 0; x < width; x++, o++, s += step * 3) {
      r[o] = src[s]!;
      g[o] = src[s + 1]!;
      b[o] = src[s + 2]!;
    }
  }
  return { width, height, r, g, b };
}
