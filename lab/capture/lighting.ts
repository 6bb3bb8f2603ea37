// Room lighting for a capture: a key lamp (ceiling light or desk lamp), sometimes a window, sometimes the phone's
// flash, an ambient term, and what glossy surfaces reflect (lamp panels, windows, the photographer's silhouette).
import type { Rng } from '../rng.js';
import { illuminantRgb } from './color.js';
import type { Rgb } from './color.js';
import type { Vec3 } from './geometry.js';
import type { CeilingPanel, Lighting, PointLight } from './render.js';

export interface DrawnLighting {
  readonly lighting: Lighting;
  /** Colour of the dominant light (what the white balance should remove), luminance 1. */
  readonly illuminant: Rgb;
  /** Direction from the subject to the key light in the table plane (unit). */
  readonly keyDirection: readonly [number, number];
  /** Elevation of the key light above the table plane (radians). */
  readonly keyElevation: number;
  /** Overall light level relative to a bright office (sets the photon count, hence noise). */
  readonly level: number;
  readonly params: Record<string, unknown>;
}

/** `center` is the subject's centre in world mm; `camera` the camera position (for the flash). */
export function drawLighting(rng: Rng, center: Vec3, camera: Vec3): DrawnLighting {
  const cct = rng.weighted([[rng.uniform(2700, 3500), 0.35], [rng.uniform(3500, 5000), 0.35], [rng.uniform(5000, 7000), 0.3]] as const);
  const color = illuminantRgb(cct);
  const lamp = rng.weighted([['ceiling', 0.6], ['desk-lamp', 0.25], ['window', 0.15]] as const);
  const az = rng.uniform(0, Math.PI * 2);
  const height = lamp === 'desk-lamp' ? rng.uniform(300, 600) : lamp === 'window' ? rng.uniform(600, 1500) : rng.uniform(1400, 2400);
  const horizontal = lamp === 'desk-lamp' ? rng.uniform(150, 500) : lamp === 'window' ? rng.uniform(1200, 2500) : rng.uniform(0, 1600);
  const keyPos: Vec3 = [center[0] + Math.cos(az) * horizontal, center[1] + Math.sin(az) * horizontal, height];
  const dist2 = (keyPos[0] - center[0]) ** 2 + (keyPos[1] - center[1]) ** 2 + (keyPos[2] - center[2]) ** 2;
  // Scale the lamp so the direct irradiance at the subject is ~1 (the auto exposure sets the absolute level).
  const cos = (keyPos[2] - center[2]) / Math.sqrt(dist2);
  const strength = (rng.uniform(0.7, 1.2) * dist2) / 1e6 / Math.max(0.2, cos);
  const lights: PointLight[] = [
    { position: keyPos, color: [color[0] * strength, color[1] * strength, color[2] * strength], radiusMm: lamp === 'window' ? 500 : lamp === 'desk-lamp' ? 30 : rng.uniform(40, 250) },
  ];
  const flash = rng.bool(0.08);
  if (flash) {
    const d2 = (camera[0] - center[0]) ** 2 + (camera[1] - center[1]) ** 2 + (camera[2] - center[2]) ** 2;
    const f = illuminantRgb(5500);
    const s = (rng.uniform(0.6, 1.5) * d2) / 1e6;
    lights.push({ position: [camera[0] + 8, camera[1], camera[2]], color: [f[0] * s, f[1] * s, f[2] * s], radiusMm: 1.5 });
  }
  const ambientLevel = rng.uniform(0.12, 0.45);
  const skyMix = rng.uniform(0, 1);
  const sky = illuminantRgb(rng.uniform(5500, 8000));
  const ambient: Rgb = [0, 1, 2].map((c) => ambientLevel * (skyMix * sky[c]! + (1 - skyMix) * color[c]!)) as unknown as Rgb;
  const ceilingMm = rng.uniform(1800, 2800);
  const panels: CeilingPanel[] = [];
  const lampRadiance = rng.uniform(4, 12);
  const halfSize = lamp === 'window' ? rng.uniform(400, 900) : rng.uniform(60, 300);
  panels.push({ x0: keyPos[0] - halfSize, y0: keyPos[1] - halfSize * rng.uniform(0.3, 1), x1: keyPos[0] + halfSize, y1: keyPos[1] + halfSize * rng.uniform(0.3, 1), radiance: [color[0] * lampRadiance, color[1] * lampRadiance, color[2] * lampRadiance] });
  for (let i = 0; i < rng.int(0, 3); i++) {
    const x = center[0] + rng.uniform(-2500, 2500);
    const y = center[1] + rng.uniform(-2500, 2500);
    const s = rng.uniform(100, 500);
    const r = rng.uniform(1, 6);
    panels.push({ x0: x - s, y0: y - s / 2, x1: x + s, y1: y + s / 2, radiance: [color[0] * r, color[1] * r, color[2] * r] });
  }
  const roomLevel = rng.uniform(0.05, 0.4);
  const level = Math.exp(rng.uniform(Math.log(0.12), Math.log(1.2)));
  const keyDirection: [number, number] = horizontal > 1 ? [Math.cos(az), Math.sin(az)] : [1, 0];
  // Mixed sources (drawn last, so the key light of a seed stays as it was): a warm lamp on one side and daylight
  // from a window on the other, or the reverse. The white balance can only correct one colour, so the document
  // keeps a chromaticity gradient from one side to the other.
  const fill = drawFillLight(rng.fork('fill'), center, az, cct);
  if (fill) lights.push(fill.light);
  return {
    lighting: {
      ambient,
      lights,
      ceilingMm,
      ceilingPanels: panels,
      roomRadiance: [color[0] * roomLevel, color[1] * roomLevel, color[2] * roomLevel],
      photographerRadiusMm: rng.uniform(120, 260),
    },
    illuminant: color,
    keyDirection,
    keyElevation: Math.atan2(height - center[2], Math.max(1, horizontal)),
    level,
    params: {
      cctK: Math.round(cct), lamp, lampHeightMm: Math.round(height), lampOffsetMm: Math.round(horizontal), flash, ambient: +ambientLevel.toFixed(3), lightLevel: +level.toFixed(3),
      fill: fill ? { cctK: Math.round(fill.cct), offsetMm: Math.round(fill.horizontal), heightMm: Math.round(fill.height), relativeStrength: +fill.relative.toFixed(3) } : null,
    },
  };
}

/** A second light of a contrasting colour temperature roughly opposite the key light, 45 % of the time. */
function drawFillLight(rng: Rng, center: Vec3, keyAzimuth: number, keyCct: number): { light: PointLight; cct: number; horizontal: number; height: number; relative: number } | null {
  if (!rng.bool(0.45)) return null;
  // Warm key -> daylight from a window; cool key -> a tungsten or warm-white LED lamp.
  const cct = keyCct < 4500 ? rng.uniform(5200, 7500) : rng.uniform(2600, 3300);
  const color = illuminantRgb(cct);
  const az = keyAzimuth + Math.PI + rng.normal(0, 0.6);
  const horizontal = rng.uniform(300, 1500);
  const height = rng.uniform(300, 1500);
  const pos: Vec3 = [center[0] + Math.cos(az) * horizontal, center[1] + Math.sin(az) * horizontal, center[2] + height];
  const dist2 = horizontal * horizontal + height * height;
  const cos = height / Math.sqrt(dist2);
  // Relative to the key light's ~1 irradiance at the subject.
  const relative = rng.uniform(0.25, 0.9);
  const strength = (relative * dist2) / 1e6 / Math.max(0.2, cos);
  return { light: { position: pos, color: [color[0] * strength, color[1] * strength, color[2] * strength], radiusMm: rng.uniform(50, 400) }, cct, horizontal, height, relative };
}
