// Test-only stand-in for lab/documents: a flat ID-1 card or passport page with guilloche lines, a portrait block,
// text bars and an MRZ band, drawn with Skia. Lets the capture and attack tests run without the document renderer.
import { createCanvas } from '@napi-rs/canvas';
import type { DocumentRender, LabDocumentType } from '../../lab/types.js';

export function syntheticDocument(opts: { documentType?: LabDocumentType; pxPerMm?: number; hue?: number } = {}): DocumentRender {
  const type = opts.documentType ?? 'ID_CARD';
  const s = opts.pxPerMm ?? 12;
  const wMm = type === 'ID_CARD' ? 85.6 : 125;
  const hMm = type === 'ID_CARD' ? 53.98 : 88;
  const radius = type === 'ID_CARD' ? 3.18 : 0;
  const W = Math.round(wMm * s);
  const H = Math.round(hMm * s);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const hue = opts.hue ?? 200;
  ctx.beginPath();
  ctx.roundRect(0, 0, W, H, radius * s);
  ctx.clip();
  const g = ctx.createLinearGradient(0, 0, W, H);
  g.addColorStop(0, `hsl(${hue},45%,86%)`);
  g.addColorStop(1, `hsl(${hue + 40},40%,80%)`);
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = `hsla(${hue + 180},50%,45%,0.35)`;
  ctx.lineWidth = 0.12 * s;
  for (let k = 0; k < 40; k++) {
    ctx.beginPath();
    for (let x = 0; x <= W; x += 2) ctx.lineTo(x, H * 0.5 + Math.sin(x / (6 * s) + k * 0.3) * H * 0.35 * Math.cos(k * 0.21));
    ctx.stroke();
  }
  ctx.fillStyle = `hsl(${hue},60%,25%)`;
  ctx.fillRect(3 * s, 2.5 * s, wMm * 0.6 * s, 5 * s);
  const portrait = { x: Math.round(4 * s), y: Math.round(11 * s), width: Math.round(24 * s), height: Math.round(30 * s) };
  ctx.fillStyle = '#c9c2b8';
  ctx.fillRect(portrait.x, portrait.y, portrait.width, portrait.height);
  ctx.fillStyle = '#7a5a48';
  ctx.beginPath();
  ctx.ellipse(portrait.x + portrait.width / 2, portrait.y + portrait.height * 0.42, portrait.width * 0.3, portrait.height * 0.3, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#222';
  for (let i = 0; i < 6; i++) ctx.fillRect(32 * s, (13 + i * 4.5) * s, (20 + ((i * 7) % 25)) * s, 2 * s);
  ctx.fillStyle = '#f4f4f0';
  ctx.fillRect(0, H - 14 * s, W, 14 * s);
  ctx.fillStyle = '#111';
  for (let line = 0; line < 3; line++) for (let c = 0; c < 30; c++) if ((c * 7 + line * 3) % 5 !== 0) ctx.fillRect((3 + c * 2.65) * s, H - (12.5 - line * 4) * s, 1.9 * s, 2.8 * s);
  const img = ctx.getImageData(0, 0, W, H);
  return {
    image: { width: W, height: H, data: img.data as unknown as Uint8ClampedArray },
    pxPerMm: s,
    widthMm: wMm,
    heightMm: hMm,
    documentType: type,
    family: 'test-synthetic',
    portraitBox: portrait,
    ghostPortraitBox: null,
    faceId: null,
    cornerRadiusMm: radius,
    hologramBoxes: [{ x: Math.round(50 * s), y: Math.round(30 * s), width: Math.round(14 * s), height: Math.round(10 * s) }],
    laminated: true,
    fields: {},
    mrz: [],
    params: {},
  };
}
