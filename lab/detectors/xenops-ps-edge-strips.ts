// Strips across the sides of the portrait for the lab's sheet-edge CNN (xenops-ps-edge-cnn.ts): measured on branch
// ps6 and not in the shipped features, so it lives in the lab and takes the product's fit through fittedPortrait().
// A stuck-on sheet's edge is a luma / colour step with a thin cast shadow on one side and the cut paper's bright
// face on the other, across a millimetre or so. Each strip is a small crop of the document at twice the canonical
// resolution (taken from the full-resolution input, so the shadow and the step keep their real width), turned so
// that the side runs down the strip and "outward" (away from the face) points to +x. Strips are taken at three
// places along each side of two rectangles: the one fitted around the face (rectangle.ts) and the anchor box it was
// searched from (the layout's portrait box where one holds the face, else the front-end's photo box), so a side the
// fit missed still gets looked at.
import type { Box } from '../../src/domain/types.js';
import type { RgbImage } from '../../src/image/types.js';
import type { DetectorInput } from '../../src/pipelines/detector.js';
import { fittedPortrait } from '../../src/pipelines/xenops-ps/features.js';

/** Strip size in output pixels: ACROSS the side (perpendicular) x ALONG it. */
export const STRIP_ACROSS = 48;
export const STRIP_ALONG = 16;
export const STRIP_CHANNELS = 3;
export const STRIP_SIZE = STRIP_ACROSS * STRIP_ALONG * STRIP_CHANNELS;
/** Output pixels per canonical pixel: a canonical px is ~0.13 mm of an ID-1 card, so a strip spans ~3.2 mm across. */
export const STRIP_PER_CANONICAL = 2;
/** Positions along each side (share of its length from its first corner). */
export const STRIP_POSITIONS = [0.25, 0.5, 0.75] as const;
/** Residual scale: grey levels per input unit (a sheet edge is a step of tens of grey levels). */
const LEVEL = 32;

export type StripSide = 'left' | 'top' | 'right' | 'bottom';
export const STRIP_SIDES: readonly StripSide[] = ['left', 'top', 'right', 'bottom'];

/** Where a strip sits: which rectangle, side and canonical centre. */
export interface StripPlace {
  readonly source: 'fit' | 'anchor';
  readonly side: StripSide;
  readonly x: number;
  readonly y: number;
}

/** Corners left-top, right-top, right-bottom, left-bottom (canonical px), as RectangleFit.corners. */
export type Corners = readonly (readonly [number, number])[];

export const boxCorners = (b: Box): Corners => [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]];

const SIDE_ENDS: Record<StripSide, readonly [number, number]> = { left: [0, 3], top: [0, 1], right: [1, 2], bottom: [3, 2] };

/** Strip centres on the four sides of a rectangle (none when it has no four corners). */
export function stripPlaces(corners: Corners, source: StripPlace['source']): StripPlace[] {
  if (corners.length !== 4) return [];
  const places: StripPlace[] = [];
  for (const side of STRIP_SIDES) {
    const [a, b] = SIDE_ENDS[side];
    const p = corners[a]!, q = corners[b]!;
    for (const t of STRIP_POSITIONS) places.push({ source, side, x: p[0] + t * (q[0] - p[0]), y: p[1] + t * (q[1] - p[1]) });
  }
  return places;
}

/** The canonical box a strip is cut from (the side runs along its short axis for left / right, long for top / bottom). */
export function stripRegion(place: StripPlace): Box {
  const across = STRIP_ACROSS / STRIP_PER_CANONICAL;
  const along = STRIP_ALONG / STRIP_PER_CANONICAL;
  const vertical = place.side === 'left' || place.side === 'right';
  const w = vertical ? across : along;
  const h = vertical ? along : across;
  return { x: place.x - w / 2, y: place.y - h / 2, width: w, height: h };
}

/**
 * Writes the strip into `out` at `offset` as (pixel - strip mean per channel) / 32, turned so the side runs down the
 * rows and outward is +x; `layout` 'nhwc' for tfjs training, 'nchw' for the ONNX session. `crop` must be the strip
 * region's crop at STRIP_PER_CANONICAL output px per canonical px (width x height = across x along, or transposed).
 */
export function writeStrip(crop: RgbImage, side: StripSide, out: Float32Array, offset: number, layout: 'nhwc' | 'nchw'): void {
  const vertical = side === 'left' || side === 'right';
  const cw = crop.width, ch = crop.height;
  const means = [0, 0, 0];
  for (let i = 0; i < cw * ch; i++) for (let c = 0; c < 3; c++) means[c]! += crop.data[i * 3 + c]!;
  for (let c = 0; c < 3; c++) means[c]! /= Math.max(1, cw * ch);
  for (let r = 0; r < STRIP_ALONG; r++) {
    for (let a = 0; a < STRIP_ACROSS; a++) {
      // Source pixel: across runs along x for vertical sides (outward = -x on the left), along y for horizontal
      // ones (outward = -y on the top); clamped when the crop came out a pixel short.
      let sx: number, sy: number;
      if (vertical) (sx = side === 'right' ? a : STRIP_ACROSS - 1 - a), (sy = r);
      else (sx = r), (sy = side === 'bottom' ? a : STRIP_ACROSS - 1 - a);
      sx = Math.min(cw - 1, sx);
      sy = Math.min(ch - 1, sy);
      const s = (sy * cw + sx) * 3;
      for (let c = 0; c < 3; c++) {
        const v = (crop.data[s + c]! - means[c]!) / LEVEL;
        const o = layout === 'nhwc' ? offset + (r * STRIP_ACROSS + a) * 3 + c : offset + (c * STRIP_ALONG + r) * STRIP_ACROSS + a;
        out[o] = v;
      }
    }
  }
}

/** Crops and writes the strips of `places` (NHWC or NCHW), honouring `signal` between crops. */
export async function cutStrips(
  crop: (region: Box, options: { scale: number; maxSide: number }) => Promise<RgbImage>,
  nativePerCanonical: number,
  places: readonly StripPlace[],
  layout: 'nhwc' | 'nchw',
  signal?: AbortSignal,
): Promise<Float32Array> {
  const out = new Float32Array(places.length * STRIP_SIZE);
  // crop()'s scale is output px per native px; a strip is a fixed size in canonical px.
  const scale = STRIP_PER_CANONICAL / Math.max(nativePerCanonical, 1e-3);
  const images = await Promise.all(places.map((p) => crop(stripRegion(p), { scale, maxSide: STRIP_ACROSS })));
  signal?.throwIfAborted();
  images.forEach((image, i) => writeStrip(image, places[i]!.side, out, i * STRIP_SIZE, layout));
  return out;
}

/**
 * The sheet-edge strips of a request: three across each side of the rectangle the product fitted around the face,
 * then three across each side of the first anchor it searched from (a layout box when one holds the face, else
 * the photo box).
 */
export async function sheetEdgeStrips(input: DetectorInput, layout: 'nhwc' | 'nchw'): Promise<{ places: StripPlace[]; data: Float32Array }> {
  const { rectangle, anchors, nativeScale, crop } = await fittedPortrait(input);
  const anchor = anchors[0];
  const places = [...stripPlaces(rectangle.corners, 'fit'), ...(anchor === undefined ? [] : stripPlaces(boxCorners(anchor.box), 'anchor'))];
  const data = await cutStrips(crop, nativeScale, places, layout, input.signal);
  return { places, data };
}
