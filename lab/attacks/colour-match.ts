// Colour matching a pasted layer to what it covers, as editors' "match colour" / levels do (partially, by hand).
import type { LabQuad } from '../types.js';
import { featherWeight } from './quad-mask.js';
import { quadBounds } from './homography.js';
import type { Rgb8 } from './raster.js';

/** Moves the layer's per-channel mean and spread inside `quad` towards those of `reference` by `strength`. */
export function matchColour(layer: Rgb8, reference: Rgb8, quad: LabQuad, strength: number): void {
  const b = quadBounds(quad);
  const stats = (img: Rgb8): { mean: number[]; sd: number[] } => {
    const sum = [0, 0, 0];
    const sq = [0, 0, 0];
    let n = 0;
    for (let y = Math.max(0, Math.floor(b.y0)); y < Math.min(img.height, Math.ceil(b.y1)); y++) {
      for (let x = Math.max(0, Math.floor(b.x0)); x < Math.min(img.width, Math.ceil(b.x1)); x++) {
        if (featherWeight(quad, 1, x + 0.5, y + 0.5) < 1) continue;
        const i = (y * img.width + x) * 3;
        for (let c = 0; c < 3; c++) {
          sum[c] = sum[c]! + img.data[i + c]!;
          sq[c] = sq[c]! + img.data[i + c]! ** 2;
        }
        n++;
      }
    }
    const mean = sum.map((s) => s / Math.max(1, n));
    return { mean, sd: sq.map((s, c) => Math.sqrt(Math.max(1, s / Math.max(1, n) - mean[c]! ** 2))) };
  };
  const f = stats(layer);
  const t = stats(reference);
  for (let y = Math.max(0, Math.floor(b.y0)); y < Math.min(layer.height, Math.ceil(b.y1)); y++) {
    for (let x = Math.max(0, Math.floor(b.x0)); x < Math.min(layer.width, Math.ceil(b.x1)); x++) {
      const i = (y * layer.width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const gain = 1 + strength * (t.sd[c]! / f.sd[c]! - 1);
        layer.data[i + c] = clamp8(f.mean[c]! + (layer.data[i + c]! - f.mean[c]!) * gain + strength * (t.mean[c]! - f.mean[c]!));
      }
    }
  }
}

function clamp8(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}
