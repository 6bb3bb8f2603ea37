// Test helpers: spectra of decoded images (plain DFTs on small windows; tests stay small).

/** Magnitude spectrum of a real 1-D signal at frequencies k / n, k = 0..n/2 (cycles per sample). */
export function magnitudeSpectrum(signal: readonly number[]): number[] {
  const n = signal.length;
  const out: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      re += signal[t]! * Math.cos(a);
      im += signal[t]! * Math.sin(a);
    }
    out.push(Math.hypot(re, im) / n);
  }
  return out;
}

/** Removes the slowly varying part (moving average over `width` samples) so lighting gradients do not dominate. */
export function highPass(signal: readonly number[], width: number): number[] {
  const r = width >> 1;
  return signal.map((v, i) => {
    let s = 0;
    let c = 0;
    for (let k = Math.max(0, i - r); k <= Math.min(signal.length - 1, i + r); k++) {
      s += signal[k]!;
      c++;
    }
    return v - s / c;
  });
}

/** Hann window, to keep the window's edges from spreading energy over every frequency. */
export function hann(signal: readonly number[]): number[] {
  const n = signal.length;
  return signal.map((v, i) => v * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1))));
}

/**
 * 2-D magnitude spectrum of a square luma window at the given frequencies: returns |F(fx, fy)| for
 * fx, fy in cycles per pixel. Evaluated directly (separable DFT) at the requested points only.
 */
export function spectrum2dAt(win: Float64Array, size: number, fx: number, fy: number): number {
  let re = 0;
  let im = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = -2 * Math.PI * (fx * x + fy * y);
      const v = win[y * size + x]!;
      re += v * Math.cos(a);
      im += v * Math.sin(a);
    }
  }
  return Math.hypot(re, im) / (size * size);
}
