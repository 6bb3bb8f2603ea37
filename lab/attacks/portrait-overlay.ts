// Physical portrait substitution on the flat document: a printed photo of another face, cut with scissors and stuck
// over the printed portrait. Modelled in the document's own plane (render pixels), before the capture:
// - the cut sheet is a slightly rotated, offset rectangle of paper (its own halftone / inkjet print, its own white);
// - its 0.1-0.3 mm thick edge casts a soft shadow on the side away from the light and shows a bright cut face on the
//   lit side (paper core);
// - sometimes a corner is lifted: that part tilts towards the light (brighter) and throws a longer shadow.
// Anything under the sheet (portrait, guilloche, part of the frame) is hidden, so the lines stop at its edge.
import type { Rng } from '../rng.js';
import type { DocumentRender, PxBox, Rgba8 } from '../types.js';
import type { PhotoPrintParams } from './photo-print.js';
import { drawPhotoPrintParams, linearToSrgb8, printPhoto, srgbToLinear } from './photo-print.js';
import type { Rgb8 } from './raster.js';

export interface OverlayParams {
  /** Centre of the stuck photo in render pixels, its size in render pixels and its rotation. */
  readonly centerPx: readonly [number, number];
  readonly widthPx: number;
  readonly heightPx: number;
  readonly rotationDeg: number;
  readonly offsetMm: readonly [number, number];
  readonly thicknessMm: number;
  /** Direction the light comes from, in the document plane (degrees, 0 = from +x), and its elevation. */
  readonly lightAzimuthDeg: number;
  readonly lightElevationDeg: number;
  readonly shadowLengthPx: number;
  readonly shadowStrength: number;
  readonly liftedCorner: 0 | 1 | 2 | 3 | null;
  readonly liftSizeMm: number;
  readonly print: PhotoPrintParams;
}

export function drawOverlayParams(doc: DocumentRender, box: PxBox, rng: Rng): OverlayParams {
  const mm = doc.pxPerMm;
  const offsetMm: [number, number] = [clampN(rng.normal(0, 0.35), 0.9), clampN(rng.normal(0, 0.35), 0.9)];
  // Cut a little larger than the printed portrait to be sure it is covered, sometimes tight or slightly short.
  const grow = rng.uniform(-0.03, 0.09);
  const thicknessMm = rng.uniform(0.1, 0.3);
  const lightElevationDeg = rng.uniform(25, 70);
  return {
    centerPx: [box.x + box.width / 2 + offsetMm[0] * mm, box.y + box.height / 2 + offsetMm[1] * mm],
    widthPx: Math.round(box.width * (1 + grow + rng.uniform(-0.015, 0.015))),
    heightPx: Math.round(box.height * (1 + grow + rng.uniform(-0.015, 0.015))),
    rotationDeg: clampN(rng.normal(0, 0.9), 2.5),
    offsetMm,
    thicknessMm,
    lightAzimuthDeg: rng.uniform(0, 360),
    lightElevationDeg,
    // Shadow cast by the edge: thickness / tan(elevation), plus the glue gap under the sheet.
    shadowLengthPx: ((thicknessMm + rng.uniform(0.02, 0.15)) / Math.tan((lightElevationDeg * Math.PI) / 180)) * mm,
    shadowStrength: rng.uniform(0.25, 0.5),
    liftedCorner: rng.bool(0.3) ? (rng.int(0, 3) as 0 | 1 | 2 | 3) : null,
    liftSizeMm: rng.uniform(2, 6),
    print: drawPhotoPrintParams(rng, mm),
  };
}

function clampN(v: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, v));
}

/** Returns a copy of the document with the printed photo stuck on; `face` is cropped to the sheet's aspect. */
export function applyPortraitOverlay(doc: DocumentRender, face: Rgb8, p: OverlayParams, rng: Rng): DocumentRender {
  const src = doc.image;
  const out: Rgba8 = { width: src.width, height: src.height, data: new Uint8ClampedArray(src.data) };
  const printed = printPhoto(face, p.widthPx, p.heightPx, doc.pxPerMm, p.print, rng.fork('print'));
  const theta = (p.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const hw = p.widthPx / 2;
  const hh = p.heightPx / 2;
  const az = (p.lightAzimuthDeg * Math.PI) / 180;
  // Light direction in the sheet's own frame (towards the light), and the shadow displacement (away from it).
  const lx = Math.cos(az - theta);
  const ly = Math.sin(az - theta);
  const sdx = -lx * p.shadowLengthPx;
  const sdy = -ly * p.shadowLengthPx;
  const penumbra = Math.max(0.8, p.shadowLengthPx * 0.6);
  const edgePx = Math.max(0.6, p.thicknessMm * doc.pxPerMm * Math.cos((p.lightElevationDeg * Math.PI) / 180) * 0.35);
  const liftPx = p.liftSizeMm * doc.pxPerMm;
  const corners: readonly (readonly [number, number])[] = [[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]];
  const lifted = p.liftedCorner === null ? null : corners[p.liftedCorner]!;
  const margin = Math.ceil(p.shadowLengthPx * 3 + penumbra * 2 + liftPx * 0.6 + 4);
  const reach = Math.hypot(hw, hh) + margin;
  const x0 = Math.max(0, Math.floor(p.centerPx[0] - reach));
  const x1 = Math.min(src.width - 1, Math.ceil(p.centerPx[0] + reach));
  const y0 = Math.max(0, Math.floor(p.centerPx[1] - reach));
  const y1 = Math.min(src.height - 1, Math.ceil(p.centerPx[1] + reach));
  const [pr, pg, pb] = p.print.paperWhite;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      // Pixel centre in the sheet's frame.
      const dx = x + 0.5 - p.centerPx[0];
      const dy = y + 0.5 - p.centerPx[1];
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      const dist = rectSdf(u, v, hw, hh);
      const cover = Math.min(1, Math.max(0, 0.5 - dist));
      // How high this point of the sheet is lifted (0..1), for the lifted corner.
      let lift = 0;
      if (lifted) {
        const along = ((lifted[0] - u) * Math.sign(lifted[0]) + (lifted[1] - v) * Math.sign(lifted[1])) / Math.SQRT2;
        lift = Math.max(0, 1 - Math.max(0, along) / liftPx);
      }
      // Shadow: the sheet's outline displaced away from the light. Under the lifted part it is cast from higher up:
      // longer, with a wider penumbra and more fill light reaching under it (so lighter).
      const shadowGrow = 1 + lift * 2.5;
      const sd = rectSdf(u - sdx * shadowGrow, v - sdy * shadowGrow, hw, hh);
      const shadow = Math.min(1, Math.max(0, 0.5 - sd / (penumbra * shadowGrow))) * (1 - cover) * (1 - 0.45 * lift);
      const i = (y * src.width + x) * 4;
      if (shadow > 0 && cover < 1) {
        const f = 1 - p.shadowStrength * shadow;
        out.data[i] = Math.round(out.data[i]! * f);
        out.data[i + 1] = Math.round(out.data[i + 1]! * f);
        out.data[i + 2] = Math.round(out.data[i + 2]! * f);
      }
      if (cover <= 0) continue;
      // Printed reflectance at this point of the sheet (nearest printed pixel: the sheet is printed at render pitch).
      const px = Math.min(p.widthPx - 1, Math.max(0, Math.floor(u + hw)));
      const py = Math.min(p.heightPx - 1, Math.max(0, Math.floor(v + hh)));
      const s = (py * p.widthPx + px) * 3;
      let r = srgbToLinear(printed.data[s]! / 255);
      let g = srgbToLinear(printed.data[s + 1]! / 255);
      let b = srgbToLinear(printed.data[s + 2]! / 255);
      // Cut edge: the paper core shows as a thin line, bright where its face turns to the light, dark where away.
      const inside = -dist;
      if (inside < edgePx) {
        const [nx, ny] = rectNormal(u, v, hw, hh);
        const facing = nx * lx + ny * ly;
        const shade = facing > 0 ? 1 + 0.15 * facing : 1 + 0.6 * facing;
        const t = 1 - Math.max(0, inside) / edgePx;
        r = r * (1 - t) + pr * shade * t;
        g = g * (1 - t) + pg * shade * t;
        b = b * (1 - t) + pb * shade * t;
      }
      if (lift > 0) {
        // The lifted part tilts towards the light: more irradiance, up to ~35 % at the corner tip.
        const tilt = 1 + 0.35 * lift * lift * Math.max(0.2, lx * Math.sign(lifted![0]) + ly * Math.sign(lifted![1]));
        r *= tilt;
        g *= tilt;
        b *= tilt;
      }
      const a = cover;
      out.data[i] = Math.round(linearToSrgb8(r) * a + out.data[i]! * (1 - a));
      out.data[i + 1] = Math.round(linearToSrgb8(g) * a + out.data[i + 1]! * (1 - a));
      out.data[i + 2] = Math.round(linearToSrgb8(b) * a + out.data[i + 2]! * (1 - a));
    }
  }
  return { ...doc, image: out, params: { ...doc.params, portraitOverlay: p } };
}

/** Signed distance to an axis-aligned rectangle centred at the origin (negative inside). */
function rectSdf(u: number, v: number, hw: number, hh: number): number {
  const qx = Math.abs(u) - hw;
  const qy = Math.abs(v) - hh;
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(qx, qy), 0);
}

/** Outward normal of the nearest rectangle edge. */
function rectNormal(u: number, v: number, hw: number, hh: number): [number, number] {
  return hw - Math.abs(u) < hh - Math.abs(v) ? [Math.sign(u) || 1, 0] : [0, Math.sign(v) || 1];
}
