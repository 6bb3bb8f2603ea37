// The scene renderer: planar surfaces projected through the pinhole camera into a linear-light radiance frame.
// Each sensor pixel is split into s x s sub-samples; every sub-sample asks the surface's texture for its value
// box-filtered over that sub-sample's footprint on the surface (widened by the lens PSF), so the sum over the
// sub-samples is the integral of the surface's radiance over the pixel area. Fine periodic structure (display
// sub-pixels, halftone dots) is therefore sampled the way a sensor samples it and aliases by itself.
import type { LinearRgb } from '../types.js';
import type { Rgb } from './color.js';
import { spectralHue } from './color.js';
import type { Camera, Plane, Vec3 } from './geometry.js';
import { invertMat3, planeNormal, planePoint, planeToImage, project } from './geometry.js';
import type { SurfaceTexture } from './texture.js';

export interface MutableFrame extends LinearRgb {
  readonly data: Float32Array;
}

export function newFrame(width: number, height: number): MutableFrame {
  return { width, height, data: new Float32Array(width * height * 3) };
}

export interface PointLight {
  readonly position: Vec3;
  /** Colour times intensity; irradiance at 1 m facing the light. */
  readonly color: Rgb;
  /** Radius of the emitter in mm (sets how wide its specular highlight is on glossy surfaces). */
  readonly radiusMm: number;
}

/** Bright rectangle on the ceiling plane (a window or a lamp panel) that glass and laminate reflect. */
export interface CeilingPanel {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly radiance: Rgb;
}

export interface Lighting {
  readonly ambient: Rgb;
  readonly lights: readonly PointLight[];
  /** Height of the ceiling in mm above the table; panels and the room colour are what mirror-like surfaces reflect. */
  readonly ceilingMm: number;
  readonly ceilingPanels: readonly CeilingPanel[];
  readonly roomRadiance: Rgb;
  /** Radius (mm) of the photographer's head/phone silhouette around the camera, seen dark in reflections. */
  readonly photographerRadiusMm: number;
}

export interface HologramPatch {
  readonly u0: number;
  readonly v0: number;
  readonly u1: number;
  readonly v1: number;
}

export interface Material {
  readonly kind: 'diffuse' | 'emissive';
  /** Peak reflectance of the specular lobe of point lights (laminate, gloss paper); 0 for matte. */
  readonly specular: number;
  /** Blinn-Phong exponent of that lobe. */
  readonly shininess: number;
  /** Fresnel reflectance at normal incidence of a mirror-like top layer (screen glass ~0.04, laminate ~0.02). */
  readonly mirror: number;
  /** Diffraction foil areas whose colour changes with the viewing and lighting angle. */
  readonly holograms: readonly HologramPatch[];
  readonly hologramStrength: number;
  /**
   * Emissive only: the panel's angular fall-off, radiance x cos(theta)^n with theta between the surface normal and
   * the ray to the camera (LCD viewing angle; TN laptop panels fall off steeply). Absent: constant radiance.
   */
  readonly emissionFalloff?: number;
}

export const MATTE: Material = { kind: 'diffuse', specular: 0, shininess: 1, mirror: 0, holograms: [], hologramStrength: 0 };

export interface SceneSurface {
  readonly plane: Plane;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly cornerRadiusMm: number;
  readonly texture: SurfaceTexture;
  readonly material: Material;
  /** Sub-samples per axis per sensor pixel (1-4); more where the texture has structure near the pixel pitch. */
  readonly samplesPerAxis: number;
  /**
   * Keep all sub-samples even where the pixel lies wholly inside the surface (screens: the sub-samples' smaller
   * footprints follow a rotated pixel grid more tightly). Otherwise interior pixels take one sample box-filtered over
   * the whole pixel, which integrates the same area, and only edge pixels are split to anti-alias the outline.
   */
  readonly subsampleInterior?: boolean;
  /** Multiplicative image-space shadow map for light falling on this surface (null = unshadowed). */
  readonly shadow: ShadowMap | null;
  /**
   * Slight cylindrical bend (paper curling): the normal turns by `curvature` radians per mm away from the middle,
   * along u or v. Shading only; the outline stays that of the flat sheet (the bends meant here are a few degrees).
   */
  readonly bend?: { readonly curvature: number; readonly alongU: boolean };
}

export interface ShadowMap {
  readonly width: number;
  readonly height: number;
  /** Frame pixels per shadow-map pixel. */
  readonly step: number;
  readonly data: Float32Array;
}

export interface RenderOptions {
  /** Half-width in pixels of the lens PSF core used to prefilter textures before pixel integration. */
  readonly psfPx: number;
  /**
   * Leave out the reflections of the lights and the room (the point lights' specular lobe and the mirror layer;
   * holograms stay): the counterfactual frame lab/glare-truth.ts compares with to see where the lamp's reflection
   * clips the document. Absent in every generated image.
   */
  readonly withoutSpecular?: boolean;
}

/** Projected outline of a surface's rectangle, image pixels, clockwise from its (0, 0) corner. */
export function surfaceCorners(cam: Camera, s: SceneSurface): [number, number][] {
  const pts: [number, number][] = [];
  for (const [u, v] of [[0, 0], [s.widthMm, 0], [s.widthMm, s.heightMm], [0, s.heightMm]] as const) {
    const p = project(cam, planePoint(s.plane, u, v));
    pts.push([p[0], p[1]]);
  }
  return pts;
}

/** Renders one surface over the frame ("over" compositing by covered fraction); returns how many pixels it touched. */
export function renderSurface(frame: MutableFrame, cam: Camera, surf: SceneSurface, light: Lighting, opts: RenderOptions): number {
  const corners = surfaceCorners(cam, surf);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of corners) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const W = frame.width;
  const H = frame.height;
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(W - 1, Math.ceil(maxX));
  const y1 = Math.min(H - 1, Math.ceil(maxY));
  if (x0 > x1 || y0 > y1) return 0;

  const h = invertMat3(planeToImage(cam, surf.plane));
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h;
  const s = Math.max(1, Math.min(6, Math.round(surf.samplesPerAxis)));
  const inv = 1 / (s * s);
  const sw = surf.widthMm;
  const sh = surf.heightMm;
  const rad = Math.min(surf.cornerRadiusMm, sw / 2, sh / 2);
  const mat = opts.withoutSpecular === true ? { ...surf.material, specular: 0, mirror: 0 } : surf.material;
  const normal = planeNormal(surf.plane);
  const cam0 = cam.position;
  const tex = surf.texture;
  const out = new Float32Array(3);
  const data = frame.data;
  const shadow = surf.shadow;
  const psf = opts.psfPx;
  const po = surf.plane.origin;
  const pu = surf.plane.eu;
  const pv = surf.plane.ev;
  const [bn0, bn1, bn2] = normal;
  let n0 = bn0;
  let n1 = bn1;
  let n2 = bn2;
  const bend = surf.bend;
  const bendAxis = bend ? (bend.alongU ? pu : pv) : pu;
  const bendMid = bend ? (bend.alongU ? sw / 2 : sh / 2) : 0;
  // Position and colour of each point light in one flat array (no object and tuple loads per pixel).
  const lightData = Float64Array.from(light.lights.flatMap((l) => [...l.position, ...l.color]));
  const amb = light.ambient;
  const glossy = mat.specular > 0 || mat.mirror > 0 || mat.holograms.length > 0;
  const spec = new Float64Array(3);
  const keepSub = surf.subsampleInterior === true;
  let touched = 0;

  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const xc = x + 0.5;
      const yc = y + 0.5;
      const wc = h6 * xc + h7 * yc + h8;
      const uc = (h0 * xc + h1 * yc + h2) / wc;
      const vc = (h3 * xc + h4 * yc + h5) / wc;
      // Quick reject: pixel centre far outside the rectangle (more than ~2 pixels' worth).
      const dudx = (h0 - uc * h6) / wc;
      const dudy = (h1 - uc * h7) / wc;
      const dvdx = (h3 - vc * h6) / wc;
      const dvdy = (h4 - vc * h7) / wc;
      const spanU = Math.abs(dudx) + Math.abs(dudy);
      const spanV = Math.abs(dvdx) + Math.abs(dvdy);
      if (uc < -spanU || vc < -spanV || uc > sw + spanU || vc > sh + spanV) continue;
      // Interior pixel: the whole footprint is inside the rectangle and away from the rounded corners.
      const interior = !keepSub && s > 1 && uc > spanU && vc > spanV && uc < sw - spanU && vc < sh - spanV &&
        ((uc > rad + spanU && uc < sw - rad - spanU) || (vc > rad + spanV && vc < sh - rad - spanV));
      const n = interior ? 1 : s;
      const hu = (0.5 / n + psf) * spanU;
      const hv = (0.5 / n + psf) * spanV;
      let r = 0;
      let g = 0;
      let b = 0;
      let cov = 0;
      if (interior) {
        const a = tex.sample(uc, vc, hu, hv, out);
        r = out[0]! * a * s * s;
        g = out[1]! * a * s * s;
        b = out[2]! * a * s * s;
        cov = a * s * s;
      } else if (s === 1) {
        // One sample per pixel: it sits at the pixel centre, so (uc, vc) is its surface position.
        let inside = !(uc < 0 || vc < 0 || uc > sw || vc > sh);
        if (inside && rad > 0) {
          const cu = uc < rad ? rad - uc : uc > sw - rad ? uc - (sw - rad) : 0;
          const cv = vc < rad ? rad - vc : vc > sh - rad ? vc - (sh - rad) : 0;
          if (cu > 0 && cv > 0 && cu * cu + cv * cv > rad * rad) inside = false;
        }
        if (inside) {
          const a = tex.sample(uc, vc, hu, hv, out);
          if (a > 0) {
            r = out[0]! * a;
            g = out[1]! * a;
            b = out[2]! * a;
            cov = a;
          }
        }
      } else for (let sy = 0; sy < s; sy++) {
        const py = y + (sy + 0.5) / s;
        for (let sx = 0; sx < s; sx++) {
          const px = x + (sx + 0.5) / s;
          const w = h6 * px + h7 * py + h8;
          const u = (h0 * px + h1 * py + h2) / w;
          const v = (h3 * px + h4 * py + h5) / w;
          if (u < 0 || v < 0 || u > sw || v > sh) continue;
          if (rad > 0) {
            const cu = u < rad ? rad - u : u > sw - rad ? u - (sw - rad) : 0;
            const cv = v < rad ? rad - v : v > sh - rad ? v - (sh - rad) : 0;
            if (cu > 0 && cv > 0 && cu * cu + cv * cv > rad * rad) continue;
          }
          const a = tex.sample(u, v, hu, hv, out);
          if (a <= 0) continue;
          r += out[0]! * a;
          g += out[1]! * a;
          b += out[2]! * a;
          cov += a;
        }
      }
      if (cov <= 0) continue;
      touched++;
      cov *= inv;
      r *= inv;
      g *= inv;
      b *= inv;
      const p0 = po[0] + uc * pu[0] + vc * pv[0];
      const p1 = po[1] + uc * pu[1] + vc * pv[1];
      const p2 = po[2] + uc * pu[2] + vc * pv[2];
      let lr: number;
      let lg: number;
      let lb: number;
      const sh0 = shadow ? sampleShadow(shadow, xc, yc) : 1;
      if (bend) {
        const ang = bend.curvature * ((bend.alongU ? uc : vc) - bendMid);
        const c = Math.cos(ang);
        const sn = Math.sin(ang);
        n0 = bn0 * c + bendAxis[0] * sn;
        n1 = bn1 * c + bendAxis[1] * sn;
        n2 = bn2 * c + bendAxis[2] * sn;
      }
      if (mat.kind === 'emissive') {
        lr = r;
        lg = g;
        lb = b;
        if (mat.emissionFalloff !== undefined) {
          const vx = cam0[0] - p0;
          const vy = cam0[1] - p1;
          const vz = cam0[2] - p2;
          const f = Math.abs(vx * n0 + vy * n1 + vz * n2) / Math.sqrt(vx * vx + vy * vy + vz * vz);
          const k = f ** mat.emissionFalloff;
          lr *= k;
          lg *= k;
          lb *= k;
        }
      } else {
        let er = 0;
        let eg = 0;
        let eb = 0;
        for (let k = 0; k < lightData.length; k += 6) {
          const dx = lightData[k]! - p0;
          const dy = lightData[k + 1]! - p1;
          const dz = lightData[k + 2]! - p2;
          const d2 = dx * dx + dy * dy + dz * dz;
          const cos = (dx * n0 + dy * n1 + dz * n2) / Math.sqrt(d2);
          if (cos <= 0) continue;
          const e = (cos * MM_PER_M2) / d2;
          er += lightData[k + 3]! * e;
          eg += lightData[k + 4]! * e;
          eb += lightData[k + 5]! * e;
        }
        lr = r * (amb[0] + er * sh0);
        lg = g * (amb[1] + eg * sh0);
        lb = b * (amb[2] + eb * sh0);
      }
      if (glossy) {
        const vx = cam0[0] - p0;
        const vy = cam0[1] - p1;
        const vz = cam0[2] - p2;
        const vl = Math.sqrt(vx * vx + vy * vy + vz * vz);
        specular(p0, p1, p2, n0, n1, n2, vx / vl, vy / vl, vz / vl, cam0, light, mat, uc, vc, sh0, spec);
        lr += spec[0]! * cov;
        lg += spec[1]! * cov;
        lb += spec[2]! * cov;
      }
      const o = (y * W + x) * 3;
      const keep = 1 - cov;
      data[o] = data[o]! * keep + lr;
      data[o + 1] = data[o + 1]! * keep + lg;
      data[o + 2] = data[o + 2]! * keep + lb;
    }
  }
  return touched;
}

const MM_PER_M2 = 1e6;

/** Direct irradiance from the point lights (Lambert, inverse square), in units where 1 = a light of colour 1 at 1 m. */
export function irradiance(p: Vec3, n: Vec3, light: Lighting): Rgb {
  let r = 0;
  let g = 0;
  let b = 0;
  for (const l of light.lights) {
    const dx = l.position[0] - p[0];
    const dy = l.position[1] - p[1];
    const dz = l.position[2] - p[2];
    const d2 = dx * dx + dy * dy + dz * dz;
    const cos = (dx * n[0] + dy * n[1] + dz * n[2]) / Math.sqrt(d2);
    if (cos <= 0) continue;
    const e = (cos * MM_PER_M2) / d2;
    r += l.color[0] * e;
    g += l.color[1] * e;
    b += l.color[2] * e;
  }
  return [r, g, b];
}

// The normal comes as three numbers: an array per call would be one allocation per glossy pixel.
function specular(p0: number, p1: number, p2: number, nx: number, ny: number, nz: number, v0: number, v1: number, v2: number, camPos: Vec3, light: Lighting, mat: Material, u: number, v: number, shadowFactor: number, out: Float64Array): void {
  let r = 0;
  let g = 0;
  let b = 0;
  const ndv = Math.max(1e-3, nx * v0 + ny * v1 + nz * v2);
  if (mat.specular > 0 || mat.holograms.length > 0) {
    for (const l of light.lights) {
      const dx = l.position[0] - p0;
      const dy = l.position[1] - p1;
      const dz = l.position[2] - p2;
      const d2 = dx * dx + dy * dy + dz * dz;
      const d = Math.sqrt(d2);
      let hx = dx / d + v0;
      let hy = dy / d + v1;
      let hz = dz / d + v2;
      const hl = Math.sqrt(hx * hx + hy * hy + hz * hz);
      hx /= hl;
      hy /= hl;
      hz /= hl;
      const ndh = Math.max(0, nx * hx + ny * hy + nz * hz);
      const falloff = (MM_PER_M2 / d2) * shadowFactor;
      if (mat.specular > 0 && ndh > 0.5) {
        // A larger emitter spreads the highlight: lower the exponent with the light's angular size.
        const angular = l.radiusMm / d;
        const shin = Math.min(mat.shininess, 2 / Math.max(1e-4, angular * angular));
        const lobe = mat.specular * ((shin + 8) / 8) * Math.pow(ndh, shin) * falloff;
        r += l.color[0] * lobe;
        g += l.color[1] * lobe;
        b += l.color[2] * lobe;
      }
      for (const hp of mat.holograms) {
        if (u < hp.u0 || u > hp.u1 || v < hp.v0 || v > hp.v1) continue;
        // Diffraction grating: the diffracted colour depends on the half-vector's tilt and the position in the foil.
        const tilt = Math.acos(Math.min(1, ndh));
        const ring = Math.sin(Math.hypot(u - (hp.u0 + hp.u1) / 2, v - (hp.v0 + hp.v1) / 2) * 3.1 + u * 0.7) * 0.5 + 0.5;
        const hue = (tilt * 2.2 + ring * 0.35 + (hx * 0.6 - hy * 0.4)) % 1;
        const c = spectralHue(hue < 0 ? hue + 1 : hue);
        const lobe = mat.hologramStrength * Math.pow(ndh, 6) * (0.4 + 0.6 * ring) * falloff;
        r += c[0] * l.color[0] * lobe;
        g += c[1] * l.color[1] * lobe;
        b += c[2] * l.color[2] * lobe;
      }
    }
  }
  if (mat.mirror > 0) {
    // Mirror reflection of the room: reflect the view ray and look where it meets the ceiling.
    const k = 2 * ndv;
    const m1 = 1 - ndv;
    const m2 = m1 * m1;
    const fres = mat.mirror + (1 - mat.mirror) * m2 * m2 * m1;
    const env = roomRadiance(p0, p1, p2, k * nx - v0, k * ny - v1, k * nz - v2, light, camPos);
    r += env[0] * fres;
    g += env[1] * fres;
    b += env[2] * fres;
  }
  out[0] = r;
  out[1] = g;
  out[2] = b;
}

const PHOTOGRAPHER: Rgb = [0.012, 0.01, 0.009];

function roomRadiance(p0: number, p1: number, p2: number, d0: number, d1: number, d2: number, light: Lighting, cam: Vec3): Rgb {
  // The photographer (head, hands, phone) hides the room around the camera: rays passing close to it see a dark
  // silhouette, which is why a screen photographed head-on often shows a dark blob of the phone in its glass.
  const c = light.photographerRadiusMm;
  if (c > 0) {
    const ox = cam[0] - p0;
    const oy = cam[1] - p1;
    const oz = cam[2] - p2;
    const t = ox * d0 + oy * d1 + oz * d2;
    if (t > 0) {
      const q = ox * ox + oy * oy + oz * oz - t * t;
      if (q < c * c) return PHOTOGRAPHER;
    }
  }
  if (d2 <= 0.02) return light.roomRadiance;
  const t = (light.ceilingMm - p2) / d2;
  const qx = p0 + d0 * t;
  const qy = p1 + d1 * t;
  for (const panel of light.ceilingPanels) {
    if (qx >= panel.x0 && qx <= panel.x1 && qy >= panel.y0 && qy <= panel.y1) return panel.radiance;
  }
  return light.roomRadiance;
}

function sampleShadow(m: ShadowMap, x: number, y: number): number {
  let fx = x / m.step - 0.5;
  let fy = y / m.step - 0.5;
  if (fx < 0) fx = 0;
  if (fy < 0) fy = 0;
  if (fx > m.width - 1) fx = m.width - 1;
  if (fy > m.height - 1) fy = m.height - 1;
  const x0 = fx | 0;
  const y0 = fy | 0;
  const x1 = Math.min(m.width - 1, x0 + 1);
  const y1 = Math.min(m.height - 1, y0 + 1);
  const ax = fx - x0;
  const ay = fy - y0;
  const d = m.data;
  return (
    (d[y0 * m.width + x0]! * (1 - ax) + d[y0 * m.width + x1]! * ax) * (1 - ay) +
    (d[y1 * m.width + x0]! * (1 - ax) + d[y1 * m.width + x1]! * ax) * ay
  );
}
