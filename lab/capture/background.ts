// The table (or other support) the document lies on, drawn as a texture in table millimetres with Skia: wood,
// laminate, fabric, stone, cutting mat, paper; objects lying on it (pens, coins, sticky notes, printed sheets, a
// phone, a bank card) with soft contact shadows. The texture is then a planar surface of the scene, seen in perspective.
import { createCanvas } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Rng } from '../rng.js';
import { MipTexture } from './texture.js';

export type TableKind = 'wood' | 'laminate' | 'fabric' | 'stone' | 'cutting-mat' | 'paper' | 'dark-desk';
export const TABLE_KINDS: readonly TableKind[] = ['wood', 'laminate', 'fabric', 'stone', 'cutting-mat', 'paper', 'dark-desk'];

export interface TableRegion {
  /** Table-plane rectangle in world mm covered by the texture (x right, y up). */
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly pxPerMm: number;
}

export interface DropShadow {
  /** Rectangle in world mm (centre, size, rotation), e.g. the document lying on the table. */
  readonly cx: number;
  readonly cy: number;
  readonly width: number;
  readonly height: number;
  readonly theta: number;
  readonly radius: number;
}

export interface TableTexture {
  readonly texture: MipTexture;
  readonly kind: TableKind;
  readonly objects: readonly string[];
}

const hsl = (h: number, s: number, l: number, a = 1): string => `hsla(${h.toFixed(1)},${s.toFixed(1)}%,${l.toFixed(1)}%,${a.toFixed(3)})`;

/**
 * Draws the table texture. `shadows` are rectangles resting on the table (documents) whose soft contact shadow is
 * painted around them; `lightDir` (unit, table plane) is where the key light comes from, shadows fall the other way.
 */
export function drawTable(rng: Rng, region: TableRegion, kind: TableKind, shadows: readonly DropShadow[], lightDir: readonly [number, number], keepClear: DropShadow | null): TableTexture {
  const wMm = region.maxX - region.minX;
  const hMm = region.maxY - region.minY;
  const s = region.pxPerMm;
  const W = Math.max(8, Math.ceil(wMm * s));
  const H = Math.max(8, Math.ceil(hMm * s));
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  // Texture pixel (i, j) <-> world (minX + i/s, maxY - j/s).
  ctx.setTransform(s, 0, 0, -s, -region.minX * s, region.maxY * s);
  const box = { x0: region.minX, y0: region.minY, x1: region.maxX, y1: region.maxY };
  drawSurfaceKind(ctx, rng.fork('table'), kind, box);
  const objects = drawObjects(ctx, rng.fork('objects'), box, lightDir, keepClear);
  for (const sh of shadows) drawContactShadow(ctx, sh, lightDir, s);
  const img = ctx.getImageData(0, 0, W, H);
  const texture = MipTexture.fromRgba8({ width: W, height: H, data: img.data as unknown as Uint8ClampedArray }, s);
  return { texture, kind, objects };
}

interface Box { x0: number; y0: number; x1: number; y1: number }

function drawSurfaceKind(ctx: SKRSContext2D, rng: Rng, kind: TableKind, b: Box): void {
  const w = b.x1 - b.x0;
  const h = b.y1 - b.y0;
  switch (kind) {
    case 'wood': {
      const hue = rng.uniform(18, 38);
      const light = rng.uniform(25, 62);
      const plank = rng.uniform(90, 220);
      const vertical = rng.bool();
      for (let p = Math.floor((vertical ? b.x0 : b.y0) / plank) * plank; p < (vertical ? b.x1 : b.y1); p += plank) {
        ctx.fillStyle = hsl(hue + rng.uniform(-3, 3), rng.uniform(35, 55), light + rng.uniform(-6, 6));
        if (vertical) ctx.fillRect(p, b.y0, plank, h);
        else ctx.fillRect(b.x0, p, w, plank);
        // grain: long wavy strokes along the plank
        const lines = Math.min(400, Math.round(plank / 1.2));
        for (let i = 0; i < lines; i++) {
          const off = p + rng.uniform(0, plank);
          ctx.strokeStyle = hsl(hue + rng.uniform(-4, 4), 50, light + rng.uniform(-14, 6), rng.uniform(0.05, 0.25));
          ctx.lineWidth = rng.uniform(0.15, 1.2);
          ctx.beginPath();
          const amp = rng.uniform(0.3, 3);
          const freq = rng.uniform(0.004, 0.02);
          const ph = rng.uniform(0, 6.28);
          const len = vertical ? h : w;
          const start = vertical ? b.y0 : b.x0;
          for (let t = 0; t <= len; t += 8) {
            const q = off + amp * Math.sin(ph + (start + t) * freq) + 0.6 * amp * Math.sin(ph * 2 + (start + t) * freq * 3.1);
            if (vertical) ctx.lineTo(q, start + t);
            else ctx.lineTo(start + t, q);
          }
          ctx.stroke();
        }
        ctx.fillStyle = 'rgba(20,10,5,0.55)';
        if (vertical) ctx.fillRect(p, b.y0, 0.6, h);
        else ctx.fillRect(b.x0, p, w, 0.6);
      }
      break;
    }
    case 'laminate':
    case 'dark-desk': {
      const l = kind === 'laminate' ? rng.uniform(55, 92) : rng.uniform(8, 28);
      ctx.fillStyle = hsl(rng.uniform(0, 360), rng.uniform(0, kind === 'laminate' ? 25 : 10), l);
      ctx.fillRect(b.x0, b.y0, w, h);
      speckle(ctx, rng, b, 0.02, l > 50 ? 'rgba(0,0,0,0.05)' : 'rgba(255,255,255,0.04)', 0.4);
      break;
    }
    case 'fabric': {
      const hue = rng.uniform(0, 360);
      const l = rng.uniform(20, 70);
      ctx.fillStyle = hsl(hue, rng.uniform(10, 60), l);
      ctx.fillRect(b.x0, b.y0, w, h);
      const pitch = rng.uniform(0.8, 2.5);
      ctx.lineWidth = pitch * 0.45;
      for (const dir of [0, 1]) {
        ctx.strokeStyle = hsl(hue, 40, l + (dir ? 8 : -8), 0.35);
        ctx.beginPath();
        const n = Math.min(3000, Math.ceil((dir ? w : h) / pitch));
        for (let i = 0; i < n; i++) {
          const q = (dir ? b.x0 : b.y0) + i * pitch;
          if (dir) { ctx.moveTo(q, b.y0); ctx.lineTo(q, b.y1); } else { ctx.moveTo(b.x0, q); ctx.lineTo(b.x1, q); }
        }
        ctx.stroke();
      }
      // folds: broad soft light/dark bands
      for (let i = 0; i < 5; i++) {
        const g = ctx.createLinearGradient(b.x0 + rng.uniform(0, w), b.y0, b.x0 + rng.uniform(0, w), b.y1);
        g.addColorStop(0, 'rgba(0,0,0,0)');
        g.addColorStop(0.5, rng.bool() ? 'rgba(0,0,0,0.18)' : 'rgba(255,255,255,0.12)');
        g.addColorStop(1, 'rgba(0,0,0,0)');
        ctx.fillStyle = g;
        ctx.fillRect(b.x0, b.y0, w, h);
      }
      break;
    }
    case 'stone': {
      const l = rng.uniform(30, 80);
      ctx.fillStyle = hsl(rng.uniform(0, 60), rng.uniform(0, 15), l);
      ctx.fillRect(b.x0, b.y0, w, h);
      // Mottled base (large soft blotches), then grains of three minerals.
      for (let i = 0; i < 40; i++) {
        const x = rng.uniform(b.x0, b.x1);
        const y = rng.uniform(b.y0, b.y1);
        const r = rng.uniform(20, 120);
        const g = ctx.createRadialGradient(x, y, 0, x, y, r);
        g.addColorStop(0, rng.bool() ? 'rgba(0,0,0,0.12)' : 'rgba(255,255,255,0.1)');
        g.addColorStop(1, 'rgba(0,0,0,0)');
        ctx.fillStyle = g;
        ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
      }
      speckle(ctx, rng, b, 0.25, 'rgba(0,0,0,0.3)', 1.6);
      speckle(ctx, rng, b, 0.12, 'rgba(255,255,255,0.3)', 1.3);
      speckle(ctx, rng, b, 0.05, hsl(rng.uniform(0, 40), 40, 40, 0.35), 2.2);
      break;
    }
    case 'cutting-mat': {
      ctx.fillStyle = hsl(rng.pick([140, 150, 210, 0]), rng.uniform(30, 60), rng.uniform(22, 35));
      ctx.fillRect(b.x0, b.y0, w, h);
      ctx.strokeStyle = 'rgba(230,240,230,0.5)';
      for (let step = 10, k = 0; k < 2; k++, step = 50) {
        ctx.lineWidth = k ? 0.6 : 0.25;
        ctx.beginPath();
        for (let x = Math.ceil(b.x0 / step) * step; x < b.x1; x += step) { ctx.moveTo(x, b.y0); ctx.lineTo(x, b.y1); }
        for (let y = Math.ceil(b.y0 / step) * step; y < b.y1; y += step) { ctx.moveTo(b.x0, y); ctx.lineTo(b.x1, y); }
        ctx.stroke();
      }
      break;
    }
    case 'paper': {
      ctx.fillStyle = hsl(rng.uniform(35, 55), rng.uniform(5, 25), rng.uniform(82, 94));
      ctx.fillRect(b.x0, b.y0, w, h);
      speckle(ctx, rng, b, 0.03, 'rgba(0,0,0,0.04)', 0.6);
      break;
    }
  }
}

const SYLLABLES = ['an', 'ta', 're', 'con', 'de', 'mi', 'sto', 'ra', 'le', 'in', 'ver', 'pa', 'ti', 'on', 'es', 'al', 'ge', 'for', 'um', 'bi'];

function word(rng: Rng): string {
  let w = '';
  for (let i = rng.int(1, 4); i > 0; i--) w += rng.pick(SYLLABLES);
  return rng.bool(0.1) ? w[0]!.toUpperCase() + w.slice(1) : w;
}

function speckle(ctx: SKRSContext2D, rng: Rng, b: Box, densityPerMm2: number, color: string, size: number): void {
  const n = Math.min(60000, Math.round((b.x1 - b.x0) * (b.y1 - b.y0) * densityPerMm2));
  ctx.fillStyle = color;
  // Round grains of varied size (mineral grains, dust, pigment), most of them small. They are filled a batch per
  // path rather than one fill call per grain (a third of the table's drawing time went into the calls); grains that
  // overlap within a batch now cover their union once instead of darkening twice, as overlapping grains of one
  // mineral would.
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const r = size * 0.5 * rng.uniform(0.2, 1) ** 2;
    const x = rng.uniform(b.x0, b.x1);
    const y = rng.uniform(b.y0, b.y1);
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, Math.PI * 2);
    if ((i + 1) % GRAINS_PER_PATH === 0) {
      ctx.fill();
      ctx.beginPath();
    }
  }
  if (n % GRAINS_PER_PATH !== 0) ctx.fill();
}

/** Grains per filled path: large enough to amortise the call, small enough to keep each path's scan cheap. */
const GRAINS_PER_PATH = 256;

function drawContactShadow(ctx: SKRSContext2D, sh: DropShadow, lightDir: readonly [number, number], pxPerMm: number): void {
  ctx.save();
  ctx.translate(sh.cx - lightDir[0] * 0.8, sh.cy - lightDir[1] * 0.8);
  ctx.rotate(sh.theta);
  ctx.shadowColor = 'rgba(0,0,0,0.55)';
  ctx.shadowBlur = Math.max(1, 2.5 * pxPerMm);
  ctx.fillStyle = 'rgba(0,0,0,0.35)';
  ctx.beginPath();
  ctx.roundRect(-sh.width / 2, -sh.height / 2, sh.width, sh.height, sh.radius);
  ctx.fill();
  ctx.restore();
}

/** Things lying on the table, each with a soft shadow away from the light; none inside `keepClear`. */
function drawObjects(ctx: SKRSContext2D, rng: Rng, b: Box, lightDir: readonly [number, number], keepClear: DropShadow | null): string[] {
  const names: string[] = [];
  const count = rng.weighted([[0, 0.3], [1, 0.3], [2, 0.25], [4, 0.15]] as const);
  for (let i = 0; i < count; i++) {
    const kind = rng.pick(['pen', 'coin', 'sticky-note', 'printed-sheet', 'phone', 'receipt', 'bank-card'] as const);
    let cx = rng.uniform(b.x0, b.x1);
    let cy = rng.uniform(b.y0, b.y1);
    if (keepClear) {
      // Keep objects off the document (they would hide it; hands do that job), push them outward if needed.
      const dx = cx - keepClear.cx;
      const dy = cy - keepClear.cy;
      const d = Math.hypot(dx, dy) || 1;
      const need = Math.hypot(keepClear.width, keepClear.height) / 2 + 25;
      if (d < need && kind !== 'printed-sheet') {
        cx = keepClear.cx + (dx / d) * need;
        cy = keepClear.cy + (dy / d) * need;
      }
    }
    const theta = rng.uniform(0, Math.PI * 2);
    ctx.save();
    ctx.translate(cx, cy);
    ctx.rotate(theta);
    ctx.shadowColor = 'rgba(0,0,0,0.45)';
    ctx.shadowBlur = 12;
    ctx.shadowOffsetX = -lightDir[0] * 6;
    ctx.shadowOffsetY = lightDir[1] * 6;
    drawObject(ctx, rng, kind);
    ctx.restore();
    names.push(kind);
  }
  return names;
}

function drawObject(ctx: SKRSContext2D, rng: Rng, kind: string): void {
  switch (kind) {
    case 'pen': {
      const len = rng.uniform(120, 150);
      const r = rng.uniform(4, 6);
      const g = ctx.createLinearGradient(0, -r, 0, r);
      const hue = rng.uniform(0, 360);
      g.addColorStop(0, hsl(hue, 50, 20));
      g.addColorStop(0.35, hsl(hue, 50, 55));
      g.addColorStop(1, hsl(hue, 50, 12));
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.roundRect(-len / 2, -r, len, 2 * r, r);
      ctx.fill();
      ctx.shadowColor = 'transparent';
      ctx.fillStyle = 'rgba(200,200,210,0.9)';
      ctx.fillRect(len / 2 - 18, -r, 3, 2 * r);
      break;
    }
    case 'coin': {
      const r = rng.uniform(9, 14);
      const g = ctx.createRadialGradient(-r * 0.3, r * 0.3, r * 0.1, 0, 0, r);
      const gold = rng.bool();
      g.addColorStop(0, gold ? '#f3d98a' : '#e6e6e6');
      g.addColorStop(1, gold ? '#8a6a25' : '#6c6c6c');
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.arc(0, 0, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.shadowColor = 'transparent';
      ctx.strokeStyle = 'rgba(0,0,0,0.3)';
      ctx.lineWidth = 0.6;
      ctx.beginPath();
      ctx.arc(0, 0, r * 0.85, 0, Math.PI * 2);
      ctx.stroke();
      break;
    }
    case 'sticky-note': {
      ctx.fillStyle = hsl(rng.pick([55, 50, 320, 190, 95]), 85, 70);
      ctx.fillRect(-38, -38, 76, 76);
      ctx.shadowColor = 'transparent';
      ctx.strokeStyle = 'rgba(20,20,90,0.7)';
      ctx.lineWidth = 0.7;
      for (let i = 0; i < rng.int(1, 4); i++) {
        ctx.beginPath();
        ctx.moveTo(-30, 20 - i * 12);
        for (let t = 0; t < 50; t += 4) ctx.lineTo(-30 + t, 20 - i * 12 + rng.uniform(-2, 2));
        ctx.stroke();
      }
      break;
    }
    case 'printed-sheet':
    case 'receipt': {
      const sheet = kind === 'printed-sheet';
      const w = sheet ? 210 : 80;
      const h = sheet ? 297 : rng.uniform(120, 200);
      ctx.fillStyle = sheet ? '#f4f3ef' : '#f7f6f0';
      ctx.fillRect(-w / 2, -h / 2, w, h);
      ctx.shadowColor = 'transparent';
      // Real glyphs (DejaVu, installed by the project's system packages) in random words, not bars.
      ctx.fillStyle = 'rgba(25,25,25,0.85)';
      const margin = sheet ? 22 : 6;
      const size = sheet ? rng.uniform(3.2, 4.2) : rng.uniform(2.2, 2.8);
      ctx.font = `${size.toFixed(2)}px ${sheet && rng.bool(0.5) ? '"DejaVu Serif"' : sheet ? '"DejaVu Sans"' : '"DejaVu Sans Mono"'}`;
      ctx.textBaseline = 'top';
      // The table texture is drawn with y flipped (world y up); flip text back so it reads correctly.
      ctx.scale(1, -1);
      for (let y = -h / 2 + margin; y < h / 2 - margin; y += size * 1.45) {
        if (rng.bool(0.08)) continue;
        let line = '';
        const target = (w - 2 * margin) * (rng.bool(0.15) ? rng.uniform(0.3, 0.9) : 1);
        while (ctx.measureText(line).width < target) line += `${word(rng)} `;
        ctx.fillText(line.trim().slice(0, Math.max(1, Math.floor(line.length * (target / Math.max(1, ctx.measureText(line).width))))), -w / 2 + margin, y);
      }
      break;
    }
    case 'phone': {
      ctx.fillStyle = '#141416';
      ctx.beginPath();
      ctx.roundRect(-37, -78, 74, 156, 9);
      ctx.fill();
      ctx.shadowColor = 'transparent';
      const g = ctx.createLinearGradient(-37, -78, 37, 78);
      g.addColorStop(0, 'rgba(255,255,255,0.10)');
      g.addColorStop(0.5, 'rgba(255,255,255,0.02)');
      g.addColorStop(1, 'rgba(255,255,255,0.08)');
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.roundRect(-35, -76, 70, 152, 8);
      ctx.fill();
      break;
    }
    default: {
      // bank-card: same ID-1 size, a plain coloured gradient and a chip; a decoy for the detectors.
      const g = ctx.createLinearGradient(-43, -27, 43, 27);
      const hue = rng.uniform(0, 360);
      g.addColorStop(0, hsl(hue, 60, 35));
      g.addColorStop(1, hsl(hue + 40, 60, 55));
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.roundRect(-42.8, -27, 85.6, 54, 3.2);
      ctx.fill();
      ctx.shadowColor = 'transparent';
      ctx.fillStyle = '#c9b06a';
      ctx.fillRect(-32, -8, 12, 9);
    }
  }
}
