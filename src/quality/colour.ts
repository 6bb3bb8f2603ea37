// Colourlessness of the document. In linear light, a grey document under any illuminant reflects the illuminant's
// colour in proportion: every pixel has the same chromaticity (r, g) = (R, G) / (R + G + B), whatever its
// brightness, and a warm, cold or dim light only moves that one point. A colour document spreads its pixels over
// several chromaticities. The spread is read as a high percentile of the distance to the median chromaticity, so
// that a few coloured fingernails over a grey copy do not make it colourful.
import { boxBlur } from '../image/raster.js';
import { createPlane, type RgbImage } from '../image/types.js';
import { kthSmallest, selectKth } from './order-statistic.js';

export interface ColourStats {
  /**
   * Coherent colour: the 8th largest mean chromaticity offset (from the median) among the cells of a 16 x 10 grid
   * over the inner part of the document (12 % margin on each side). The colourless rule reads this.
   */
  readonly coherentChroma: number;
  /** 90th percentile of the chromaticity distance to the median chromaticity (0 = perfectly grey). */
  readonly chromaSpread: number;
  /** Fraction of measured pixels farther than 0.05 from the median chromaticity. */
  readonly colourfulFraction: number;
}

const LINEAR = (() => {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) {
    const c = v / 255;
    lut[v] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  return lut;
})();

/** Pixels darker than this (linear luminance) are left out: their chromaticity is noise. */
const MIN_LINEAR_LUMA = 0.02;

/**
 * Block size of the averaging done first: chroma subsampling and demosaicing leave colour fringes on the edges of
 * black print, symmetric and a pixel or two wide, which averaging over 4x4 blocks cancels; print colour survives.
 */
const BLOCK = 4;

/**
 * The document's chromaticities after the local white balance: one (r, g) per 4x4 block, NaN where the block is
 * clipped or too dark to carry a chromaticity. Grid of width x height blocks.
 */
export interface ChromaGrid {
  readonly width: number;
  readonly height: number;
  readonly r: Float32Array;
  readonly g: Float32Array;
}

export interface WhiteBalanceOptions {
  /** Blocks darker than this linear luminance carry no chromaticity. */
  readonly minLinearLuma: number;
  /** Radius of the local white balance as a fraction of the document's long side. */
  readonly radiusFraction: number;
}

const DEFAULT_WHITE_BALANCE: WhiteBalanceOptions = { minLinearLuma: MIN_LINEAR_LUMA, radiusFraction: 1 / 8 };

export function whiteBalancedChroma(full: RgbImage, options: WhiteBalanceOptions = DEFAULT_WHITE_BALANCE): ChromaGrid {
  const doc = blockAverageLinear(full, BLOCK);
  const { width, height } = doc;
  const n = width * height;
  // The light's colour changes slowly across the document (a pink lamp on one side, daylight on the other):
  // divide each channel by its local mean over a quarter of the document so that only print colour remains.
  const radius = Math.max(4, Math.round(Math.max(width, height) * options.radiusFraction));
  const local = [0, 1, 2].map((c) => {
    const plane = createPlane(width, height);
    for (let i = 0; i < n; i++) plane.data[i] = doc.data[i * 3 + c] as number;
    return boxBlur(plane, radius, 2).data;
  }) as [Float32Array, Float32Array, Float32Array];
  const rs = new Float32Array(n).fill(Number.NaN), gs = new Float32Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const lr = doc.data[i * 3] as number, lg = doc.data[i * 3 + 1] as number, lb = doc.data[i * 3 + 2] as number;
    if (Math.max(lr, lg, lb) >= 0.999) continue;
    // Dark pixels: their chromaticity is noise.
    if (0.2126 * lr + 0.7152 * lg + 0.0722 * lb < options.minLinearLuma) continue;
    const mean = ((local[0][i] as number) + (local[1][i] as number) + (local[2][i] as number)) / 3;
    const r = (lr * mean) / Math.max(1e-4, local[0][i] as number), g = (lg * mean) / Math.max(1e-4, local[1][i] as number), b = (lb * mean) / Math.max(1e-4, local[2][i] as number);
    const sum = r + g + b;
    rs[i] = r / sum; gs[i] = g / sum;
  }
  return { width, height, r: rs, g: gs };
}

export function colourStats(full: RgbImage): ColourStats {
  const grid = whiteBalancedChroma(full);
  const valid = validChroma(grid);
  const m = valid.r.length;
  if (m === 0) return { coherentChroma: 0, chromaSpread: 0, colourfulFraction: 0 };
  const mr = median(valid.r), mg = median(valid.g);
  const distances = new Float32Array(m);
  let colourful = 0;
  for (let i = 0; i < m; i++) {
    const d = Math.hypot((valid.r[i] as number) - mr, (valid.g[i] as number) - mg);
    distances[i] = d;
    if (d > 0.05) colourful++;
  }
  // The 90th percentile by selection: the same value as reading the sorted distances.
  return { coherentChroma: coherentChroma(grid, mr, mg), chromaSpread: selectKth(distances, Math.floor(m * 0.9)), colourfulFraction: colourful / m };
}

/** Cells of the coherent-colour grid, the rank read, and the margin left out (see ColourStats.coherentChroma). */
const CELLS_X = 16, CELLS_Y = 10, COHERENT_RANK = 8, INNER_MARGIN = 0.12;

/**
 * Why cells: sensor noise on a grey copy scatters block chromaticities but averages out over a cell; a printed tint,
 * however pale, is the same over the whole cell. Why the 8th largest: a few cells of colour (a seal, a hologram, a
 * coloured fingernail) do not make a document colourful; a band, a portrait or a tinted background does. Why the
 * inner part: fingers holding a copy and the desk beyond a loose quad sit on the document's border.
 */
function coherentChroma(grid: ChromaGrid, mr: number, mg: number): number {
  const x0 = Math.floor(grid.width * INNER_MARGIN), x1 = Math.ceil(grid.width * (1 - INNER_MARGIN));
  const y0 = Math.floor(grid.height * INNER_MARGIN), y1 = Math.ceil(grid.height * (1 - INNER_MARGIN));
  const cells = CELLS_X * CELLS_Y;
  const sr = new Float64Array(cells), sg = new Float64Array(cells), used = new Float64Array(cells), all = new Float64Array(cells);
  for (let y = y0; y < y1; y++) {
    const cy = Math.min(CELLS_Y - 1, Math.floor(((y - y0) * CELLS_Y) / (y1 - y0)));
    for (let x = x0; x < x1; x++) {
      const c = cy * CELLS_X + Math.min(CELLS_X - 1, Math.floor(((x - x0) * CELLS_X) / (x1 - x0)));
      all[c] = (all[c] as number) + 1;
      const r = grid.r[y * grid.width + x] as number;
      if (Number.isNaN(r)) continue;
      sr[c] = (sr[c] as number) + r - mr;
      sg[c] = (sg[c] as number) + (grid.g[y * grid.width + x] as number) - mg;
      used[c] = (used[c] as number) + 1;
    }
  }
  // A cell counts when at least half of it carries a chromaticity (not print-black, not clipped).
  const offsets: number[] = [];
  for (let c = 0; c < cells; c++) {
    const n = used[c] as number;
    if (n > 0 && n >= 0.5 * (all[c] as number)) offsets.push(Math.hypot((sr[c] as number) / n, (sg[c] as number) / n));
  }
  offsets.sort((a, b) => b - a);
  return offsets[COHERENT_RANK - 1] ?? 0;
}

/** The blocks of the grid that carry a chromaticity, packed. */
export function validChroma(grid: ChromaGrid): { r: Float32Array; g: Float32Array } {
  let m = 0;
  const r = new Float32Array(grid.r.length), g = new Float32Array(grid.g.length);
  for (let i = 0; i < grid.r.length; i++) {
    const ri = grid.r[i] as number;
    if (Number.isNaN(ri)) continue;
    r[m] = ri; g[m] = grid.g[i] as number; m++;
  }
  return { r: r.subarray(0, m), g: g.subarray(0, m) };
}

/**
 * Linear-light RGB averaged over block x block pixels. Each block's sums take its pixels in row-major order, one
 * float32 addition each, as a pixel-by-pixel walk of the image would; the walk goes block by block along a row
 * so that no pixel needs a division to find its block.
 */
export function blockAverageLinear(image: RgbImage, block: number): { width: number; height: number; data: Float32Array } {
  const width = Math.max(1, Math.floor(image.width / block)), height = Math.max(1, Math.floor(image.height / block));
  const data = new Float32Array(width * height * 3);
  const src = image.data;
  const rows = Math.min(height * block, image.height), cols = Math.min(width * block, image.width);
  for (let y = 0; y < rows; y++) {
    const rowOut = ((y / block) | 0) * width * 3;
    let p = y * image.width * 3;
    for (let x0 = 0, o = rowOut; x0 < cols; x0 += block, o += 3) {
      const end = x0 + block < cols ? x0 + block : cols;
      let r = data[o]!, g = data[o + 1]!, b = data[o + 2]!;
      for (let x = x0; x < end; x++, p += 3) {
        r = Math.fround(r + LINEAR[src[p]!]!);
        g = Math.fround(g + LINEAR[src[p + 1]!]!);
        b = Math.fround(b + LINEAR[src[p + 2]!]!);
      }
      data[o] = r; data[o + 1] = g; data[o + 2] = b;
    }
  }
  const k = 1 / (block * block);
  for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) * k;
  return { width, height, data };
}

/** The upper median (the element at half the length of the sorted values), found by selection. */
export function median(values: Float32Array): number {
  return kthSmallest(values, Math.floor(values.length / 2));
}
