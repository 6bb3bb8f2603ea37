// What lies around the subject. A card on a table has thickness and casts a shadow: just outside its edge the
// table is darker than a little further out, and the card's rim makes a sharp step. A document shown on a screen
// has neither: around it is more screen (viewer background, UI) and then a dark, uniform bezel. Without a document
// (whole-image mode) the subject is the central part of the frame and the ring is the frame's border, where the
// bezel of a photographed screen usually is.
import type { Point, Quad } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';

/** Offsets across each edge in units of the quad's shorter side; negative = inside. */
const OFFSETS = [-0.06, -0.02, 0.01, 0.03, 0.06, 0.1, 0.15] as const;
const SAMPLES_PER_EDGE = 24;
const DARK = 35;

export interface SurroundMeasures {
  /** Share of outside samples (offset >= 0.03) darker than 35 grey levels: bezel, black screen border. */
  readonly darkShare: number;
  /** Outside mean over inside mean luma. */
  readonly outsideToInside: number;
  /** Standard deviation of outside luma / 255 (a bezel or viewer background is uniform). */
  readonly outsideStd: number;
  /** Mean |L(+0.01) - L(-0.02)| / 255: contrast of the subject's rim. */
  readonly edgeContrast: number;
  /** (L(+0.01) - mean(L(+0.06), L(+0.10))) / 255: negative where a shadow lies right outside the edge. */
  readonly shadowDip: number;
  /** Share of outside samples that fall inside the frame (how much surrounding there is to judge). */
  readonly visible: number;
}

function lumaAt(image: RgbImage, x: number, y: number): number | null {
  const xi = Math.round(x);
  const yi = Math.round(y);
  if (xi < 1 || yi < 1 || xi >= image.width - 1 || yi >= image.height - 1) return null;
  const d = image.data;
  let s = 0;
  // 3x3 mean: one sample should not hinge on one noisy pixel.
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const p = ((yi + dy) * image.width + xi + dx) * 3;
      s += 0.299 * d[p]! + 0.587 * d[p + 1]! + 0.114 * d[p + 2]!;
    }
  }
  return s / 9;
}

const dist = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

export function surroundMeasures(image: RgbImage, quad: Quad): SurroundMeasures {
  const cx = (quad[0][0] + quad[1][0] + quad[2][0] + quad[3][0]) / 4;
  const cy = (quad[0][1] + quad[1][1] + quad[2][1] + quad[3][1]) / 4;
  const short = Math.min(dist(quad[0], quad[1]), dist(quad[1], quad[2]), dist(quad[2], quad[3]), dist(quad[3], quad[0]));
  const profile = OFFSETS.map(() => ({ sum: 0, n: 0 }));
  const outside: number[] = [];
  let outsideTotal = 0;
  let inside = 0;
  let insideN = 0;
  let rim = 0;
  let rimN = 0;
  let dip = 0;
  let dipN = 0;
  for (let e = 0; e < 4; e++) {
    const a = quad[e]!;
    const b = quad[(e + 1) % 4]!;
    const len = Math.max(1e-6, dist(a, b));
    let nx = (b[1] - a[1]) / len;
    let ny = -(b[0] - a[0]) / len;
    // Outward normal: pointing away from the centroid.
    const mx = (a[0] + b[0]) / 2;
    const my = (a[1] + b[1]) / 2;
    if (nx * (mx - cx) + ny * (my - cy) < 0) (nx = -nx), (ny = -ny);
    for (let k = 0; k < SAMPLES_PER_EDGE; k++) {
      const t = 0.1 + (0.8 * (k + 0.5)) / SAMPLES_PER_EDGE;
      const px = a[0] + t * (b[0] - a[0]);
      const py = a[1] + t * (b[1] - a[1]);
      const values = OFFSETS.map((o) => lumaAt(image, px + nx * o * short, py + ny * o * short));
      values.forEach((v, j) => {
        const o = OFFSETS[j]!;
        if (o >= 0.03) outsideTotal++;
        if (v === null) return;
        profile[j]!.sum += v;
        profile[j]!.n++;
        if (o < 0) (inside += v), insideN++;
        else if (o >= 0.03) outside.push(v);
      });
      const [, i2, o1, , o6, o10] = values;
      if (i2 != null && o1 != null) (rim += Math.abs(o1 - i2)), rimN++;
      if (o1 != null && o6 != null && o10 != null) (dip += o1 - (o6 + o10) / 2), dipN++;
    }
  }
  const outsideMean = outside.length > 0 ? outside.reduce((s, v) => s + v, 0) / outside.length : Number.NaN;
  const outsideVar = outside.length > 0 ? outside.reduce((s, v) => s + (v - outsideMean) ** 2, 0) / outside.length : Number.NaN;
  return {
    darkShare: outside.length > 0 ? outside.filter((v) => v < DARK).length / outside.length : Number.NaN,
    outsideToInside: insideN > 0 ? outsideMean / (inside / insideN + 1) : Number.NaN,
    outsideStd: Math.sqrt(outsideVar) / 255,
    edgeContrast: rimN > 0 ? rim / rimN / 255 : Number.NaN,
    shadowDip: dipN > 0 ? dip / dipN / 255 : Number.NaN,
    visible: outsideTotal > 0 ? outside.length / outsideTotal : 0,
  };
}

/** Whole-image mode: the subject is the frame inset by `inset` of each side. */
export function centralQuad(width: number, height: number, inset = 0.12): Quad {
  const x0 = width * inset;
  const y0 = height * inset;
  const x1 = width * (1 - inset);
  const y1 = height * (1 - inset);
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}
