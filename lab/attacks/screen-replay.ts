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
  /**
   * Framing of the replay (drawn per seed unless given; never drawn for controlled captures or test displays):
   * what the screen shows (the document, or a picture without one: the whole-image case), a close-up whose subject
   * fills the frame with the bezel out of view, and a re-send through a messenger (downscaled, re-encoded).
   */
  readonly framing?: Partial<ReplayFraming>;
  /**
   * Give the panel an angular fall-off (render.ts Material.emissionFalloff), exponent drawn per display class from
   * its own fork of the display stream: a close-up sees the screen's corners off-axis, darker than its centre, as
   * real screen photos show. Off by default, so chunks made before the option stay byte-identical.
   */
  readonly viewingFalloff?: boolean;
  /**
   * `--screen-awb frame`: the camera white-balances a screen that fills the frame. The AWB estimate is pulled towards
   * the frame's mean colour (grey world, weight = the screen's share of the frame x a per-shot strength), and the
   * framing becomes mostly close-ups where the screen fills 60-100 % of the frame with a bezel / keyboard band on one
   * border (laptops get a keyboard deck, monitors a chin). Drawn from its own fork of the display stream after every
   * other draw, so chunks made without it stay byte-identical.
   */
  readonly frameWhiteBalance?: boolean;
}

/** What `frameWhiteBalance` draws for one replay. */
export interface FrameWhiteBalanceDraw {
  /** Grey-world weight per unit of screen share of the frame. */
  readonly strength: number;
  /** Close-up: the screen's share of the frame and which border shows the bezel / keyboard band; null = the seed's own framing. */
  readonly closeUp: { readonly screenShare: number; readonly bandSide: 'top' | 'bottom' | 'left' | 'right'; readonly slide: number; readonly bandFrac: number } | null;
  /** Body below the screen: a laptop's keyboard deck or a monitor's chin (mm, 0 for phones and tablets) and its colour. */
  readonly lowerBandMm: number;
  readonly lowerBandColor: readonly [number, number, number];
}

/**
 * Real screen photos (screen-recapture-dev tuning part) are mostly close-ups of laptops and monitors: the screen
 * fills most of the frame and a dark bezel or keyboard runs along one border.
 */
export function drawFrameWhiteBalance(rng: Rng, display: DisplayModel): FrameWhiteBalanceDraw {
  const strength = rng.uniform(0.75, 1);
  const screenH = display.rows * display.pitchMm;
  const cls = display.displayClass;
  const lowerBandMm = cls === 'laptop' ? rng.uniform(0.35, 0.6) * screenH : cls === 'monitor' ? rng.uniform(15, 45) : 0;
  const lowerBandColor = rng.pick([[0.02, 0.02, 0.022], [0.045, 0.045, 0.05], [0.12, 0.12, 0.125]] as const);
  const closeUp = rng.bool(0.75)
    ? {
        screenShare: rng.uniform(0.6, 1),
        bandSide: lowerBandMm > 0 && rng.bool(0.7) ? ('bottom' as const) : rng.pick(['top', 'bottom', 'left', 'right'] as const),
        slide: rng.uniform(0.5, 1),
        bandFrac: rng.uniform(0.04, 0.15),
      }
    : null;
  return { strength, closeUp, lowerBandMm, lowerBandColor };
}

/** cos^n exponent range of a panel's off-axis fall-off: TN laptop panels steep, IPS/OLED phones and tablets mild. */
const FALLOFF_RANGE: Readonly<Record<DisplayModel['displayClass'], readonly [number, number]>> = {
  laptop: [2, 6],
  monitor: [1, 3],
  tablet: [0.5, 2],
  phone: [0.5, 2],
};

export interface ReplayFraming {
  readonly content: 'document' | 'picture';
  /** Area of the frame the document (picture content: the screen) covers; null = the ordinary framing. */
  readonly closeUpArea: number | null;
  /** Messenger re-send: long side after the downscale and JPEG quality; null = the camera's own encoding. */
  readonly messenger: { readonly longSide: number; readonly quality: number } | null;
}

const ORDINARY: ReplayFraming = { content: 'document', closeUpArea: null, messenger: null };

/**
 * Real screen photos are mostly close-ups where the screen fills the frame (no bezel), a third show something other
 * than a document, and many were re-sent through a messenger (<= 1280 px, JPEG 60-85: the moire is gone).
 */
export function drawReplayFraming(rng: Rng): ReplayFraming {
  const content = rng.bool(0.3) ? 'picture' : 'document';
  const closeUp = rng.bool(content === 'picture' ? 0.6 : 0.4);
  // The displayed document nearly fills the frame; a picture's screen overflows it.
  const closeUpArea = closeUp ? (content === 'picture' ? rng.uniform(1.05, 1.7) : rng.uniform(0.65, 1.0)) : null;
  const messenger = rng.bool(0.35) ? { longSide: rng.int(960, 1280), quality: rng.int(60, 85) } : null;
  return { content, closeUpArea, messenger };
}

export async function screenReplay(ctx: AttackContext, options: ScreenReplayOptions = {}): Promise<LabSample> {
  const rng = ctx.rng;
  const displayRng = rng.fork('display');
  const display = options.display ?? drawDisplay(displayRng, options.displayClass);
  // Forked from the display's stream so that the main stream (and every other part of a sample) stays as it was.
  const testSetUp = options.display !== undefined || options.uniformGrey !== undefined || options.capture?.controlled !== undefined;
  const framing: ReplayFraming = { ...(testSetUp ? ORDINARY : drawReplayFraming(displayRng.fork('framing'))), ...options.framing };
  const screen = drawFramebuffer(rng.fork('framebuffer'), display, ctx.doc, options, framing.content);
  const falloff = options.viewingFalloff === true ? +displayRng.fork('falloff').uniform(...FALLOFF_RANGE[display.displayClass]).toFixed(2) : null;
  const frameAwb = options.frameWhiteBalance === true ? drawFrameWhiteBalance(displayRng.fork('screen-awb'), display) : null;
  const subject = deviceSubject(display, screen, falloff, frameAwb);
  const awbCloseUp = frameAwb?.closeUp && !testSetUp && options.framing?.closeUpArea === undefined ? closeUpOnScreen(display, screen, frameAwb.closeUp) : null;
  const capture: CaptureOptions = {
    ...options.capture,
    ...(framing.closeUpArea !== null ? { closeUp: { areaFrac: framing.closeUpArea } } : {}),
    ...(awbCloseUp ? { closeUp: awbCloseUp } : {}),
    ...(frameAwb ? { screenAwb: { strength: frameAwb.strength } } : {}),
    ...(framing.messenger !== null ? { encoding: { path: 'messenger', quality: framing.messenger.quality, longSide: framing.messenger.longSide, phoneModel: ['', ''] } } : {}),
  };
  const shot = await captureSubject(rng.fork('capture'), subject, capture);
  const picture = framing.content === 'picture';
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
    // A picture on the screen has no document to outline (the front-end should find none).
    quads: picture ? [] : shot.quads,
    documentType: ctx.doc.documentType,
    portraitQuad: picture ? null : shot.portraitQuad,
    params: {
      ...shot.params,
      attack: {
        kind: 'screen-replay',
        display: { ...display, ppi: +display.ppi.toFixed(1), pitchMm: +display.pitchMm.toFixed(5) },
        screen: screen.params,
        framing: { content: framing.content, closeUpArea: framing.closeUpArea === null ? null : +framing.closeUpArea.toFixed(3), messenger: framing.messenger },
        ...(falloff !== null ? { emissionFalloff: falloff } : {}),
        ...(frameAwb ? { frameWhiteBalance: { strength: +frameAwb.strength.toFixed(3), closeUp: awbCloseUp && frameAwb.closeUp ? { screenShare: +frameAwb.closeUp.screenShare.toFixed(3), bandSide: frameAwb.closeUp.bandSide, slide: +frameAwb.closeUp.slide.toFixed(3), bandFrac: +frameAwb.closeUp.bandFrac.toFixed(3), areaFrac: +awbCloseUp.areaFrac.toFixed(3) } : null, lowerBandMm: +frameAwb.lowerBandMm.toFixed(1) } } : {}),
        screenPixelCyclesPerSensorPx: +fs.toFixed(4),
        predictedAliasCyclesPerPx: +Math.abs(fs - Math.round(fs)).toFixed(4),
      },
      document: { family: ctx.doc.family, faceId: ctx.doc.faceId },
    },
  };
}

/**
 * The capture's close-up for a screen filling `screenShare` of the frame: the document's area fraction that gives it,
 * and an aim point moved (subject mm, from the document's centre) so that the screen's `bandSide` edge sits inside the
 * frame by `bandFrac` of the screen, with `slide` of the frame's spare extent on that side.
 */
function closeUpOnScreen(display: DisplayModel, fb: Framebuffer, c: NonNullable<FrameWhiteBalanceDraw['closeUp']>): { areaFrac: number; shiftMm: [number, number] } {
  const pitch = display.pitchMm;
  const [d0, d1, d2] = [fb.docCorners[0]!, fb.docCorners[1]!, fb.docCorners[2]!];
  const docArea = Math.max(1, (d1[0] - d0[0]) * (d2[1] - d1[1]));
  const areaFrac = (c.screenShare * docArea) / (display.cols * display.rows);
  // Shift from the document's centre to the screen's centre, then towards the band side.
  const toScreenCentre: [number, number] = [(display.cols / 2 - (d0[0] + d1[0]) / 2) * pitch, (display.rows / 2 - (d1[1] + d2[1]) / 2) * pitch];
  const extent = c.bandSide === 'left' || c.bandSide === 'right' ? display.cols * pitch : display.rows * pitch;
  const move = (c.slide * (extent / Math.sqrt(c.screenShare) - extent)) / 2 + c.bandFrac * extent;
  const dir: [number, number] = c.bandSide === 'bottom' ? [0, 1] : c.bandSide === 'top' ? [0, -1] : c.bandSide === 'right' ? [1, 0] : [-1, 0];
  return { areaFrac, shiftMm: [toScreenCentre[0] + dir[0] * move, toScreenCentre[1] + dir[1] * move] };
}

interface Framebuffer {
  readonly pixels: Uint8ClampedArray;
  /** Document corners and portrait corners in screen pixels. */
  readonly docCorners: Point[];
  readonly portraitCorners: Point[] | null;
  readonly params: Record<string, unknown>;
}

function drawFramebuffer(rng: Rng, display: DisplayModel, doc: DocumentRender, options: ScreenReplayOptions, content: ReplayFraming['content']): Framebuffer {
  const W = display.cols;
  const H = display.rows;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  if (content === 'picture') {
    drawPicture(ctx, rng.fork('picture'), W, H);
    // The "document" of a picture is the whole screen: the camera frames the screen.
    return { pixels: ctx.getImageData(0, 0, W, H).data as unknown as Uint8ClampedArray, docCorners: [[0, 0], [W, 0], [W, H], [0, H]], portraitCorners: null, params: { content: 'picture' } };
  }
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

/**
 * A procedural photo-like picture (no document, no real photo: the room photos in ../shared/data are the real set's
 * bona fide scenes and must not become screen content): a lit backdrop gradient, large soft shapes, a few sharp
 * edges and lines, and fine grain.
 */
function drawPicture(ctx: SKRSContext2D, rng: Rng, W: number, H: number): void {
  const hsl = (h: number, s: number, l: number) => `hsl(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%)`;
  const hue = rng.uniform(0, 360);
  const sky = ctx.createLinearGradient(0, 0, rng.uniform(-0.3, 0.3) * W, H);
  sky.addColorStop(0, hsl(hue, rng.uniform(10, 60), rng.uniform(45, 85)));
  sky.addColorStop(1, hsl(hue + rng.uniform(-60, 60), rng.uniform(5, 50), rng.uniform(10, 50)));
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, W, H);
  const shapes = rng.int(6, 18);
  for (let i = 0; i < shapes; i++) {
    ctx.fillStyle = hsl(rng.uniform(0, 360), rng.uniform(0, 70), rng.uniform(5, 90));
    ctx.globalAlpha = rng.uniform(0.5, 1);
    const x = rng.uniform(-0.2, 1) * W;
    const y = rng.uniform(-0.2, 1) * H;
    const w = rng.uniform(0.05, 0.6) * W;
    const h = rng.uniform(0.05, 0.6) * H;
    ctx.beginPath();
    if (rng.bool()) ctx.ellipse(x + w / 2, y + h / 2, w / 2, h / 2, rng.uniform(0, Math.PI), 0, Math.PI * 2);
    else ctx.rect(x, y, w, h);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  const lines = rng.int(0, 40);
  for (let i = 0; i < lines; i++) {
    ctx.strokeStyle = hsl(rng.uniform(0, 360), rng.uniform(0, 40), rng.uniform(0, 100));
    ctx.lineWidth = rng.uniform(0.5, 4);
    ctx.beginPath();
    ctx.moveTo(rng.uniform(0, W), rng.uniform(0, H));
    ctx.lineTo(rng.uniform(0, W), rng.uniform(0, H));
    ctx.stroke();
  }
  // Grain: the picture was itself a photo.
  const img = ctx.getImageData(0, 0, W, H);
  const grain = rng.uniform(2, 10);
  const noise = rng.fork('grain');
  for (let i = 0; i < img.data.length; i += 4) {
    const n = (noise.next() - 0.5) * 2 * grain;
    img.data[i] = img.data[i]! + n;
    img.data[i + 1] = img.data[i + 1]! + n;
    img.data[i + 2] = img.data[i + 2]! + n;
  }
  ctx.putImageData(img, 0, 0);
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
function deviceSubject(display: DisplayModel, fb: Framebuffer, emissionFalloff: number | null, frameAwb: FrameWhiteBalanceDraw | null): Subject {
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
  // A laptop's keyboard deck or a monitor's chin below the screen (frameWhiteBalance only).
  const lowerBand = frameAwb !== null && frameAwb.lowerBandMm > 0 ? { heightMm: frameAwb.lowerBandMm, texture: new FlatTexture(frameAwb.lowerBandColor) } : null;
  return {
    kind: 'device',
    widthMm: bodyW,
    heightMm: bodyH + (lowerBand?.heightMm ?? 0),
    cornerRadiusMm: display.screenCornerRadiusMm + (mobile ? bezel : 0),
    thicknessMm: mobile ? 8 : 6,
    documentCorners: docMm,
    portraitCorners: fb.portraitCorners ? fb.portraitCorners.map(toMm) : null,
    documentWidthMm: dw,
    documentHeightMm: dh,
    holdable: mobile,
    upright: !mobile,
    emitsLight: true,
    ...(frameAwb !== null ? { emitterCorners: [[bezel, bezel], [bezel + screenW, bezel], [bezel + screenW, bezel + screenH], [bezel, bezel + screenH]] as Point[] } : {}),
    build: (plane, shadow): SceneSurface[] => [
      ...(lowerBand
        ? [{ plane: subPlane(plane, 0, bodyH), widthMm: bodyW, heightMm: lowerBand.heightMm, cornerRadiusMm: 0, texture: lowerBand.texture, material: { kind: 'diffuse' as const, specular: 0.03, shininess: 100, mirror: 0, holograms: [], hologramStrength: 0 }, samplesPerAxis: 1, shadow }]
        : []),
      {
        plane, widthMm: bodyW, heightMm: bodyH, cornerRadiusMm: display.screenCornerRadiusMm + (mobile ? bezel : 0), texture: body,
        material: { kind: 'diffuse', specular: 0.05, shininess: 200, mirror: 0.04, holograms: [], hologramStrength: 0 }, samplesPerAxis: 1, shadow,
      },
      {
        plane: subPlane(plane, bezel, bezel), widthMm: screenW, heightMm: screenH, cornerRadiusMm: display.screenCornerRadiusMm, texture,
        material: { kind: 'emissive', specular: 0, shininess: 1, mirror: display.glassReflectance, holograms: [], hologramStrength: 0, ...(emissionFalloff !== null ? { emissionFalloff } : {}) }, samplesPerAxis: 2, subsampleInterior: true, shadow: null,
      },
    ],
  };
}

