// The printed portrait and the ghost portrait, made from a face crop with per-pixel processing: colour dye-sublimation
// look, laser-engraved grey look (polycarbonate cards), and the faded ghost image as an AM halftone or a line screen.
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Rgba8 } from '../types.js';

export type PortraitStyle = 'colour' | 'engraved' | 'vignette';
export type GhostStyle = 'halftone' | 'lines' | 'fade';

/** The face crop resampled to w x h by Skia (high-quality filter); returns the canvas and its pixels. */
function resample(face: Rgba8, w: number, h: number): { canvas: Canvas; data: Uint8ClampedArray } {
  const src = createCanvas(face.width, face.height);
  const sg = src.getContext('2d');
  const img = sg.createImageData(face.width, face.height);
  img.data.set(face.data);
  sg.putImageData(img, 0, 0);
  const dst = createCanvas(w, h);
  const dg = dst.getContext('2d');
  dg.imageSmoothingEnabled = true;
  dg.imageSmoothingQuality = 'high';
  dg.drawImage(src, 0, 0, w, h);
  return { canvas: dst, data: dg.getImageData(0, 0, w, h).data };
}

/** Plain photo-studio backdrop behind the head and shoulders, as ID photo rules ask for. */
export interface Backdrop {
  /** Face centre and height (hairline to chin) as fractions of the crop. */
  readonly face: { readonly cx: number; readonly cy: number; readonly height: number };
  readonly top: readonly [number, number, number];
  readonly bottom: readonly [number, number, number];
}

function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/** Mean and spread of the background colour, from the two top corners of the crop (beside the head). */
function backgroundModel(data: Uint8ClampedArray, w: number, h: number): { mean: [number, number, number]; spread: number } {
  const pw = Math.max(2, Math.round(w * 0.12));
  const ph = Math.max(2, Math.round(h * 0.15));
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  let n = 0;
  for (const x0 of [0, w - pw]) {
    for (let y = 0; y < ph; y++) {
      for (let x = x0; x < x0 + pw; x++) {
        const i = (y * w + x) * 4;
        for (let c = 0; c < 3; c++) {
          const v = data[i + c] as number;
          sum[c] = (sum[c] as number) + v;
          sq[c] = (sq[c] as number) + v * v;
        }
        n++;
      }
    }
  }
  const mean = sum.map((v) => v / n) as [number, number, number];
  const variance = sq.reduce((acc, v, c) => acc + v / n - (mean[c] as number) ** 2, 0) / 3;
  return { mean, spread: Math.sqrt(Math.max(0, variance)) };
}

/**
 * Replaces the background by the backdrop: a soft head-and-shoulders silhouette (an ellipse around the head, a
 * widening trapezoid for neck and shoulders) is always kept; around it, pixels are kept where their colour stands
 * out from the background seen in the top corners (hair against a plain wall). Against busy backgrounds (street,
 * party) only the silhouette survives.
 */
function applyBackdrop(data: Uint8ClampedArray, w: number, h: number, b: Backdrop): void {
  const fh = b.face.height * h;
  const cx = b.face.cx * w;
  const cy = b.face.cy * h;
  const headY = cy - 0.12 * fh;
  const rx = 0.6 * fh;
  const ry = 0.82 * fh;
  const neckY = cy + 0.4 * fh;
  const feather = 0.1;
  const bgModel = backgroundModel(data, w, h);
  const tolerance = bgModel.spread + 14;
  // Colour evidence only helps against a plain wall; against a busy scene it would keep patches of the scene.
  const plainWall = bgModel.spread < 16;
  for (let y = 0; y < h; y++) {
    const ty = y / (h - 1);
    const br = b.top[0] + (b.bottom[0] - b.top[0]) * ty;
    const bg = b.top[1] + (b.bottom[1] - b.top[1]) * ty;
    const bb = b.top[2] + (b.bottom[2] - b.top[2]) * ty;
    const dyHead = (y - headY) / ry;
    const halfWidth = y > neckY ? Math.min(1.6 * fh, 0.34 * fh + (y - neckY) * 1.5) : 0;
    const bodyIn = y > neckY ? smoothstep(neckY, neckY + 0.15 * fh, y) : 0;
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const dx = (x - cx) / rx;
      const dHead = Math.sqrt(dx * dx + dyHead * dyHead);
      const head = 1 - smoothstep(1 - feather, 1 + feather, dHead);
      const body = halfWidth > 0 ? bodyIn * (1 - smoothstep(halfWidth - 0.12 * fh, halfWidth + 0.12 * fh, Math.abs(x - cx))) : 0;
      // Colour evidence, only near the silhouette (hair reaches out to about 1.45 head radii).
      const near = plainWall ? 1 - smoothstep(1.25, 1.45, dHead) : 0;
      let colour = 0;
      if (near > 0) {
        const d = Math.hypot((data[i] as number) - bgModel.mean[0], (data[i + 1] as number) - bgModel.mean[1], (data[i + 2] as number) - bgModel.mean[2]);
        colour = near * smoothstep(1.6, 3.2, d / tolerance);
      }
      // A trace of the original background survives, as with a photographer's background drop-out.
      const m = 0.1 + 0.9 * Math.max(head, body, colour);
      data[i] = m * (data[i] as number) + (1 - m) * br;
      data[i + 1] = m * (data[i + 1] as number) + (1 - m) * bg;
      data[i + 2] = m * (data[i + 2] as number) + (1 - m) * bb;
    }
  }
}

/** A copy of a face crop on a plain backdrop (what a printed ID photo looks like before it goes on a document). */
export function withBackdrop(face: Rgba8, backdrop: Backdrop): Rgba8 {
  const data = new Uint8ClampedArray(face.data);
  applyBackdrop(data, face.width, face.height, backdrop);
  return { width: face.width, height: face.height, data };
}

/** Printed portrait, w x h pixels. `s` is pixels per mm (engraving line pitch is physical). */
export function renderPortrait(face: Rgba8, w: number, h: number, style: PortraitStyle, s: number, backdrop: Backdrop | null): Canvas {
  const { canvas, data } = resample(face, w, h);
  if (backdrop) applyBackdrop(data, w, h, backdrop);
  const g = canvas.getContext('2d');
  const out = g.createImageData(w, h);
  const o = out.data;
  const pitch = 0.12 * s; // engraving line pitch about 0.12 mm
  for (let y = 0; y < h; y++) {
    const ny = (y / h) * 2 - 1;
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      let r = data[i] as number;
      let gg = data[i + 1] as number;
      let b = data[i + 2] as number;
      let a = 255;
      if (style === 'engraved') {
        // Laser engraving darkens the polycarbonate: grey, compressed highlights, a faint line structure.
        const lum = 0.299 * r + 0.587 * gg + 0.114 * b;
        const line = 0.9 + 0.1 * Math.sin((2 * Math.PI * y) / pitch);
        const v = Math.min(255, (30 + 0.8 * lum) * line);
        r = v * 0.98;
        gg = v * 0.97;
        b = v * 0.95;
      } else {
        // Dye sublimation: slightly lower contrast and saturation than the photo, warm paper.
        const lum = 0.299 * r + 0.587 * gg + 0.114 * b;
        r = 12 + 0.9 * (lum + 0.85 * (r - lum));
        gg = 10 + 0.9 * (lum + 0.85 * (gg - lum));
        b = 8 + 0.9 * (lum + 0.85 * (b - lum));
        if (style === 'vignette') {
          const nx = (x / w) * 2 - 1;
          const d = Math.sqrt(nx * nx * 0.9 + ny * ny * 0.7);
          const k = Math.min(1, Math.max(0, (d - 0.78) / 0.25));
          a = Math.round(255 * (1 - k));
        }
      }
      o[i] = r;
      o[i + 1] = gg;
      o[i + 2] = b;
      o[i + 3] = a;
    }
  }
  g.putImageData(out, 0, 0);
  return canvas;
}

/**
 * Ghost portrait: a small faded copy in one ink. Halftone = AM dots on a 45 degree screen (~0.25 mm cells), lines =
 * a line screen whose line width follows the darkness, fade = a continuous low-contrast tint. Alpha carries the ink.
 */
export function renderGhost(face: Rgba8, w: number, h: number, style: GhostStyle, tint: readonly [number, number, number], strength: number, s: number): Canvas {
  const { canvas, data } = resample(face, w, h);
  const g = canvas.getContext('2d');
  const out = g.createImageData(w, h);
  const o = out.data;
  const cell = Math.max(2.5, 0.26 * s);
  const c45 = Math.SQRT1_2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const lum = (0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number)) / 255;
      const nx = (x / w) * 2 - 1;
      const ny = (y / h) * 2 - 1;
      const fade = Math.min(1, Math.max(0, 1.25 - Math.sqrt(nx * nx + ny * ny)));
      const dark = Math.min(1, Math.max(0, (1 - lum) * 1.15)) * fade;
      let ink: number;
      if (style === 'halftone') {
        const u = ((x + y) * c45) / cell;
        const v = ((x - y) * c45) / cell;
        const du = u - Math.floor(u) - 0.5;
        const dv = v - Math.floor(v) - 0.5;
        const dist = Math.sqrt(du * du + dv * dv);
        // Dot area = darkness: radius sqrt(dark / pi); soft edge of a fraction of a pixel.
        ink = Math.min(1, Math.max(0, (Math.sqrt(dark / Math.PI) - dist) * cell + 0.5));
      } else if (style === 'lines') {
        const t = y / cell + 0.15 * Math.sin(x / (cell * 3));
        const d = Math.abs(t - Math.floor(t) - 0.5);
        ink = Math.min(1, Math.max(0, (dark * 0.5 - d) * cell + 0.5));
      } else {
        ink = dark;
      }
      o[i] = tint[0];
      o[i + 1] = tint[1];
      o[i + 2] = tint[2];
      o[i + 3] = Math.round(255 * ink * strength);
    }
  }
  g.putImageData(out, 0, 0);
  return canvas;
}
