// Screen replay: the document is shown on a phone, tablet, laptop or monitor (display model with sub-pixels, gamma,
// white point, brightness, black level, glass) and that screen is photographed with the camera model.
import { createCanvas, ImageData } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { AttackContext, DocumentRender, LabSample } from '../types.js';
import type { Rng } from '../rng.js';
import type { CaptureOptions, Subject } from '../capture/scene.js';
import { captureSubject } from '../capture/scene.js';
import type { Point } from '../capture/geometry.js';
import type { SceneSurface } from '../capture/render.js';
import { subPlane } from '../capture/geometry.js';
import { drawDisplay, emissionBuffer, FlatTexture, ScreenTexture } from '../capture/display.js';
import type { DisplayClass, DisplayModel } from '../capture/display.js';

export interface ScreenReplayOptions {
  readonly displayClass?: DisplayClass;
  /** Replace the drawn display (tests use a known pitch and layout). */
  readonly display?: DisplayModel;
  /** Show a flat grey field instead of the document (tests measure the bare sub-pixel grid). */
  readonly uniformGrey?: number;
  /** Fraction of the screen's width the document fills. */
  readonly documentScreenFill?: number;
  readonly noUi?: boolean;
  readonly capture?: CaptureOptions;
}

export async function screenReplay(ctx: AttackContext, options: ScreenReplayOptions = {}): Promise<LabSample> {
  const rng = ctx.rng;
  const display = options.display ?? drawDisplay(rng.fork('display'), options.displayClass);
  const screen = drawFramebuffer(rng.fork('framebuffer'), display, ctx.doc, options);
  const subject = deviceSubject(display, screen);
  const shot = await captureSubject(rng.fork('capture'), subject, options.capture ?? {});
  const camera = shot.params['camera'] as { distanceMm: number; focalPx: number; tiltDeg: number };
  // Screen-pixel frequency on the sensor at the document's centre for a fronto-parallel view (cycles per sensor
  // pixel): f_s = sensor pitch / (screen pitch x magnification) = 1 / (screen pitch [mm] x sensor pixels per mm).
  const sensorPxPerMm = camera.focalPx / camera.distanceMm;
  const fs = 1 / (display.pitchMm * sensorPxPerMm);
  return {
    bytes: shot.bytes,
    extension: 'jpg',
    label: 'attack',
    attack: 'SCREEN_REPLAY',
    quads: shot.quads,
    documentType: ctx.doc.documentType,
    portraitQuad: shot.portraitQuad,
    params: {
      ...shot.params,
      attack: {
        kind: 'screen-replay',
        display: { ...display, ppi: +display.ppi.toFixed(1), pitchMm: +display.pitchMm.toFixed(5) },
        screen: screen.params,
        screenPixelCyclesPerSensorPx: +fs.toFixed(4),
        predictedAliasCyclesPerPx: +Math.abs(fs - Math.round(fs)).toFixed(4),
      },
      document: { family: ctx.doc.family, faceId: ctx.doc.faceId },
    },
  };
}

interface Framebuffer {
  readonly pixels: Uint8ClampedArray;
  /** Document corners and portrait corners in screen pixels. */
  readonly docCorners: Point[];
  readonly portraitCorners: Point[] | null;
  readonly params: Record<string, unknown>;
}

function drawFramebuffer(rng: Rng, display: DisplayModel, doc: DocumentRender, options: ScreenReplayOptions): Framebuffer {
  const W = display.cols;
  const H = display.rows;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const bg = rng.weighted([['#000000', 0.5], ['#ffffff', 0.2], ['#1e1e1e', 0.2], ['#f2f2f2', 0.1]] as const);
  ctx.fillStyle = options.uniformGrey !== undefined ? greyCss(options.uniformGrey) : bg;
  ctx.fillRect(0, 0, W, H);
  const ui = !options.noUi && options.uniformGrey === undefined && rng.bool(0.45);
  const topUi = ui ? Math.round(H * (display.displayClass === 'phone' || display.displayClass === 'tablet' ? 0.045 : 0.035)) : 0;
  const bottomUi = ui ? Math.round(H * 0.06) : 0;
  const fill = options.documentScreenFill ?? rng.uniform(0.7, 0.97);
  const availW = W;
  const availH = H - topUi - bottomUi;
  const scale = Math.min((availW * fill) / doc.image.width, (availH * fill) / doc.image.height);
  const dw = doc.image.width * scale;
  const dh = doc.image.height * scale;
  const x0 = (W - dw) / 2 + rng.uniform(-0.3, 0.3) * (availW - dw) * 0.5;
  const y0 = topUi + (availH - dh) / 2 + rng.uniform(-0.3, 0.3) * (availH - dh) * 0.5;
  if (options.uniformGrey === undefined) {
    const src = createCanvas(doc.image.width, doc.image.height);
    src.getContext('2d').putImageData(new ImageData(doc.image.data, doc.image.width, doc.image.height), 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(src, x0, y0, dw, dh);
  }
  if (ui) drawViewerUi(ctx, rng, display, W, H, topUi, bottomUi);
  const pb = doc.portraitBox;
  return {
    pixels: ctx.getImageData(0, 0, W, H).data as unknown as Uint8ClampedArray,
    docCorners: [[x0, y0], [x0 + dw, y0], [x0 + dw, y0 + dh], [x0, y0 + dh]],
    portraitCorners: pb ? [[x0 + pb.x * scale, y0 + pb.y * scale], [x0 + (pb.x + pb.width) * scale, y0 + pb.y * scale], [x0 + (pb.x + pb.width) * scale, y0 + (pb.y + pb.height) * scale], [x0 + pb.x * scale, y0 + (pb.y + pb.height) * scale]] : null,
    params: { background: bg, viewerUi: ui, documentOnScreenPx: [Math.round(dw), Math.round(dh)], documentScreenFill: +fill.toFixed(3) },
  };
}

function greyCss(v: number): string {
  const c = Math.round(v * 255);
  return `rgb(${c},${c},${c})`;
}

/** Status bar and toolbar of a gallery app on phones/tablets; title bar and task bar on laptops/monitors. */
function drawViewerUi(ctx: SKRSContext2D, rng: Rng, display: DisplayModel, W: number, H: number, top: number, bottom: number): void {
  const dark = rng.bool(0.6);
  const fg = dark ? '#f5f5f5' : '#101010';
  ctx.fillStyle = dark ? 'rgba(0,0,0,0.85)' : 'rgba(250,250,250,0.92)';
  ctx.fillRect(0, 0, W, top);
  ctx.fillRect(0, H - bottom, W, bottom);
  ctx.fillStyle = fg;
  ctx.font = `${Math.round(top * 0.5)}px "DejaVu Sans"`;
  ctx.textBaseline = 'middle';
  const hh = rng.int(0, 23);
  const mm = rng.int(0, 59);
  const mobile = display.displayClass === 'phone' || display.displayClass === 'tablet';
  if (mobile) {
    ctx.fillText(`${hh}:${String(mm).padStart(2, '0')}`, top * 0.6, top / 2);
    // battery
    const bw = top * 0.9;
    const bh = top * 0.42;
    const bx = W - top * 0.6 - bw;
    const by = (top - bh) / 2;
    ctx.strokeStyle = fg;
    ctx.lineWidth = Math.max(1, top * 0.05);
    ctx.strokeRect(bx, by, bw, bh);
    ctx.fillRect(bx + 2, by + 2, (bw - 4) * rng.uniform(0.15, 1), bh - 4);
    // signal bars
    for (let i = 0; i < 4; i++) ctx.fillRect(bx - top * 1.6 + i * top * 0.22, by + bh - (i + 1) * bh * 0.25, top * 0.14, (i + 1) * bh * 0.25);
  } else {
    ctx.fillText(`IMG_${rng.int(1000, 9999)}.jpg`, W / 2 - top * 3, top / 2);
    for (let i = 0; i < 3; i++) {
      ctx.fillStyle = ['#ff5f57', '#febc2e', '#28c840'][i]!;
      ctx.beginPath();
      ctx.arc(top * (0.7 + i * 0.7), top / 2, top * 0.22, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.fillStyle = fg;
    ctx.fillText(`${hh}:${String(mm).padStart(2, '0')}`, W - top * 3, H - bottom / 2);
  }
  // toolbar glyphs: share, favourite, edit, delete
  ctx.strokeStyle = fg;
  ctx.lineWidth = Math.max(1, bottom * 0.05);
  for (let i = 0; i < 4; i++) {
    const cx = W * (0.2 + i * 0.2);
    const cy = H - bottom / 2;
    const r = bottom * 0.22;
    ctx.beginPath();
    if (i === 0) ctx.rect(cx - r * 0.7, cy - r * 0.4, r * 1.4, r * 1.3);
    else if (i === 1) ctx.arc(cx, cy, r * 0.8, 0, Math.PI * 2);
    else if (i === 2) { ctx.moveTo(cx - r, cy + r); ctx.lineTo(cx + r, cy - r); }
    else ctx.rect(cx - r * 0.6, cy - r * 0.8, r * 1.2, r * 1.6);
    ctx.stroke();
  }
}

/** The device as a scene subject: body (bezel) behind an emissive screen under glass. */
function deviceSubject(display: DisplayModel, fb: Framebuffer): Subject {
  const pitch = display.pitchMm;
  const screenW = display.cols * pitch;
  const screenH = display.rows * pitch;
  const bezel = display.bezelMm;
  const bodyW = screenW + 2 * bezel;
  const bodyH = screenH + 2 * bezel;
  const emission = emissionBuffer(display, fb.pixels);
  const texture = new ScreenTexture(display, emission);
  const body = new FlatTexture(display.bodyColor);
  const toMm = (p: Point): Point => [bezel + p[0] * pitch, bezel + p[1] * pitch];
  const docMm = fb.docCorners.map(toMm);
  const dw = Math.hypot(docMm[1]![0] - docMm[0]![0], docMm[1]![1] - docMm[0]![1]);
  const dh = Math.hypot(docMm[3]![0] - docMm[0]![0], docMm[3]![1] - docMm[0]![1]);
  const mobile = display.displayClass === 'phone' || display.displayClass === 'tablet';
  return {
    kind: 'device',
    widthMm: bodyW,
    heightMm: bodyH,
    cornerRadiusMm: display.screenCornerRadiusMm + (mobile ? bezel : 0),
    thicknessMm: mobile ? 8 : 6,
    documentCorners: docMm,
    portraitCorners: fb.portraitCorners ? fb.portraitCorners.map(toMm) : null,
    documentWidthMm: dw,
    documentHeightMm: dh,
    holdable: mobile,
    upright: !mobile,
    emitsLight: true,
    build: (plane, shadow): SceneSurface[] => [
      {
        plane, widthMm: bodyW, heightMm: bodyH, cornerRadiusMm: display.screenCornerRadiusMm + (mobile ? bezel : 0), texture: body,
        material: { kind: 'diffuse', specular: 0.05, shininess: 200, mirror: 0.04, holograms: [], hologramStrength: 0 }, samplesPerAxis: 1, shadow,
      },
      {
        plane: subPlane(plane, bezel, bezel), widthMm: screenW, heightMm: screenH, cornerRadiusMm: display.screenCornerRadiusMm, texture,
        material: { kind: 'emissive', specular: 0, shininess: 1, mirror: display.glassReflectance, holograms: [], hologramStrength: 0 }, samplesPerAxis: 2, subsampleInterior: true, shadow: null,
      },
    ],
  };
}

