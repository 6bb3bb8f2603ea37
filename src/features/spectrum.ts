// Windowed 2-D power spectra of square patches and a periodic-peak detector. Periodic structure that a camera
// does not produce on its own -- the display's pixel grid or its moire (screen replay), AM halftone screens
// (printed copy) -- concentrates into a few isolated peaks that stand far above the smooth 1/f background of
// natural image content.
import FFT from 'fft.js';
import type { Plane, Rect } from './planes.js';

/** Mean power spectrum of one or more n x n patches; unshifted (index v * n + u; u, v >= n/2 are negative). */
export interface PowerSpectrum {
  readonly size: number;
  readonly power: Float32Array;
  readonly patches: number;
}

export interface SpectralPeak {
  /** Horizontal and vertical frequency in cycles per pixel (sub-bin refined); fy >= 0 (the mirror peak is implied). */
  readonly fx: number;
  readonly fy: number;
  /** Radial frequency sqrt(fx^2 + fy^2), cycles per pixel (Nyquist = 0.5 along an axis). */
  readonly frequency: number;
  /** Direction of the wave vector in degrees, [0, 180), image axes (x right, y down). */
  readonly angleDeg: number;
  /** Peak power over the median power of its neighbourhood, in dB. */
  readonly prominenceDb: number;
}

interface FftKit {
  readonly fft: FFT;
  readonly window: Float64Array;
  readonly rowIn: Float64Array;
  readonly rowOut: number[];
  readonly colIn: number[];
  readonly colOut: number[];
  readonly work: Float64Array;
}

// One kit per patch size: FFT tables, the 2-D Hann window and scratch buffers are built once and reused.
const kits = new Map<number, FftKit>();

function kitFor(size: number): FftKit {
  const existing = kits.get(size);
  if (existing) return existing;
  if (!Number.isInteger(size) || size < 8 || size > 1024 || (size & (size - 1)) !== 0) {
    throw new RangeError(`spectrum patch size must be a power of two between 8 and 1024, got ${size}`);
  }
  const fft = new FFT(size);
  const hann = new Float64Array(size);
  for (let i = 0; i < size; i++) hann[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / size);
  const window = new Float64Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) window[y * size + x] = hann[y]! * hann[x]!;
  const kit: FftKit = {
    fft,
    window,
    rowIn: new Float64Array(size),
    rowOut: fft.createComplexArray() as number[],
    colIn: fft.createComplexArray() as number[],
    colOut: fft.createComplexArray() as number[],
    work: new Float64Array(size * size * 2),
  };
  kits.set(size, kit);
  return kit;
}

/**
 * Adds the power spectrum of the size x size patch at (x0, y0) to `acc`. The patch mean is removed and a 2-D Hann
 * window applied so that the patch border does not smear energy along the axes.
 */
function accumulatePatchPower(plane: Plane, x0: number, y0: number, size: number, acc: Float32Array): void {
  const kit = kitFor(size);
  const { fft, window, rowIn, rowOut, colIn, colOut, work } = kit;
  const src = plane.data;
  let mean = 0;
  for (let y = 0; y < size; y++) {
    const row = (y0 + y) * plane.width + x0;
    for (let x = 0; x < size; x++) mean += src[row + x]!;
  }
  mean /= size * size;
  // Rows: real FFTs; only u = 0 .. size/2 are kept (the other half is the complex conjugate mirror).
  const half = size >> 1;
  for (let y = 0; y < size; y++) {
    const row = (y0 + y) * plane.width + x0;
    const wrow = y * size;
    for (let x = 0; x < size; x++) rowIn[x] = (src[row + x]! - mean) * window[wrow + x]!;
    fft.realTransform(rowOut, rowIn);
    const base = y * size * 2;
    for (let u = 0; u <= half; u++) {
      work[base + 2 * u] = rowOut[2 * u]!;
      work[base + 2 * u + 1] = rowOut[2 * u + 1]!;
    }
  }
  // Columns: complex FFTs of the kept half; power of (u, v) equals power of (-u, -v).
  for (let u = 0; u <= half; u++) {
    for (let y = 0; y < size; y++) {
      colIn[2 * y] = work[y * size * 2 + 2 * u]!;
      colIn[2 * y + 1] = work[y * size * 2 + 2 * u + 1]!;
    }
    fft.transform(colOut, colIn);
    for (let v = 0; v < size; v++) {
      const re = colOut[2 * v]!;
      const im = colOut[2 * v + 1]!;
      const p = re * re + im * im;
      acc[v * size + u]! += p;
      if (u !== 0 && u !== half) acc[((size - v) % size) * size + (size - u)]! += p;
    }
  }
}

/** Top-left corners of up to maxPatches non-overlapping size x size patches spread evenly over `region`. */
export function patchGrid(region: Rect, size: number, maxPatches: number): Array<{ x: number; y: number }> {
  const cols = Math.floor(region.width / size);
  const rows = Math.floor(region.height / size);
  if (cols < 1 || rows < 1) {
    throw new RangeError(`region ${region.width}x${region.height} is smaller than one ${size}x${size} spectrum patch`);
  }
  const all: Array<{ x: number; y: number }> = [];
  // Centre the grid in the region so that borders (often background) weigh less.
  const ox = region.x + Math.floor((region.width - cols * size) / 2);
  const oy = region.y + Math.floor((region.height - rows * size) / 2);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) all.push({ x: ox + c * size, y: oy + r * size });
  if (all.length <= maxPatches) return all;
  const picked: Array<{ x: number; y: number }> = [];
  for (let i = 0; i < maxPatches; i++) picked.push(all[Math.floor(((i + 0.5) * all.length) / maxPatches)]!);
  return picked;
}

export interface SpectrumOptions {
  /** Patch side, a power of two (default 128: 1/128 cycle/pixel bins). */
  readonly size?: number;
  /** At most this many patches are averaged (default 8). */
  readonly maxPatches?: number;
  /** Area to take patches from (default: the whole plane). */
  readonly region?: Rect;
}

/**
 * Mean power spectrum over several patches (Welch's method): averaging keeps stable periodic peaks and shrinks the
 * random fluctuation of noise and content, which makes a fixed dB threshold meaningful.
 */
export function averagePowerSpectrum(plane: Plane, options: SpectrumOptions = {}): PowerSpectrum {
  const size = options.size ?? 128;
  kitFor(size);
  const region = options.region ?? { x: 0, y: 0, width: plane.width, height: plane.height };
  if (region.x < 0 || region.y < 0 || region.x + region.width > plane.width || region.y + region.height > plane.height) {
    throw new RangeError(`spectrum region must lie inside the ${plane.width}x${plane.height} plane`);
  }
  const positions = patchGrid(region, size, options.maxPatches ?? 8);
  const power = new Float32Array(size * size);
  for (const p of positions) accumulatePatchPower(plane, p.x, p.y, size, power);
  const inv = 1 / positions.length;
  for (let i = 0; i < power.length; i++) power[i]! *= inv;
  return { size, power, patches: positions.length };
}

/** Signed frequency (cycles/pixel) of bin index k in an unshifted spectrum of size n. */
export function binFrequency(k: number, n: number): number {
  return (k < n / 2 ? k : k - n) / n;
}

/** Mean power in rings of width 1/size cycle/pixel: element r covers radius [r - 0.5, r + 0.5) / size, r = 0 .. size/2. */
export function radialProfile(spectrum: PowerSpectrum): Float32Array {
  const n = spectrum.size;
  const bins = n / 2 + 1;
  const sum = new Float64Array(bins);
  const count = new Uint32Array(bins);
  for (let v = 0; v < n; v++) {
    const fy = v < n / 2 ? v : v - n;
    for (let u = 0; u < n; u++) {
      const fx = u < n / 2 ? u : u - n;
      const r = Math.round(Math.sqrt(fx * fx + fy * fy));
      if (r < bins) {
        sum[r]! += spectrum.power[v * n + u]!;
        count[r]!++;
      }
    }
  }
  const out = new Float32Array(bins);
  for (let r = 0; r < bins; r++) out[r] = count[r]! > 0 ? sum[r]! / count[r]! : 0;
  return out;
}

/**
 * Mean power per direction of the wave vector, `bins` sectors over [0, 180) degrees, within the annulus
 * [minFrequency, maxFrequency] cycles/pixel. Oriented structure (a pixel grid, a screen angle) shows as sectors.
 */
export function angularProfile(spectrum: PowerSpectrum, bins = 36, minFrequency = 0.05, maxFrequency = 0.5): Float32Array {
  const n = spectrum.size;
  const sum = new Float64Array(bins);
  const count = new Uint32Array(bins);
  for (let v = 0; v < n; v++) {
    const fy = binFrequency(v, n);
    for (let u = 0; u < n; u++) {
      const fx = binFrequency(u, n);
      const f = Math.sqrt(fx * fx + fy * fy);
      if (f < minFrequency || f > maxFrequency) continue;
      let a = (Math.atan2(fy, fx) * 180) / Math.PI;
      if (a < 0) a += 180;
      const b = Math.min(bins - 1, Math.floor((a / 180) * bins));
      sum[b]! += spectrum.power[v * n + u]!;
      count[b]!++;
    }
  }
  const out = new Float32Array(bins);
  for (let b = 0; b < bins; b++) out[b] = count[b]! > 0 ? sum[b]! / count[b]! : 0;
  return out;
}

/** Share of the (non-DC) power above `cutoff` cycles/pixel: excess high-frequency energy of dithering and pixel grids. */
export function highFrequencyRatio(spectrum: PowerSpectrum, cutoff = 0.25): number {
  const n = spectrum.size;
  let high = 0;
  let total = 0;
  for (let v = 0; v < n; v++) {
    const fy = binFrequency(v, n);
    for (let u = 0; u < n; u++) {
      if (u === 0 && v === 0) continue;
      const fx = binFrequency(u, n);
      const p = spectrum.power[v * n + u]!;
      total += p;
      if (fx * fx + fy * fy >= cutoff * cutoff) high += p;
    }
  }
  return total > 0 ? high / total : 0;
}

export interface PeakOptions {
  /** Ignore peaks below this radial frequency, cycles/pixel (default 0.03: content and layout live lower). */
  readonly minFrequency?: number;
  /** A peak must exceed the median of its neighbourhood by this many dB (default 10). */
  readonly minProminenceDb?: number;
  /** Half-width in bins of the background neighbourhood (default 4: a 9x9 window minus the central 3x3). */
  readonly backgroundRadius?: number;
  /** At most this many peaks are returned, most prominent first (default 16). */
  readonly maxPeaks?: number;
}

function quickMedian(values: Float64Array, count: number): number {
  const view = values.subarray(0, count);
  view.sort();
  return count % 2 === 1 ? view[(count - 1) >> 1]! : 0.5 * (view[count / 2 - 1]! + view[count / 2]!);
}

/** Vertex offset of a parabola through three log-power samples, in bins, clamped to half a bin. */
function parabolicOffset(left: number, centre: number, right: number): number {
  const a = Math.log(left + 1e-30);
  const b = Math.log(centre + 1e-30);
  const c = Math.log(right + 1e-30);
  const denom = a - 2 * b + c;
  if (denom >= 0) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denom));
}

/**
 * Isolated spectral peaks: strict local maxima (3x3) whose power exceeds the median of the surrounding
 * (2R+1)^2 window without its central 3x3 by at least minProminenceDb. The median background follows the 1/f
 * slope and oriented content, so only narrow-band periodic energy qualifies. Each peak appears once (fy >= 0).
 */
export function findSpectralPeaks(spectrum: PowerSpectrum, options: PeakOptions = {}): SpectralPeak[] {
  const n = spectrum.size;
  const P = spectrum.power;
  const minF = options.minFrequency ?? 0.03;
  const minDb = options.minProminenceDb ?? 10;
  const R = options.backgroundRadius ?? 4;
  const maxPeaks = options.maxPeaks ?? 16;
  const ratio = Math.pow(10, minDb / 10);
  const scratch = new Float64Array((2 * R + 1) * (2 * R + 1));
  const at = (u: number, v: number): number => P[(((v % n) + n) % n) * n + (((u % n) + n) % n)]!;
  // Cheap pre-filter: the median of the whole ring at this radius, which a real peak also clears by far.
  const ringMedian = ringMedians(spectrum);
  const preRatio = ratio / 4;
  // A floor for the background: noise-free synthetic input (renders, flat screenshots) has numerically zero power
  // between exact harmonics, against which rounding residue would look infinitely prominent.
  let meanPower = 0;
  for (let i = 1; i < P.length; i++) meanPower += P[i]!;
  const floor = Math.max(1e-30, (1e-6 * meanPower) / Math.max(1, P.length - 1));
  const peaks: SpectralPeak[] = [];
  const half = n / 2;
  for (let v = 0; v <= half; v++) {
    for (let uu = -half + 1; uu <= half; uu++) {
      if (v === 0 && uu <= 0) continue; // the half-plane fy >= 0 without duplicates
      if (v === half && uu < 0) continue;
      const fr = Math.sqrt(uu * uu + v * v) / n;
      if (fr < minF) continue;
      const p = at(uu, v);
      const ring = ringMedian[Math.min(ringMedian.length - 1, Math.round(fr * n))]!;
      if (p <= Math.max(ring, floor) * preRatio) continue;
      let isMax = true;
      for (let dv = -1; dv <= 1 && isMax; dv++) {
        for (let du = -1; du <= 1; du++) {
          if ((du !== 0 || dv !== 0) && at(uu + du, v + dv) >= p) {
            isMax = false;
            break;
          }
        }
      }
      if (!isMax) continue;
      let k = 0;
      for (let dv = -R; dv <= R; dv++) {
        for (let du = -R; du <= R; du++) {
          if (Math.abs(du) <= 1 && Math.abs(dv) <= 1) continue;
          scratch[k++] = at(uu + du, v + dv);
        }
      }
      const background = Math.max(floor, quickMedian(scratch, k));
      if (!(p > background * ratio)) continue;
      const fx = (uu + parabolicOffset(at(uu - 1, v), p, at(uu + 1, v))) / n;
      const fy = (v + parabolicOffset(at(uu, v - 1), p, at(uu, v + 1))) / n;
      let angle = (Math.atan2(fy, fx) * 180) / Math.PI;
      if (angle < 0) angle += 180;
      if (angle >= 180) angle -= 180;
      peaks.push({
        fx,
        fy,
        frequency: Math.sqrt(fx * fx + fy * fy),
        angleDeg: angle,
        prominenceDb: 10 * Math.log10(p / background),
      });
    }
  }
  peaks.sort((a, b) => b.prominenceDb - a.prominenceDb);
  return peaks.slice(0, maxPeaks);
}

function ringMedians(spectrum: PowerSpectrum): Float64Array {
  const n = spectrum.size;
  const bins = Math.ceil((n / 2) * Math.SQRT2) + 1;
  const rings: number[][] = Array.from({ length: bins }, () => []);
  for (let v = 0; v <= n / 2; v++) {
    for (let u = -n / 2 + 1; u <= n / 2; u++) {
      const r = Math.round(Math.sqrt(u * u + v * v));
      rings[r]!.push(spectrum.power[v * n + ((u + n) % n)]!);
    }
  }
  const out = new Float64Array(bins);
  for (let r = 0; r < bins; r++) {
    const ring = Float64Array.from(rings[r]!);
    out[r] = ring.length > 0 ? quickMedian(ring, ring.length) : 0;
  }
  return out;
}
