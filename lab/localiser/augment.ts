// On-the-fly augmentation of a letterboxed sample and its mask: mirror, 90-degree turns (the net must find documents
// at any rotation and portrait frames), brightness / contrast / per-channel gain jitter, and greyscale (real grey
// copies are colourless). Returns the network input (values / 255, NHWC) and the target (0..1).
import type { Rng } from '../rng.js';

/** Index of (x, y) after `turns` quarter turns clockwise and an optional mirror, in a side x side square. */
function sourceIndex(x: number, y: number, side: number, turns: number, mirror: boolean): number {
  let sx = mirror ? side - 1 - x : x, sy = y;
  for (let t = 0; t < turns; t++) { const nx = sy; sy = side - 1 - sx; sx = nx; }
  return sy * side + sx;
}

export function augmentSample(pixels: Uint8Array, mask: Uint8Array, side: number, maskSide: number, rng: Rng, x: Float32Array, xOffset: number, y: Float32Array, yOffset: number): void {
  const turns = rng.int(0, 3);
  const mirror = rng.bool();
  const grey = rng.bool(0.25);
  const contrast = rng.uniform(0.6, 1.3), brightness = rng.uniform(-0.2, 0.2);
  const gain = [0, 1, 2].map(() => (grey ? 1 : rng.uniform(0.85, 1.15)));
  for (let py = 0; py < side; py++) {
    for (let px = 0; px < side; px++) {
      const s = sourceIndex(px, py, side, turns, mirror) * 3;
      let r = (pixels[s] as number) / 255, g = (pixels[s + 1] as number) / 255, b = (pixels[s + 2] as number) / 255;
      if (grey) r = g = b = 0.299 * r + 0.587 * g + 0.114 * b;
      const o = xOffset + (py * side + px) * 3;
      const values = [r, g, b];
      for (let c = 0; c < 3; c++) {
        const v = ((values[c] as number) - 0.5) * contrast + 0.5 + brightness;
        x[o + c] = Math.min(1, Math.max(0, v * (gain[c] as number)));
      }
    }
  }
  for (let my = 0; my < maskSide; my++) {
    for (let mx = 0; mx < maskSide; mx++) y[yOffset + my * maskSide + mx] = (mask[sourceIndex(mx, my, maskSide, turns, mirror)] as number) / 255;
  }
}
