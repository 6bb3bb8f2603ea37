// Test-only document whose cells have known grey levels, to check ground-truth quads against the pixels.
import type { DocumentRender } from '../../lab/types.js';

export const PATTERN_COLS = 4;
export const PATTERN_ROWS = 3;
/** Grey level (0..1, sRGB) of cell (col, row), a fixed permutation so that any flip or rotation breaks the match. */
export const PATTERN_LEVELS = [0.05, 0.9, 0.35, 0.65, 0.8, 0.15, 0.95, 0.3, 0.5, 0.7, 0.1, 0.6];

export function patternDocument(pxPerMm = 8): DocumentRender {
  const wMm = 85.6;
  const hMm = 53.98;
  const W = Math.round(wMm * pxPerMm);
  const H = Math.round(hMm * pxPerMm);
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const c = Math.min(PATTERN_COLS - 1, Math.floor((x / W) * PATTERN_COLS));
      const r = Math.min(PATTERN_ROWS - 1, Math.floor((y / H) * PATTERN_ROWS));
      const v = Math.round(PATTERN_LEVELS[r * PATTERN_COLS + c]! * 255);
      const o = (y * W + x) * 4;
      data[o] = v;
      data[o + 1] = v;
      data[o + 2] = v;
      data[o + 3] = 255;
    }
  }
  return {
    image: { width: W, height: H, data },
    pxPerMm,
    widthMm: wMm,
    heightMm: hMm,
    documentType: 'ID_CARD',
    family: 'test-pattern',
    portraitBox: { x: 0, y: 0, width: Math.round(W / PATTERN_COLS), height: Math.round(H / PATTERN_ROWS) },
    ghostPortraitBox: null,
    faceId: null,
    cornerRadiusMm: 3.18,
    hologramBoxes: [],
    laminated: false,
    fields: {},
    mrz: [],
    params: {},
  };
}
