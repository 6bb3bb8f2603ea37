// Hands holding the document, drawn in image space (they are close to the camera and not flat): a thumb lying
// over one edge of the document, fingertips peeking out behind the opposite edge, and the soft shadow the thumb
// casts on the document. Skin is shaded as a cylinder (dark flanks, lit ridge) with a nail near the tip.
import { createCanvas } from '@napi-rs/canvas';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import type { Rng } from '../rng.js';
import type { Point } from './geometry.js';

export interface HandLayers {
  /** Straight (not premultiplied) sRGB RGBA at frame size: fingers behind the document. */
  readonly behind: Uint8ClampedArray | null;
  /** In front of the document (the thumb). */
  readonly front: Uint8ClampedArray;
  /** Thumb shadow on the document: multiplicative map at frame size / `shadowStep`. */
  readonly shadow: Float32Array;
  readonly shadowStep: number;
  readonly shadowWidth: number;
  readonly shadowHeight: number;
  readonly params: Record<string, unknown>;
}

const SKIN_TONES: readonly (readonly [number, number, number])[] = [
  [241, 194, 167], [224, 172, 140], [198, 142, 109], [170, 118, 86], [141, 94, 66], [104, 68, 46], [232, 185, 150],
];

/**
 * `quad` is the document in image pixels (clockwise from its top-left), `pxPerMm` the local scale at the document.
 * `lightShift` is the image-space offset (px) of the thumb's shadow (away from the key light).
 */
export function drawHands(rng: Rng, width: number, height: number, quad: readonly Point[], pxPerMm: number, lightShift: Point, shadowDarkness: number): HandLayers {
  const tone = rng.pick(SKIN_TONES).map((c) => Math.min(255, Math.max(0, c * rng.uniform(0.92, 1.06)))) as unknown as [number, number, number];
  const edge = rng.int(0, 3);
  const a = quad[edge]!;
  const b = quad[(edge + 1) % 4]!;
  const t = rng.uniform(0.2, 0.8);
  const ex = b[0] - a[0];
  const ey = b[1] - a[1];
  const el = Math.hypot(ex, ey);
  // Inward normal of a clockwise quad in image coordinates (y down) is the edge direction rotated by +90 degrees.
  const nx = -ey / el;
  const ny = ex / el;
  const ang = rng.uniform(-0.5, 0.5);
  const dx = nx * Math.cos(ang) - ny * Math.sin(ang);
  const dy = nx * Math.sin(ang) + ny * Math.cos(ang);
  const depth = rng.uniform(6, 18) * pxPerMm;
  const thumbWidth = rng.uniform(16, 21) * pxPerMm;
  const base: Point = [a[0] + ex * t, a[1] + ey * t];
  const tip: Point = [base[0] + dx * depth, base[1] + dy * depth];
  const root: Point = [base[0] - dx * 60 * pxPerMm, base[1] - dy * 60 * pxPerMm];

  const front = createCanvas(width, height);
  const fctx = front.getContext('2d');
  // The hand is nearer the camera than the document the phone focuses on: a little out of focus. The hand is
  // drawn sharp and defocused once as a whole (a filter on the drawing context would blur a full-frame layer for
  // every one of the thousands of skin-texture dots).
  const defocus = `blur(${Math.max(0.4, pxPerMm * rng.uniform(0.05, 0.15)).toFixed(2)}px)`;
  // The rest of the hand: from the thumb's root the palm widens and runs out of the frame (the photographer's hand
  // comes from outside the picture), shaded across its width like the thumb.
  const px = -dy;
  const py = dx;
  const side = rng.bool() ? 1 : -1;
  const far = 400 * pxPerMm;
  const palmW = rng.uniform(70, 90) * pxPerMm;
  const pts: Point[] = [
    [root[0] + px * thumbWidth * 0.5, root[1] + py * thumbWidth * 0.5],
    [root[0] - px * thumbWidth * 0.5, root[1] - py * thumbWidth * 0.5],
    [root[0] - dx * 45 * pxPerMm - px * (palmW * (side < 0 ? 0.8 : 0.2)), root[1] - dy * 45 * pxPerMm - py * (palmW * (side < 0 ? 0.8 : 0.2))],
    [root[0] - dx * far - px * palmW * 0.6, root[1] - dy * far - py * palmW * 0.6],
    [root[0] - dx * far + px * palmW * 0.6, root[1] - dy * far + py * palmW * 0.6],
    [root[0] - dx * 45 * pxPerMm + px * (palmW * (side > 0 ? 0.8 : 0.2)), root[1] - dy * 45 * pxPerMm + py * (palmW * (side > 0 ? 0.8 : 0.2))],
  ];
  const mid: Point = [root[0] - dx * 45 * pxPerMm, root[1] - dy * 45 * pxPerMm];
  const pg = fctx.createLinearGradient(mid[0] - px * palmW * 0.6, mid[1] - py * palmW * 0.6, mid[0] + px * palmW * 0.6, mid[1] + py * palmW * 0.6);
  const shade = (k: number): string => `rgb(${tone.map((c) => Math.round(Math.min(255, c * k))).join(',')})`;
  pg.addColorStop(0, shade(0.55));
  pg.addColorStop(0.35, shade(0.92));
  pg.addColorStop(0.55, shade(1.0));
  pg.addColorStop(1, shade(0.6));
  fctx.fillStyle = pg;
  fctx.beginPath();
  // Rounded outline through the points (quadratic curves between edge midpoints).
  const midOf = (a: Point, b: Point): Point => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const start = midOf(pts[pts.length - 1]!, pts[0]!);
  fctx.moveTo(start[0], start[1]);
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    const m = midOf(p, pts[(i + 1) % pts.length]!);
    fctx.quadraticCurveTo(p[0], p[1], m[0], m[1]);
  }
  fctx.fill();
  drawFinger(fctx, rng, root, tip, thumbWidth, tone, true);
  skinTexture(fctx, rng, root, tip, thumbWidth, tone);

  let behind: Uint8ClampedArray | null = null;
  const fingers = rng.int(0, 3);
  if (fingers > 0) {
    const bc = createCanvas(width, height);
    const bctx = bc.getContext('2d');
    const oa = quad[(edge + 2) % 4]!;
    const ob = quad[(edge + 3) % 4]!;
    for (let i = 0; i < fingers; i++) {
      const s = Math.min(0.95, Math.max(0.05, 1 - t + (i - (fingers - 1) / 2) * 0.22));
      const p: Point = [oa[0] + (ob[0] - oa[0]) * s, oa[1] + (ob[1] - oa[1]) * s];
      const out = rng.uniform(4, 12) * pxPerMm;
      // Fingertips come from behind: tip outside the document by `out`, body under the document.
      const ftip: Point = [p[0] + dx * out, p[1] + dy * out];
      const froot: Point = [p[0] - dx * 60 * pxPerMm, p[1] - dy * 60 * pxPerMm];
      drawFinger(bctx, rng, froot, ftip, rng.uniform(14, 18) * pxPerMm, tone, false);
    }
    behind = bc.getContext('2d').getImageData(0, 0, width, height).data as unknown as Uint8ClampedArray;
  }

  // Shadow: the thumb's silhouette shifted away from the light and blurred by the light's size.
  const step = 4;
  const sw = Math.ceil(width / step);
  const sh = Math.ceil(height / step);
  const sc = createCanvas(sw, sh);
  const sctx = sc.getContext('2d');
  sctx.filter = `blur(${Math.max(1, (2 + rng.uniform(0, 4)) * pxPerMm / step).toFixed(1)}px)`;
  sctx.strokeStyle = 'rgba(0,0,0,1)';
  sctx.lineCap = 'round';
  sctx.lineWidth = thumbWidth / step;
  sctx.beginPath();
  sctx.moveTo((root[0] + lightShift[0]) / step, (root[1] + lightShift[1]) / step);
  sctx.lineTo((tip[0] + lightShift[0]) / step, (tip[1] + lightShift[1]) / step);
  sctx.stroke();
  const sdata = sctx.getImageData(0, 0, sw, sh).data;
  const shadow = new Float32Array(sw * sh);
  for (let i = 0; i < sw * sh; i++) shadow[i] = 1 - shadowDarkness * (sdata[i * 4 + 3]! / 255);

  return {
    behind,
    front: blurredPixels(front, width, height, defocus),
    shadow,
    shadowStep: step,
    shadowWidth: sw,
    shadowHeight: sh,
    params: { skinTone: tone.map(Math.round), thumbEdge: edge, thumbDepthMm: depth / pxPerMm, fingersBehind: fingers },
  };
}

/** The canvas drawn once through a blur filter onto a fresh canvas, as straight RGBA. */
function blurredPixels(source: Canvas, width: number, height: number, filter: string): Uint8ClampedArray {
  const out = createCanvas(width, height);
  const ctx = out.getContext('2d');
  ctx.filter = filter;
  ctx.drawImage(source, 0, 0);
  return ctx.getImageData(0, 0, width, height).data as unknown as Uint8ClampedArray;
}

/** Pores and fine creases: faint dots and short strokes clipped to the thumb, so skin is not a plastic gradient. */
function skinTexture(ctx: SKRSContext2D, rng: Rng, root: Point, tip: Point, w: number, tone: readonly number[]): void {
  const len = Math.hypot(tip[0] - root[0], tip[1] - root[1]);
  ctx.save();
  ctx.translate(root[0], root[1]);
  ctx.rotate(Math.atan2(tip[1] - root[1], tip[0] - root[0]));
  ctx.beginPath();
  ctx.roundRect(0, -w / 2, len, w, w / 2);
  ctx.clip();
  const n = Math.min(4000, Math.round((len * w) / Math.max(4, (w / 40) ** 2)));
  for (let i = 0; i < n; i++) {
    const dark = rng.bool(0.6);
    ctx.fillStyle = dark ? `rgba(${tone.map((v) => Math.round(v * 0.6)).join(',')},0.10)` : 'rgba(255,255,255,0.06)';
    ctx.beginPath();
    ctx.arc(rng.uniform(0, len), rng.uniform(-w / 2, w / 2), rng.uniform(0.3, 1.2) * Math.max(0.6, w / 60), 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();
}

function drawFinger(ctx: SKRSContext2D, rng: Rng, root: Point, tip: Point, width: number, tone: readonly number[], nail: boolean): void {
  const dx = tip[0] - root[0];
  const dy = tip[1] - root[1];
  const len = Math.hypot(dx, dy);
  const ang = Math.atan2(dy, dx);
  ctx.save();
  ctx.translate(root[0], root[1]);
  ctx.rotate(ang);
  const r = width / 2;
  // Cylinder shading across the finger: Lambert falloff towards the flanks plus a soft ridge highlight.
  const g = ctx.createLinearGradient(0, -r, 0, r);
  const c = (k: number): string => `rgb(${tone.map((v) => Math.round(Math.min(255, v * k))).join(',')})`;
  g.addColorStop(0, c(0.55));
  g.addColorStop(0.3, c(0.92));
  g.addColorStop(0.45, c(1.04));
  g.addColorStop(0.7, c(0.9));
  g.addColorStop(1, c(0.5));
  ctx.fillStyle = g;
  // Tapered: wider at the base, a rounded pad at the tip.
  const rb = r * 1.12;
  const rt = r * 0.92;
  ctx.beginPath();
  ctx.moveTo(0, -rb);
  ctx.bezierCurveTo(len * 0.5, -rb, len - rt * 1.6, -rt, len - rt, -rt);
  ctx.arc(len - rt, 0, rt, -Math.PI / 2, Math.PI / 2);
  ctx.bezierCurveTo(len - rt * 1.6, rt, len * 0.5, rb, 0, rb);
  ctx.closePath();
  ctx.fill();
  // Knuckle creases.
  ctx.strokeStyle = `rgba(${tone.map((v) => Math.round(v * 0.6)).join(',')},0.35)`;
  ctx.lineWidth = Math.max(0.5, width * 0.02);
  for (const k of [0.55, 0.58]) {
    ctx.beginPath();
    ctx.moveTo(len - width * 1.6 * k * 2, -r * 0.6);
    ctx.quadraticCurveTo(len - width * 1.6 * k * 2 - width * 0.1, 0, len - width * 1.6 * k * 2, r * 0.6);
    ctx.stroke();
  }
  if (nail) {
    const nl = width * rng.uniform(0.55, 0.7);
    const nw = width * 0.62;
    const ng = ctx.createLinearGradient(0, -nw / 2, 0, nw / 2);
    ng.addColorStop(0, `rgba(${tone.map((v) => Math.round(v * 0.8 + 40)).join(',')},0.9)`);
    ng.addColorStop(0.5, `rgba(${tone.map((v) => Math.round(Math.min(255, v * 0.85 + 70))).join(',')},0.95)`);
    ng.addColorStop(1, `rgba(${tone.map((v) => Math.round(v * 0.75 + 30)).join(',')},0.9)`);
    ctx.fillStyle = ng;
    ctx.beginPath();
    ctx.roundRect(len - nl - width * 0.08, -nw / 2, nl, nw, [nw * 0.25, nw * 0.5, nw * 0.5, nw * 0.25]);
    ctx.fill();
  }
  ctx.restore();
}
