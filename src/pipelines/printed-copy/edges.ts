// Cut-edge cues. A genuine ID-1 card has rounded corners (radius 3.18 mm) and lies on a table or in a hand, so
// just outside its outline is the background and its corner pixels (outside the rounded corner) show that
// background too. A printed copy is cut from office paper with a margin of a few millimetres, or left on a whole
// page: just outside the document is paper white, close to the document's own light border, and the corners are
// paper (LAB-PHYSICS.md, printing: cut edges with square corners).
import type { Quad } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';
import type { RgbPlanes } from '../../features/planes.js';

type Rgb = readonly [number, number, number];

/** Mean colour of the 3x3 pixels around (x, y), or null outside the image. */
function sample(image: RgbImage, x: number, y: number): Rgb | null {
  const cx = Math.round(x);
  const cy = Math.round(y);
  if (cx < 1 || cy < 1 || cx >= image.width - 1 || cy >= image.height - 1) return null;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const i = ((cy + dy) * image.width + cx + dx) * 3;
      r += image.data[i]!;
      g += image.data[i + 1]!;
      b += image.data[i + 2]!;
    }
  }
  return [r / 9, g / 9, b / 9];
}

const lumaOf = (c: Rgb): number => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
const chromaOf = (c: Rgb): number => Math.max(c[0], c[1], c[2]) - Math.min(c[0], c[1], c[2]);
const distance = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

export interface EdgeCues {
  /** Median luma just outside the outline over the document's white (95th percentile luma): paper ~ 1. */
  readonly ringLuma: number;
  /** Median chroma (grey levels) just outside the outline. */
  readonly ringChroma: number;
  /** Median colour distance between each point just outside the outline and its partner just inside. */
  readonly ringToBorder: number;
  /** Spread (IQR / median) of the luma around the outline: a uniform paper margin vs a textured table or hand. */
  readonly ringSpread: number;
  /** Mean colour distance between the canonical corners and the border beside them (rounded card corners). */
  readonly cornerContrast: number;
}

/**
 * Samples points along each side of the quad pushed outwards (and inwards) from its centroid by a share of the
 * distance to it. Points outside the frame are skipped; too few of them make the ring cues NaN (neutral).
 */
export function edgeCues(image: RgbImage, quad: Quad, canonical: RgbPlanes, documentWhite: number): EdgeCues {
  const cx = (quad[0][0] + quad[1][0] + quad[2][0] + quad[3][0]) / 4;
  const cy = (quad[0][1] + quad[1][1] + quad[2][1] + quad[3][1]) / 4;
  const outer: Rgb[] = [];
  const distances: number[] = [];
  const steps = 12;
  for (let s = 0; s < 4; s++) {
    const a = quad[s]!;
    const b = quad[(s + 1) % 4]!;
    for (let k = 1; k < steps; k++) {
      const t = k / steps;
      const px = a[0] + (b[0] - a[0]) * t;
      const py = a[1] + (b[1] - a[1]) * t;
      const out = sample(image, cx + (px - cx) * 1.05, cy + (py - cy) * 1.05);
      const inside = sample(image, cx + (px - cx) * 0.96, cy + (py - cy) * 0.96);
      if (out === null) continue;
      outer.push(out);
      if (inside !== null) distances.push(distance(out, inside));
    }
  }
  const white = Math.max(1, documentWhite);
  const lumas = outer.map(lumaOf);
  const sorted = [...lumas].sort((a, b) => a - b);
  const enough = outer.length >= 8;
  const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return {
    ringLuma: enough ? median(lumas) / white : Number.NaN,
    ringChroma: enough ? median(outer.map(chromaOf)) : Number.NaN,
    ringToBorder: distances.length >= 8 ? median(distances) : Number.NaN,
    ringSpread: enough ? (q(0.75) - q(0.25)) / Math.max(1, q(0.5)) : Number.NaN,
    cornerContrast: cornerContrast(canonical),
  };
}

/** Mean colour of a square of the canonical raster. */
function meanColour(rgb: RgbPlanes, x0: number, y0: number, size: number): Rgb {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let y = y0; y < y0 + size; y++) {
    for (let x = x0; x < x0 + size; x++) {
      const i = y * rgb.width + x;
      r += rgb.r[i]!;
      g += rgb.g[i]!;
      b += rgb.b[i]!;
    }
  }
  const n = size * size;
  return [r / n, g / n, b / n];
}

/**
 * The corner squares of the canonical document (inside a rounded card's corner radius: background) against
 * squares on the border a little along each side (card surface). Large for rounded cards on a table, small for a
 * cut print whose corners are paper like its margin.
 */
export function cornerContrast(canonical: RgbPlanes): number {
  const { width: w, height: h } = canonical;
  const s = Math.max(2, Math.round(w * 0.008));
  const along = Math.round(w * 0.06);
  const corners: [number, number, number, number][] = [
    [0, 0, 1, 1], [w - s, 0, -1, 1], [w - s, h - s, -1, -1], [0, h - s, 1, -1],
  ];
  let total = 0;
  for (const [x, y, dx, dy] of corners) {
    const corner = meanColour(canonical, x, y, s);
    const sideA = meanColour(canonical, x + dx * along, y, s);
    const sideB = meanColour(canonical, x, y + dy * along, s);
    total += 0.5 * (distance(corner, sideA) + distance(corner, sideB));
  }
  return total / 4;
}
