// Synthetic test signals whose spectral / statistical answer is known in advance (test-only helpers).
import type { Plane } from '../../src/features/planes.js';

/** Seeded uniform [0, 1) generator (mulberry32): tests stay deterministic. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded standard normal generator (Box-Muller). */
export function seededGaussian(seed: number): () => number {
  const u = seededUniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export function planeFrom(width: number, height: number, f: (x: number, y: number) => number): Plane {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
}

/** A smooth, non-periodic "content" image: a few broad blobs and ramps (no spectral peaks of its own). */
export function smoothContent(width: number, height: number, seed = 1): Plane {
  const u = seededUniform(seed);
  const blobs = Array.from({ length: 6 }, () => ({ x: u() * width, y: u() * height, s: 20 + u() * 80, a: (u() - 0.5) * 120 }));
  return planeFrom(width, height, (x, y) => {
    let v = 128 + (x / width - 0.5) * 30;
    for (const b of blobs) v += b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.s * b.s));
    return v;
  });
}

/** Adds zero-mean Gaussian noise of the given sigma, optionally only inside a rectangle. */
export function addGaussianNoise(plane: Plane, sigma: number, seed: number, rect?: { x: number; y: number; width: number; height: number }): Plane {
  const g = seededGaussian(seed);
  const out = plane.data.slice();
  const r = rect ?? { x: 0, y: 0, width: plane.width, height: plane.height };
  for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) out[y * plane.width + x]! += sigma * g();
  return { width: plane.width, height: plane.height, data: out };
}

/**
 * An AM halftone of a constant tone, rendered at `dpi` with a screen of `lpi` lines per inch at `angleDeg`:
 * round dots of the area coverage `coverage`, each pixel integrated over 4x4 sub-samples (a sensor pixel's area).
 * Ink is 0, paper 255. The screen's fundamental is at lpi/dpi cycles/pixel along angleDeg and angleDeg + 90.
 */
export function amHalftone(width: number, height: number, lpi: number, dpi: number, angleDeg: number, coverage = 0.35): Plane {
  const period = dpi / lpi;
  const a = (angleDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const radius = Math.sqrt((coverage * period * period) / Math.PI);
  const sub = 4;
  return planeFrom(width, height, (x, y) => {
    let ink = 0;
    for (let j = 0; j < sub; j++) {
      for (let i = 0; i < sub; i++) {
        const px = x + (i + 0.5) / sub;
        const py = y + (j + 0.5) / sub;
        // Screen coordinates: rotate by the screen angle, then find the offset from the nearest cell centre.
        const u = (px * c + py * s) / period;
        const v = (-px * s + py * c) / period;
        const du = (u - Math.floor(u) - 0.5) * period;
        const dv = (v - Math.floor(v) - 0.5) * period;
        if (du * du + dv * dv < radius * radius) ink++;
      }
    }
    return 255 * (1 - ink / (sub * sub));
  });
}

/**
 * Multi-scale random texture (value noise over octaves, amplitude growing with scale like natural images' 1/f
 * spectrum), mean 128: gives JPEG enough AC energy to populate coefficient histograms.
 */
export function fractalTexture(width: number, height: number, seed = 1, amplitude = 40): Plane {
  const u = seededUniform(seed);
  const out = new Float32Array(width * height).fill(128);
  for (const scale of [2, 4, 8, 16, 32, 64]) {
    const gw = Math.ceil(width / scale) + 2;
    const gh = Math.ceil(height / scale) + 2;
    const grid = Float32Array.from({ length: gw * gh }, () => u() - 0.5);
    const a = (amplitude * Math.pow(scale / 64, 0.6)) / 1.5;
    for (let y = 0; y < height; y++) {
      const gy = y / scale;
      const y0 = Math.floor(gy);
      const fy = gy - y0;
      for (let x = 0; x < width; x++) {
        const gx = x / scale;
        const x0 = Math.floor(gx);
        const fx = gx - x0;
        const v = (1 - fy) * ((1 - fx) * grid[y0 * gw + x0]! + fx * grid[y0 * gw + x0 + 1]!) + fy * ((1 - fx) * grid[(y0 + 1) * gw + x0]! + fx * grid[(y0 + 1) * gw + x0 + 1]!);
        out[y * width + x]! += a * 2 * v;
      }
    }
  }
  return { width, height, data: out };
}

/**
 * A camera pixel grid photographing a display's pixel grid (LAB-PHYSICS.md, screens): screen pixels of pitch
 * `pitchPx` sensor pixels, emitting over `fill` of their width and height (the black matrix between them), rotated
 * by `angleDeg`; each sensor pixel integrates its area (8x8 sub-samples). When 1 / pitch exceeds the sensor's
 * Nyquist frequency the grid folds back as moire at |1 / pitch - k| cycles/pixel.
 */
export function screenCapture(width: number, height: number, pitchPx: number, angleDeg: number, fill = 0.7, level = 180): Plane {
  const a = (angleDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const sub = 8;
  return planeFrom(width, height, (x, y) => {
    let lit = 0;
    for (let j = 0; j < sub; j++) {
      for (let i = 0; i < sub; i++) {
        const px = x + (i + 0.5) / sub;
        const py = y + (j + 0.5) / sub;
        const u = (px * c + py * s) / pitchPx;
        const v = (-px * s + py * c) / pitchPx;
        if (u - Math.floor(u) < fill && v - Math.floor(v) < fill) lit++;
      }
    }
    return 20 + (level * lit) / (sub * sub);
  });
}
