// Renders a phone screenshot: the system status bar (clock, signal, Wi-Fi / network, battery), the navigation area
// (iOS home indicator, Android gesture pill or three buttons) and one app's chrome around a displayed photo
// (photo gallery, messenger chat, banking-app document upload). Everything is drawn at integer device pixels with
// flat colours, as a phone's compositor does: no lens, no sensor noise.
import { createCanvas } from '@napi-rs/canvas';
import type { Canvas } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Rng } from '../rng.js';
import type { PxBox } from '../types.js';
import type { PhoneDevice } from './phone-devices.js';
import { PHONE_DEVICES } from './phone-devices.js';
import { uiFont } from './fonts.js';
import type { Rgb8 } from './raster.js';
import { dropAlpha } from './raster.js';

export type ScreenshotApp = 'gallery' | 'messenger' | 'banking';
export type NavStyle = 'home-indicator' | 'home-button' | 'gesture' | 'three-button';

export interface ScreenshotLayout {
  readonly device: PhoneDevice;
  readonly app: ScreenshotApp;
  readonly dark: boolean;
  readonly clock: string;
  readonly batteryPct: number;
  readonly signalBars: number;
  readonly network: 'wifi' | '5G' | 'LTE';
  readonly navStyle: NavStyle;
  readonly statusBarPx: number;
  readonly bottomBarPx: number;
  /** Where the photo is shown, device pixels (integers). */
  readonly photoRect: PxBox;
  readonly accent: string;
  readonly title: string;
  readonly sentByMe: boolean;
}

const CONTACTS = ['Anna K.', 'Mehmet', 'J. Novak', 'Support', 'Lukas', 'Maria S.', 'Office', 'Tomasz', 'Ioana', 'Kevin'];
const BANKS = ['Verify your identity', 'Upload your ID', 'Identity check', 'Confirm your document', 'Account opening'];
const ACCENTS = ['#0a7c5a', '#1a56db', '#c2185b', '#006d77', '#5b2bd6', '#e4572e', '#0b3d91'];

export function drawScreenshotLayout(rng: Rng, photoWidth: number, photoHeight: number, device?: PhoneDevice): ScreenshotLayout {
  const d = device ?? rng.pick(PHONE_DEVICES);
  const app = rng.weighted<ScreenshotApp>([['gallery', 0.45], ['messenger', 0.35], ['banking', 0.2]]);
  const dark = app === 'gallery' ? rng.bool(0.6) : rng.bool(0.25);
  const h24 = d.os === 'android' ? rng.bool(0.7) : rng.bool(0.4);
  const hour = rng.int(0, 23);
  const minute = rng.int(0, 59);
  const shownHour = h24 ? hour : ((hour + 11) % 12) + 1;
  const clock = `${h24 && d.os === 'android' ? String(shownHour).padStart(2, '0') : shownHour}:${String(minute).padStart(2, '0')}`;
  const navStyle: NavStyle = d.os === 'ios' ? (d.bottomInset > 0 ? 'home-indicator' : 'home-button') : rng.bool(0.7) ? 'gesture' : 'three-button';
  const S = d.scale;
  const statusBarPx = Math.round(d.statusBar * S);
  const bottomBarPx = navStyle === 'three-button' ? Math.round(48 * S) : Math.round(d.bottomInset * S);
  const { top, bottom } = appBars(app, d);
  const contentTop = statusBarPx + top;
  const contentBottom = d.height - bottomBarPx - bottom;
  const aspect = photoWidth / photoHeight;
  let rect: PxBox;
  const sentByMe = rng.bool(0.6);
  if (app === 'gallery') {
    const availH = contentBottom - contentTop;
    let w = d.width;
    let h = Math.round(w / aspect);
    if (h > availH) {
      h = availH;
      w = Math.round(h * aspect);
    }
    rect = { x: Math.floor((d.width - w) / 2), y: contentTop + Math.floor((availH - h) / 2), width: w, height: h };
  } else if (app === 'messenger') {
    const w = Math.round(d.width * rng.uniform(0.62, 0.74));
    const h = Math.min(Math.round(w / aspect), Math.round((contentBottom - contentTop) * 0.55));
    const margin = Math.round(12 * S);
    const x = sentByMe ? d.width - margin - w : margin;
    const y = contentBottom - Math.round(rng.uniform(14, 120) * S) - h;
    rect = { x, y, width: w, height: h };
  } else {
    const margin = Math.round(24 * S);
    const w = d.width - 2 * margin;
    const h = Math.round(w / aspect);
    rect = { x: margin, y: contentTop + Math.round(84 * S), width: w, height: h };
  }
  return {
    device: d,
    app,
    dark,
    clock,
    batteryPct: rng.int(8, 100),
    signalBars: rng.int(1, 4),
    network: rng.weighted<'wifi' | '5G' | 'LTE'>([['wifi', 0.6], ['5G', 0.25], ['LTE', 0.15]]),
    navStyle,
    statusBarPx,
    bottomBarPx,
    photoRect: rect,
    accent: rng.pick(ACCENTS),
    title: app === 'messenger' ? rng.pick(CONTACTS) : app === 'banking' ? rng.pick(BANKS) : '',
    sentByMe,
  };
}

/** Heights (device px) of the app's own top and bottom bars below the status bar / above the navigation area. */
function appBars(app: ScreenshotApp, d: PhoneDevice): { top: number; bottom: number } {
  const S = d.scale;
  if (app === 'gallery') return { top: Math.round((d.os === 'ios' ? 44 : 56) * S), bottom: Math.round((d.os === 'ios' ? 49 : 64) * S) };
  if (app === 'messenger') return { top: Math.round(58 * S), bottom: Math.round(56 * S) };
  return { top: Math.round(56 * S), bottom: Math.round(140 * S) };
}

/** Draws the screenshot with `photo` (already scaled to photoRect's size) in place; returns RGB pixels. */
export function renderScreenshot(layout: ScreenshotLayout, photo: Rgb8): Rgb8 {
  const d = layout.device;
  const W = d.width;
  const H = d.height;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const fg = layout.dark ? '#ffffff' : '#000000';
  const bg = layout.app === 'messenger' ? (layout.dark ? '#0b141a' : '#efe7de') : layout.dark ? '#000000' : '#ffffff';
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, W, H);
  const { top, bottom } = appBars(layout.app, d);
  const r = layout.photoRect;
  // Photo: put at integer device pixels (exact copy of the scaled photo), clipped to the app's frame shape.
  const photoCanvas = createCanvas(r.width, r.height);
  const pctx = photoCanvas.getContext('2d');
  const rgba = new Uint8ClampedArray(r.width * r.height * 4);
  for (let i = 0; i < r.width * r.height; i++) {
    rgba[i * 4] = photo.data[i * 3]!;
    rgba[i * 4 + 1] = photo.data[i * 3 + 1]!;
    rgba[i * 4 + 2] = photo.data[i * 3 + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  const img = pctx.createImageData(r.width, r.height);
  img.data.set(rgba);
  pctx.putImageData(img, 0, 0);
  if (layout.app === 'messenger') drawMessenger(ctx, layout, top, bottom, photoCanvas);
  else if (layout.app === 'banking') drawBanking(ctx, layout, top, photoCanvas);
  else ctx.drawImage(photoCanvas, r.x, r.y);
  if (layout.app === 'gallery') drawGalleryBars(ctx, layout, top, bottom, fg);
  // Status icons follow the bar behind them: white on a coloured Android app header, black on light iOS headers.
  const statusColour = layout.app === 'banking' || (layout.app === 'messenger' && !layout.dark && d.os === 'android') ? '#ffffff' : fg;
  drawStatusBar(ctx, layout, statusColour);
  drawNavigation(ctx, layout, fg, layout.dark);
  return dropAlpha({ width: W, height: H, data: ctx.getImageData(0, 0, W, H).data });
}

function drawStatusBar(ctx: SKRSContext2D, l: ScreenshotLayout, colour: string): void {
  const d = l.device;
  const S = d.scale;
  const h = l.statusBarPx;
  ctx.fillStyle = colour;
  ctx.strokeStyle = colour;
  const ios = d.os === 'ios';
  const fontPx = Math.round((ios ? 17 : 14) * S);
  ctx.font = `${fontPx}px ${ios ? uiFont('inter', 600) : uiFont('roboto', 500)}`;
  ctx.textBaseline = 'middle';
  const cy = Math.round(h / 2 + (ios && d.statusBar > 40 ? 2 * S : 0));
  ctx.textAlign = ios && d.cutout !== 'none' ? 'center' : 'left';
  const clockX = ios && d.cutout !== 'none' ? Math.round(d.width * 0.17) : Math.round((ios ? 6 : 16) * S);
  ctx.fillText(l.clock, clockX, cy);
  ctx.textAlign = 'left';
  // Right cluster, from the right edge inwards: battery, network, signal.
  let x = d.width - Math.round((ios ? (d.cutout === 'none' ? 6 : 26) : 14) * S);
  if (ios) {
    const bw = Math.round(25 * S);
    const bh = Math.round(12 * S);
    x -= bw;
    const by = cy - Math.round(bh / 2);
    ctx.globalAlpha = 0.4;
    ctx.lineWidth = Math.max(1, Math.round(1 * S));
    ctx.beginPath();
    ctx.roundRect(x + 0.5, by + 0.5, bw - 1, bh - 1, 4 * S);
    ctx.stroke();
    ctx.fillRect(x + bw + Math.round(1 * S), cy - Math.round(2 * S), Math.round(1.5 * S), Math.round(4 * S));
    ctx.globalAlpha = 1;
    const inner = Math.round((bw - 4 * S) * (l.batteryPct / 100));
    ctx.fillStyle = l.batteryPct <= 20 ? '#ff3b30' : colour;
    ctx.beginPath();
    ctx.roundRect(x + Math.round(2 * S), by + Math.round(2 * S), Math.max(Math.round(2 * S), inner), bh - Math.round(4 * S), 2 * S);
    ctx.fill();
    ctx.fillStyle = colour;
    x -= Math.round(7 * S);
  } else {
    ctx.font = `${Math.round(13 * S)}px ${uiFont('roboto', 500)}`;
    const pct = `${l.batteryPct}%`;
    const bw = Math.round(8 * S);
    const bh = Math.round(14 * S);
    x -= bw;
    const by = cy - Math.round(bh / 2);
    ctx.globalAlpha = 0.35;
    ctx.fillRect(x, by, bw, bh);
    ctx.globalAlpha = 1;
    const fillH = Math.round(bh * (l.batteryPct / 100));
    ctx.fillRect(x, by + bh - fillH, bw, fillH);
    ctx.fillRect(x + Math.round(2 * S), by - Math.round(1.5 * S), bw - Math.round(4 * S), Math.round(1.5 * S));
    const tw = Math.ceil(ctx.measureText(pct).width);
    x -= Math.round(4 * S) + tw;
    ctx.fillText(pct, x, cy);
    x -= Math.round(6 * S);
  }
  // Network: Wi-Fi fan or a text badge.
  if (l.network === 'wifi') {
    const rad = Math.round((ios ? 8.5 : 8) * S);
    const wx = x - rad;
    const wy = cy + Math.round(rad * 0.6);
    for (let k = 0; k < 3; k++) {
      ctx.beginPath();
      ctx.lineWidth = Math.max(1, Math.round(1.6 * S));
      ctx.arc(wx, wy, rad * (0.33 + 0.33 * k) + 0.5, -Math.PI * 0.75, -Math.PI * 0.25);
      ctx.stroke();
    }
    ctx.beginPath();
    ctx.arc(wx, wy - 1, Math.max(1, 1.3 * S), 0, Math.PI * 2);
    ctx.fill();
    x = wx - rad - Math.round(5 * S);
  } else {
    ctx.font = `${Math.round((ios ? 15 : 12) * S)}px ${ios ? uiFont('inter', 600) : uiFont('roboto', 500)}`;
    const tw = Math.ceil(ctx.measureText(l.network).width);
    x -= tw;
    ctx.fillText(l.network, x, cy);
    x -= Math.round(5 * S);
  }
  // Signal: four bars of rising height (iOS) or a filled wedge (Android).
  if (ios) {
    const barW = Math.round(3 * S);
    const gap = Math.round(1.5 * S);
    x -= 4 * barW + 3 * gap;
    for (let k = 0; k < 4; k++) {
      const bh = Math.round((3.5 + 2.2 * k) * S);
      ctx.globalAlpha = k < l.signalBars ? 1 : 0.3;
      ctx.beginPath();
      ctx.roundRect(x + k * (barW + gap), cy + Math.round(5.5 * S) - bh, barW, bh, 0.8 * S);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  } else {
    const s = Math.round(13 * S);
    x -= s;
    ctx.globalAlpha = 0.35;
    ctx.beginPath();
    ctx.moveTo(x, cy + s / 2);
    ctx.lineTo(x + s, cy + s / 2);
    ctx.lineTo(x + s, cy - s / 2);
    ctx.closePath();
    ctx.fill();
    ctx.globalAlpha = 1;
    const f = l.signalBars / 4;
    ctx.beginPath();
    ctx.moveTo(x, cy + s / 2);
    ctx.lineTo(x + s * f, cy + s / 2);
    ctx.lineTo(x + s * f, cy + s / 2 - s * f);
    ctx.closePath();
    ctx.fill();
  }
}

function drawNavigation(ctx: SKRSContext2D, l: ScreenshotLayout, fg: string, dark: boolean): void {
  const d = l.device;
  const S = d.scale;
  const W = d.width;
  const H = d.height;
  ctx.fillStyle = fg;
  ctx.strokeStyle = fg;
  if (l.navStyle === 'home-indicator' || l.navStyle === 'gesture') {
    const w = Math.round((l.navStyle === 'home-indicator' ? 134 : 108) * S);
    const h = Math.round((l.navStyle === 'home-indicator' ? 5 : 4) * S);
    const y = H - Math.round((l.navStyle === 'home-indicator' ? 8 : 10) * S) - h;
    ctx.globalAlpha = l.navStyle === 'gesture' ? 0.75 : 1;
    ctx.beginPath();
    ctx.roundRect(Math.round((W - w) / 2), y, w, h, h / 2);
    ctx.fill();
    ctx.globalAlpha = 1;
  } else if (l.navStyle === 'three-button') {
    const top = H - l.bottomBarPx;
    ctx.fillStyle = dark ? '#000000' : '#f2f2f2';
    ctx.fillRect(0, top, W, l.bottomBarPx);
    ctx.fillStyle = fg;
    ctx.strokeStyle = fg;
    ctx.globalAlpha = 0.7;
    ctx.lineWidth = Math.max(1, Math.round(2 * S));
    const cy = top + l.bottomBarPx / 2;
    const s = Math.round(8 * S);
    // recents, home, back (Samsung order varies; this is AOSP's back-home-recents reversed is also common).
    ctx.strokeRect(Math.round(W * 0.25) - s, cy - s, 2 * s, 2 * s);
    ctx.beginPath();
    ctx.arc(Math.round(W * 0.5), cy, s * 1.1, 0, Math.PI * 2);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(Math.round(W * 0.75) + s, cy - s);
    ctx.lineTo(Math.round(W * 0.75) - s, cy);
    ctx.lineTo(Math.round(W * 0.75) + s, cy + s);
    ctx.closePath();
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
}

function drawGalleryBars(ctx: SKRSContext2D, l: ScreenshotLayout, top: number, bottom: number, fg: string): void {
  const d = l.device;
  const S = d.scale;
  const W = d.width;
  const y0 = l.statusBarPx;
  const ios = d.os === 'ios';
  ctx.fillStyle = fg;
  ctx.strokeStyle = ios ? '#0a84ff' : fg;
  ctx.lineWidth = Math.max(1, Math.round(2.4 * S));
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  // Back chevron / arrow.
  const cy = y0 + top / 2;
  ctx.beginPath();
  ctx.moveTo(Math.round(20 * S), cy - Math.round(8 * S));
  ctx.lineTo(Math.round(12 * S), cy);
  ctx.lineTo(Math.round(20 * S), cy + Math.round(8 * S));
  if (!ios) {
    ctx.moveTo(Math.round(12 * S), cy);
    ctx.lineTo(Math.round(28 * S), cy);
  }
  ctx.stroke();
  ctx.textBaseline = 'middle';
  if (ios) {
    ctx.fillStyle = fg;
    ctx.textAlign = 'center';
    ctx.font = `${Math.round(15 * S)}px ${uiFont('inter', 600)}`;
    ctx.fillText('Today', W / 2, cy - Math.round(7 * S));
    ctx.font = `${Math.round(12 * S)}px ${uiFont('inter', 400)}`;
    ctx.fillText(l.clock, W / 2, cy + Math.round(9 * S));
    ctx.textAlign = 'right';
    ctx.fillStyle = '#0a84ff';
    ctx.font = `${Math.round(17 * S)}px ${uiFont('inter', 400)}`;
    ctx.fillText('Edit', W - Math.round(16 * S), cy);
    ctx.textAlign = 'left';
  } else {
    // Overflow menu (three dots) and a star.
    for (let k = 0; k < 3; k++) {
      ctx.beginPath();
      ctx.arc(W - Math.round(20 * S), cy - Math.round(6 * S) + k * Math.round(6 * S), Math.round(1.8 * S), 0, Math.PI * 2);
      ctx.fill();
    }
  }
  // Bottom toolbar: four evenly spaced line icons.
  const by = d.height - l.bottomBarPx - bottom / 2;
  ctx.strokeStyle = ios ? '#0a84ff' : fg;
  const s = Math.round(10 * S);
  const xs = [0.125, 0.375, 0.625, 0.875].map((f) => Math.round(W * f));
  // share: box with an up arrow
  ctx.beginPath();
  ctx.moveTo(xs[0]! - s * 0.7, by - s * 0.2);
  ctx.lineTo(xs[0]! - s * 0.7, by + s);
  ctx.lineTo(xs[0]! + s * 0.7, by + s);
  ctx.lineTo(xs[0]! + s * 0.7, by - s * 0.2);
  ctx.moveTo(xs[0]!, by + s * 0.3);
  ctx.lineTo(xs[0]!, by - s * 1.1);
  ctx.moveTo(xs[0]! - s * 0.45, by - s * 0.65);
  ctx.lineTo(xs[0]!, by - s * 1.1);
  ctx.lineTo(xs[0]! + s * 0.45, by - s * 0.65);
  ctx.stroke();
  // heart
  ctx.beginPath();
  ctx.moveTo(xs[1]!, by + s * 0.9);
  ctx.bezierCurveTo(xs[1]! - s * 1.4, by - s * 0.1, xs[1]! - s * 0.6, by - s * 1.2, xs[1]!, by - s * 0.4);
  ctx.bezierCurveTo(xs[1]! + s * 0.6, by - s * 1.2, xs[1]! + s * 1.4, by - s * 0.1, xs[1]!, by + s * 0.9);
  ctx.stroke();
  // info: circle with i
  ctx.beginPath();
  ctx.arc(xs[2]!, by, s, 0, Math.PI * 2);
  ctx.moveTo(xs[2]!, by - s * 0.1);
  ctx.lineTo(xs[2]!, by + s * 0.5);
  ctx.stroke();
  ctx.beginPath();
  ctx.fillStyle = ctx.strokeStyle;
  ctx.arc(xs[2]!, by - s * 0.45, Math.max(1, s * 0.12), 0, Math.PI * 2);
  ctx.fill();
  // trash can
  ctx.beginPath();
  ctx.moveTo(xs[3]! - s * 0.9, by - s * 0.7);
  ctx.lineTo(xs[3]! + s * 0.9, by - s * 0.7);
  ctx.moveTo(xs[3]! - s * 0.65, by - s * 0.7);
  ctx.lineTo(xs[3]! - s * 0.5, by + s);
  ctx.lineTo(xs[3]! + s * 0.5, by + s);
  ctx.lineTo(xs[3]! + s * 0.65, by - s * 0.7);
  ctx.moveTo(xs[3]! - s * 0.3, by - s * 0.7);
  ctx.lineTo(xs[3]! - s * 0.3, by - s);
  ctx.lineTo(xs[3]! + s * 0.3, by - s);
  ctx.lineTo(xs[3]! + s * 0.3, by - s * 0.7);
  ctx.stroke();
  ctx.lineCap = 'butt';
}

function drawMessenger(ctx: SKRSContext2D, l: ScreenshotLayout, top: number, bottom: number, photo: Canvas): void {
  const d = l.device;
  const S = d.scale;
  const W = d.width;
  const H = d.height;
  const text = l.dark ? '#e9edef' : '#111b21';
  // Header bar with avatar and contact name.
  ctx.fillStyle = l.dark ? '#1f2c34' : d.os === 'ios' ? '#f6f6f6' : l.accent;
  ctx.fillRect(0, 0, W, l.statusBarPx + top);
  const headerText = l.dark || d.os === 'ios' ? (l.dark ? '#e9edef' : '#000000') : '#ffffff';
  const cy = l.statusBarPx + top / 2;
  ctx.fillStyle = '#9aa5ab';
  ctx.beginPath();
  ctx.arc(Math.round(56 * S), cy, Math.round(18 * S), 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = `${Math.round(16 * S)}px ${uiFont('roboto', 500)}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(l.title.slice(0, 1), Math.round(56 * S), cy);
  ctx.textAlign = 'left';
  ctx.fillStyle = headerText;
  ctx.font = `${Math.round(17 * S)}px ${uiFont('roboto', 500)}`;
  ctx.fillText(l.title, Math.round(84 * S), cy - Math.round(8 * S));
  ctx.font = `${Math.round(13 * S)}px ${uiFont('roboto', 400)}`;
  ctx.fillText('online', Math.round(84 * S), cy + Math.round(11 * S));
  ctx.strokeStyle = headerText;
  ctx.lineWidth = Math.max(1, Math.round(2.2 * S));
  ctx.beginPath();
  ctx.moveTo(Math.round(22 * S), cy - Math.round(8 * S));
  ctx.lineTo(Math.round(14 * S), cy);
  ctx.lineTo(Math.round(22 * S), cy + Math.round(8 * S));
  ctx.stroke();
  // Earlier text bubbles above the photo.
  const r = l.photoRect;
  const bubbleMine = l.dark ? '#005c4b' : '#d9fdd3';
  const bubbleTheirs = l.dark ? '#202c33' : '#ffffff';
  const pad = Math.round(3 * S);
  const lines: [string, boolean][] = [['Could you send a photo of your ID card?', !l.sentByMe], ['Sure, one moment', l.sentByMe]];
  let y = r.y - Math.round(14 * S);
  ctx.font = `${Math.round(15 * S)}px ${uiFont('roboto', 400)}`;
  for (let k = lines.length - 1; k >= 0 && y > l.statusBarPx + top + 60 * S; k--) {
    const [msg, mine] = lines[k]!;
    const tw = Math.ceil(ctx.measureText(msg).width);
    const bw = tw + Math.round(24 * S);
    const bh = Math.round(34 * S);
    const bx = mine ? W - Math.round(12 * S) - bw : Math.round(12 * S);
    y -= bh;
    ctx.fillStyle = mine ? bubbleMine : bubbleTheirs;
    ctx.beginPath();
    ctx.roundRect(bx, y, bw, bh, 8 * S);
    ctx.fill();
    ctx.fillStyle = text;
    ctx.fillText(msg, bx + Math.round(12 * S), y + bh / 2);
    y -= Math.round(8 * S);
  }
  // Photo bubble: the photo inset by a thin bubble border, rounded corners, time stamp over the photo.
  ctx.fillStyle = l.sentByMe ? bubbleMine : bubbleTheirs;
  ctx.beginPath();
  ctx.roundRect(r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad, 8 * S);
  ctx.fill();
  ctx.save();
  ctx.beginPath();
  ctx.roundRect(r.x, r.y, r.width, r.height, 6 * S);
  ctx.clip();
  ctx.drawImage(photo, r.x, r.y);
  ctx.restore();
  ctx.font = `${Math.round(11 * S)}px ${uiFont('roboto', 400)}`;
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = 'right';
  ctx.fillText(l.clock, r.x + r.width - Math.round(8 * S), r.y + r.height - Math.round(10 * S));
  ctx.textAlign = 'left';
  // Input bar.
  const iy = H - l.bottomBarPx - bottom;
  ctx.fillStyle = l.dark ? '#0b141a' : d.os === 'ios' ? '#f6f6f6' : '#efe7de';
  ctx.fillRect(0, iy, W, bottom + l.bottomBarPx);
  ctx.fillStyle = l.dark ? '#202c33' : '#ffffff';
  ctx.beginPath();
  ctx.roundRect(Math.round(8 * S), iy + Math.round(8 * S), W - Math.round(64 * S), bottom - Math.round(16 * S), (bottom - 16 * S) / 2);
  ctx.fill();
  ctx.fillStyle = l.dark ? '#8696a0' : '#8696a0';
  ctx.font = `${Math.round(16 * S)}px ${uiFont('roboto', 400)}`;
  ctx.fillText('Message', Math.round(24 * S), iy + bottom / 2);
  ctx.fillStyle = l.accent;
  ctx.beginPath();
  ctx.arc(W - Math.round(30 * S), iy + bottom / 2, Math.round(20 * S), 0, Math.PI * 2);
  ctx.fill();
}

function drawBanking(ctx: SKRSContext2D, l: ScreenshotLayout, top: number, photo: Canvas): void {
  const d = l.device;
  const S = d.scale;
  const W = d.width;
  const H = d.height;
  const fg = l.dark ? '#ffffff' : '#101828';
  ctx.fillStyle = l.accent;
  ctx.fillRect(0, 0, W, l.statusBarPx + top);
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'middle';
  ctx.font = `${Math.round(18 * S)}px ${uiFont('inter', 600)}`;
  ctx.fillText(l.title, Math.round(20 * S), l.statusBarPx + top / 2);
  const r = l.photoRect;
  ctx.fillStyle = fg;
  ctx.font = `${Math.round(20 * S)}px ${uiFont('inter', 700)}`;
  ctx.fillText('Check your photo', Math.round(24 * S), l.statusBarPx + top + Math.round(30 * S));
  ctx.fillStyle = l.dark ? '#98a2b3' : '#475467';
  ctx.font = `${Math.round(14 * S)}px ${uiFont('inter', 400)}`;
  ctx.fillText('Make sure all details are readable and not blurred.', Math.round(24 * S), l.statusBarPx + top + Math.round(58 * S));
  ctx.save();
  ctx.beginPath();
  ctx.roundRect(r.x, r.y, r.width, r.height, 12 * S);
  ctx.clip();
  ctx.drawImage(photo, r.x, r.y);
  ctx.restore();
  // Buttons at the bottom: outlined "Retake", filled "Use this photo".
  const bh = Math.round(50 * S);
  const by2 = H - l.bottomBarPx - Math.round(16 * S) - bh;
  const by1 = by2 - Math.round(12 * S) - bh;
  ctx.strokeStyle = l.accent;
  ctx.lineWidth = Math.max(1, Math.round(1.5 * S));
  ctx.beginPath();
  ctx.roundRect(Math.round(24 * S), by1, W - Math.round(48 * S), bh, 12 * S);
  ctx.stroke();
  ctx.fillStyle = l.accent;
  ctx.beginPath();
  ctx.roundRect(Math.round(24 * S), by2, W - Math.round(48 * S), bh, 12 * S);
  ctx.fill();
  ctx.textAlign = 'center';
  ctx.font = `${Math.round(16 * S)}px ${uiFont('inter', 600)}`;
  ctx.fillText('Retake', W / 2, by1 + bh / 2);
  ctx.fillStyle = '#ffffff';
  ctx.fillText('Use this photo', W / 2, by2 + bh / 2);
  ctx.textAlign = 'left';
}
