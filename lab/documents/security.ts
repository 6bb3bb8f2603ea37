// Security printing drawn with Skia paths: guilloche (parametric curves of fine lines with split-fountain colour
// gradients), rosettes, border bands, microtext, emblems and holographic overlay patterns. Units are canvas pixels;
// `s` is pixels per millimetre where a physical size matters (line widths of 0.05-0.15 mm, microtext 0.25 mm).
import type { CanvasGradient, SKRSContext2D } from '@napi-rs/canvas';
import type { Rng } from '../rng.js';
import { font } from './fonts.js';

type Ctx = SKRSContext2D;

/** Horizontal split-fountain gradient: the inks blend into each other across the sheet as on an offset press. */
export function fountain(g: Ctx, x0: number, x1: number, colours: readonly string[]): CanvasGradient {
  const grad = g.createLinearGradient(x0, 0, x1, 0);
  colours.forEach((c, i) => grad.addColorStop(colours.length === 1 ? 0 : i / (colours.length - 1), c));
  return grad;
}

export interface WaveOptions {
  readonly spacingMm: number;
  readonly amplitudeMm: number;
  readonly wavelengthMm: number;
  /** Phase advance per line (radians): small values make moiré-like interference bands between two wave sets. */
  readonly phaseStep: number;
  readonly lineWidthMm: number;
  readonly colours: readonly string[];
  readonly angle?: number;
}

/** Fields of fine wavy lines (two superposed sets make the classic guilloche mesh). */
export function waveField(g: Ctx, s: number, w: number, h: number, o: WaveOptions): void {
  g.save();
  const angle = o.angle ?? 0;
  const diag = Math.hypot(w, h);
  g.translate(w / 2, h / 2);
  g.rotate(angle);
  g.strokeStyle = fountain(g, -diag / 2, diag / 2, o.colours);
  g.lineWidth = o.lineWidthMm * s;
  const spacing = o.spacingMm * s;
  const amp = o.amplitudeMm * s;
  const k = (2 * Math.PI) / (o.wavelengthMm * s);
  const step = Math.max(2, s * 0.5);
  g.beginPath();
  let line = 0;
  for (let y = -diag / 2; y <= diag / 2; y += spacing, line++) {
    const phase = line * o.phaseStep;
    for (let x = -diag / 2; x <= diag / 2; x += step) {
      const yy = y + amp * Math.sin(k * x + phase) + 0.35 * amp * Math.sin(2.7 * k * x - 1.3 * phase);
      if (x === -diag / 2) g.moveTo(x, yy);
      else g.lineTo(x, yy);
    }
  }
  g.stroke();
  g.restore();
}

export interface RosetteOptions {
  readonly rInner: number;
  readonly rOuter: number;
  readonly petals: number;
  readonly lines: number;
  readonly lineWidthMm: number;
  readonly colours: readonly string[];
  /** Second harmonic: gives the braided look of engraved rosettes. */
  readonly harmonic: number;
}

/** Rosette: `lines` closed curves r(t) = mid + a sin(petals t + phi) + b sin(harmonic t - 2 phi), phi spread over a petal. */
export function rosette(g: Ctx, s: number, cx: number, cy: number, o: RosetteOptions): void {
  g.save();
  const grad = g.createRadialGradient(cx, cy, o.rInner, cx, cy, o.rOuter);
  o.colours.forEach((c, i) => grad.addColorStop(o.colours.length === 1 ? 0 : i / (o.colours.length - 1), c));
  g.strokeStyle = grad;
  g.lineWidth = o.lineWidthMm * s;
  const mid = (o.rInner + o.rOuter) / 2;
  const a = (o.rOuter - o.rInner) * 0.3;
  const b = (o.rOuter - o.rInner) * 0.12;
  const steps = Math.max(240, Math.round(o.rOuter * 2.2));
  g.beginPath();
  for (let l = 0; l < o.lines; l++) {
    // Phases spread over a full cycle: neighbouring curves cross at small angles and weave a band.
    const phi = (l / o.lines) * 2 * Math.PI;
    for (let i = 0; i <= steps; i++) {
      const t = (i / steps) * 2 * Math.PI;
      const r = mid + a * Math.sin(o.petals * t + phi) + b * Math.sin(o.harmonic * t - 2 * phi);
      const x = cx + r * Math.cos(t);
      const y = cy + r * Math.sin(t);
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
    g.closePath();
  }
  g.stroke();
  g.restore();
}

/** Hypotrochoid star (spirograph) used as a small seal or corner ornament. */
export function spirograph(g: Ctx, s: number, cx: number, cy: number, size: number, R: number, r: number, d: number, colour: string, widthMm: number): void {
  const scale = size / (R - r + d);
  const turns = r / gcd(Math.round(R), Math.round(r));
  const steps = Math.round(turns * 180);
  g.save();
  g.strokeStyle = colour;
  g.lineWidth = widthMm * s;
  g.beginPath();
  for (let i = 0; i <= steps; i++) {
    const t = (i / steps) * turns * 2 * Math.PI;
    const x = (R - r) * Math.cos(t) + d * Math.cos(((R - r) / r) * t);
    const y = (R - r) * Math.sin(t) - d * Math.sin(((R - r) / r) * t);
    if (i === 0) g.moveTo(cx + x * scale, cy + y * scale);
    else g.lineTo(cx + x * scale, cy + y * scale);
  }
  g.stroke();
  g.restore();
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Border band of interlaced sine ribbons (banknote style) between y0 and y1 across x0..x1. */
export function guillocheBand(g: Ctx, s: number, x0: number, x1: number, y0: number, y1: number, colours: readonly string[], strands: number, wavelengthMm: number): void {
  g.save();
  g.strokeStyle = fountain(g, x0, x1, colours);
  g.lineWidth = 0.07 * s;
  const yc = (y0 + y1) / 2;
  const amp = (y1 - y0) / 2;
  const k = (2 * Math.PI) / (wavelengthMm * s);
  g.beginPath();
  for (let j = 0; j < strands; j++) {
    const phase = (j / strands) * Math.PI;
    const ampJ = amp * (0.55 + 0.45 * Math.cos(j * 0.7));
    for (let x = x0; x <= x1; x += Math.max(1.5, s * 0.3)) {
      const y = yc + ampJ * Math.sin(k * x + phase) * Math.cos(0.23 * k * x - phase);
      if (x === x0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
  }
  g.stroke();
  g.restore();
}

/** A line of microtext: legible only under magnification, it prints as a fine grey rule. */
export function microtextLine(g: Ctx, s: number, text: string, x: number, y: number, length: number, colour: string, family: string, heightMm = 0.3): void {
  g.save();
  g.fillStyle = colour;
  g.font = font(heightMm * s * 1.35, family);
  g.textBaseline = 'middle';
  const unit = `${text} `;
  const unitWidth = Math.max(1, g.measureText(unit).width);
  const reps = Math.ceil(length / unitWidth);
  g.beginPath();
  g.rect(x, y - heightMm * s, length, heightMm * s * 2);
  g.clip();
  g.fillText(unit.repeat(reps), x, y);
  g.restore();
}

/** Text along a circle (seals): characters spread over the arc from startAngle clockwise. */
export function ringText(g: Ctx, text: string, cx: number, cy: number, radius: number, startAngle: number, sweep: number): void {
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const a = startAngle + (sweep * (i + 0.5)) / chars.length;
    g.save();
    g.translate(cx + radius * Math.cos(a), cy + radius * Math.sin(a));
    g.rotate(a + Math.PI / 2);
    g.fillText(chars[i] as string, 0, 0);
    g.restore();
  }
}

export type EmblemKind = 'seal' | 'shield' | 'sun' | 'eagle';

/** A state emblem: procedural, so no real coat of arms is copied. */
export function emblem(g: Ctx, s: number, kind: EmblemKind, cx: number, cy: number, size: number, colour: string, rng: Rng, ring?: { text: string; family: string }): void {
  g.save();
  g.strokeStyle = colour;
  g.fillStyle = colour;
  g.lineWidth = Math.max(1, 0.12 * s);
  const r = size / 2;
  if (kind === 'seal' || kind === 'sun') {
    g.beginPath();
    g.arc(cx, cy, r, 0, 2 * Math.PI);
    g.stroke();
    g.beginPath();
    g.arc(cx, cy, r * 0.7, 0, 2 * Math.PI);
    g.stroke();
    if (ring) {
      g.font = font(r * 0.2, ring.family, 700);
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      ringText(g, ring.text, cx, cy, r * 0.85, -Math.PI * 0.95, Math.PI * 1.9);
    }
  }
  if (kind === 'sun') {
    const rays = 2 * rng.int(8, 14);
    g.beginPath();
    for (let i = 0; i < rays; i++) {
      const a = (i / rays) * 2 * Math.PI;
      const ri = i % 2 === 0 ? r * 0.62 : r * 0.45;
      g.moveTo(cx + r * 0.25 * Math.cos(a), cy + r * 0.25 * Math.sin(a));
      g.lineTo(cx + ri * Math.cos(a), cy + ri * Math.sin(a));
    }
    g.stroke();
    g.beginPath();
    g.arc(cx, cy, r * 0.22, 0, 2 * Math.PI);
    g.fill();
  } else if (kind === 'seal') {
    star(g, cx, cy, r * 0.5, r * 0.22, rng.int(5, 8));
    g.fill();
  } else if (kind === 'shield') {
    shieldPath(g, cx, cy, r);
    g.lineWidth = Math.max(1, 0.2 * s);
    g.stroke();
    g.save();
    shieldPath(g, cx, cy, r * 0.86);
    g.clip();
    const division = rng.int(0, 2);
    if (division === 0) g.fillRect(cx - r, cy - r, r, 2 * r);
    else if (division === 1) g.fillRect(cx - r, cy - r * 0.9, 2 * r, r * 0.55);
    else {
      g.beginPath();
      g.moveTo(cx - r, cy + r * 0.3);
      g.lineTo(cx, cy - r * 0.35);
      g.lineTo(cx + r, cy + r * 0.3);
      g.lineTo(cx + r, cy + r * 0.6);
      g.lineTo(cx, cy - r * 0.05);
      g.lineTo(cx - r, cy + r * 0.6);
      g.fill();
    }
    g.restore();
    star(g, cx + r * 0.4, cy + r * 0.35, r * 0.16, r * 0.07, 5);
    g.fill();
    crown(g, cx, cy - r * 1.05, r * 0.7);
  } else if (kind === 'eagle') {
    // Stylised bird: body, spread wings of feathers, head.
    g.beginPath();
    g.ellipse(cx, cy + r * 0.05, r * 0.16, r * 0.42, 0, 0, 2 * Math.PI);
    g.fill();
    g.beginPath();
    g.arc(cx, cy - r * 0.48, r * 0.12, 0, 2 * Math.PI);
    g.fill();
    for (const side of [-1, 1]) {
      for (let f = 0; f < 6; f++) {
        const a = -Math.PI / 2 + side * (0.35 + f * 0.22);
        g.beginPath();
        g.moveTo(cx + side * r * 0.12, cy - r * 0.15 + f * r * 0.06);
        g.lineTo(cx + r * (0.95 - f * 0.07) * Math.cos(a) * 1.0, cy + r * (0.95 - f * 0.07) * Math.sin(a) * 0.7 + f * r * 0.12);
        g.lineWidth = r * 0.09;
        g.lineCap = 'round';
        g.stroke();
      }
    }
    g.beginPath();
    g.moveTo(cx - r * 0.25, cy + r * 0.75);
    g.lineTo(cx, cy + r * 0.4);
    g.lineTo(cx + r * 0.25, cy + r * 0.75);
    g.fill();
  }
  g.restore();
}

function star(g: Ctx, cx: number, cy: number, rOuter: number, rInner: number, points: number): void {
  g.beginPath();
  for (let i = 0; i < points * 2; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / points;
    const r = i % 2 === 0 ? rOuter : rInner;
    if (i === 0) g.moveTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
    else g.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  g.closePath();
}

function shieldPath(g: Ctx, cx: number, cy: number, r: number): void {
  g.beginPath();
  g.moveTo(cx - r * 0.8, cy - r * 0.9);
  g.lineTo(cx + r * 0.8, cy - r * 0.9);
  g.lineTo(cx + r * 0.8, cy + r * 0.1);
  g.quadraticCurveTo(cx + r * 0.75, cy + r * 0.75, cx, cy + r);
  g.quadraticCurveTo(cx - r * 0.75, cy + r * 0.75, cx - r * 0.8, cy + r * 0.1);
  g.closePath();
}

function crown(g: Ctx, cx: number, cy: number, w: number): void {
  g.beginPath();
  g.moveTo(cx - w / 2, cy + w * 0.2);
  g.lineTo(cx - w / 2, cy - w * 0.1);
  g.lineTo(cx - w / 4, cy + w * 0.05);
  g.lineTo(cx, cy - w * 0.2);
  g.lineTo(cx + w / 4, cy + w * 0.05);
  g.lineTo(cx + w / 2, cy - w * 0.1);
  g.lineTo(cx + w / 2, cy + w * 0.2);
  g.closePath();
  g.fill();
}

/** Pale iridescent pattern of an optically variable overlay as it looks head-on; capture adds the angle-dependent sheen. */
export function hologramPattern(g: Ctx, s: number, x: number, y: number, w: number, h: number, rng: Rng, motif: 'rings' | 'waves' | 'stars'): void {
  g.save();
  g.beginPath();
  g.rect(x, y, w, h);
  g.clip();
  const grad = g.createLinearGradient(x, y, x + w, y + h);
  const hues = [190, 280, 330, 50, 120, 190];
  hues.forEach((hue, i) => grad.addColorStop(i / (hues.length - 1), `hsla(${hue}, 80%, 62%, 0.22)`));
  g.strokeStyle = grad;
  g.fillStyle = grad;
  g.lineWidth = 0.08 * s;
  const cx = x + w * rng.uniform(0.3, 0.7);
  const cy = y + h * rng.uniform(0.3, 0.7);
  if (motif === 'rings') {
    for (let r = 0.4 * s; r < Math.hypot(w, h); r += 0.45 * s) {
      g.beginPath();
      g.arc(cx, cy, r, 0, 2 * Math.PI);
      g.stroke();
    }
  } else if (motif === 'waves') {
    for (let yy = y; yy < y + h; yy += 0.5 * s) {
      g.beginPath();
      for (let xx = x; xx <= x + w; xx += s * 0.4) {
        const yv = yy + 0.8 * s * Math.sin((xx - x) / (2.2 * s) + yy / (3 * s));
        if (xx === x) g.moveTo(xx, yv);
        else g.lineTo(xx, yv);
      }
      g.stroke();
    }
  } else {
    for (let i = 0; i < Math.round((w * h) / (s * s * 12)); i++) {
      star(g, x + rng.next() * w, y + rng.next() * h, 1.2 * s, 0.5 * s, 5);
      g.fill();
    }
  }
  g.restore();
}
