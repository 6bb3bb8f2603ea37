// One phone capture of a subject (an identity card, a printed copy, a screen showing the document) lying on a
// table or held in the hand: camera pose, lights, table and objects, hands, lens, sensor, ISP and encoding.
// The ground-truth quads are the exact projections of the document's corners.
import type { LabQuad, LabSample } from '../types.js';
import type { Rng } from '../rng.js';
import { luminance, SRGB_TO_LINEAR, unitLuminance } from './color.js';
import type { Rgb } from './color.js';
import { awbWithEmitter, blockWhitePatchColour, partialWhiteBalance, whitePatchColour } from './awb.js';
import type { Camera, Plane, Point, Vec3 } from './geometry.js';
import { lookAtCamera, planePoint, project, tablePlane } from './geometry.js';
import { drawLighting } from './lighting.js';
import { applyColourShading, castEstimate, drawRoomCast, frameMeanColour, greyWorldPull, withLocalLamp } from './room-cast.js';
import type { DrawnLighting } from './lighting.js';
import { irradiance, MATTE, renderSurface } from './render.js';
import { scratchF32 } from './scratch.js';
import { loadBackdrop } from './photos.js';
import type { MutableFrame, SceneSurface, ShadowMap } from './render.js';
import { drawTable, TABLE_KINDS } from './background.js';
import type { DropShadow } from './background.js';
import { drawHands } from './hands.js';
import { gaussianBlur, gaussianBlurDirect, motionBlur } from './filters.js';
import { backgroundReduction, coarseCamera, reducedSigma, upsampleRgb } from './defocus.js';
import { developFrame, drawSensorParams, meteredMean } from './sensor.js';
import { drawPhoneDenoise } from './isp-denoise.js';
import { drawEncoding, encodeCapture } from './encode.js';
import type { EncodeChoice } from './encode.js';

/** Something placed in the scene. Its own coordinates: (u, v) mm from its top-left corner, u right, v down. */
export interface Subject {
  readonly kind: 'card' | 'paper' | 'device';
  readonly widthMm: number;
  readonly heightMm: number;
  readonly cornerRadiusMm: number;
  /** Thickness above its support (card 0.76 mm, phone 8 mm): sets the contact shadow. */
  readonly thicknessMm: number;
  /** The surfaces of the subject, back to front, placed on `plane`; `shadow` darkens light falling on them. */
  build(plane: Plane, shadow: ShadowMap | null): SceneSurface[];
  /** The identity document's corners (TL, TR, BR, BL) in subject mm. */
  readonly documentCorners: readonly Point[];
  /** The portrait's corners in subject mm, or null. */
  readonly portraitCorners: readonly Point[] | null;
  /** Physical size of the document as shown (for framing: the photographer frames the document). */
  readonly documentWidthMm: number;
  readonly documentHeightMm: number;
  /** Whether a hand may hold it (cards, paper, phones) — monitors stand on the desk. */
  readonly holdable: boolean;
  /** Stands upright in front of a wall (monitors, laptop screens): no quarter turns, the wall behind. */
  readonly upright?: boolean;
  /** Emits its own light (a screen): the AWB's white patch may land on it instead of the room light (awb.ts). */
  readonly emitsLight?: boolean;
  /** The emitting area's corners (TL, TR, BR, BL) in subject mm: how much of the frame a screen fills (`screenAwb`). */
  readonly emitterCorners?: readonly Point[];
}

export interface CaptureOptions {
  /** Force the frame size (benchmarks, tests); otherwise drawn from the phone mix. */
  readonly resolution?: readonly [number, number];
  /** A second identity document lying beside the first (drawn sometimes for bona fide captures). */
  readonly second?: Subject | null;
  /** Force geometry for tests: fronto-parallel, centred, fill fraction of the frame width, no hands, no blur. */
  readonly controlled?: { readonly widthFill: number; readonly rotation?: number; readonly noNoise?: boolean };
  readonly encoding?: EncodeChoice;
  /** Allow room photos from ../shared/data behind hand-held documents (off for committed contact sheets). */
  readonly photoBackdrops?: boolean;
  /**
   * A close-up (screen replays): the document fills `areaFrac` of the frame's area (> 1 runs past the frame), roughly
   * centred, and the photographer zooms rather than backing off to a comfortable distance, so the bezel is out of view.
   */
  readonly closeUp?: {
    readonly areaFrac: number;
    /** Move the aim point by (u, v) mm in the subject's plane after the framing draws: a bezel / keyboard band on one border. */
    readonly shiftMm?: readonly [number, number];
  };
  /**
   * A screen filling much of the frame pulls the AWB estimate towards the frame's own estimate (block white patch and
   * grey world, the pull of room-cast.ts), with weight `strength` x min(1, share of the frame the subject's emitter
   * covers / 0.5): the camera neutralises a screen that fills the frame. Off by default (older chunks stay byte-identical).
   */
  readonly screenAwb?: { readonly strength: number };
  /**
   * Real rooms' colour casts (room-cast.ts): grey-world pull and errors of the AWB estimate, weaker adaptation, an
   * off-locus lamp beside the document. Off by default (older chunks stay byte-identical); ignored by controlled captures.
   */
  readonly roomCast?: boolean;
  /**
   * A phone ISP's spatial noise reduction (isp-denoise.ts), strength drawn per capture: some frames come out nearly
   * grain-free. Off by default (older chunks stay byte-identical).
   */
  readonly ispDenoise?: 'phone';
  /** Ground truth for glare (lab/glare-truth.ts); never set by the generator. */
  readonly specularProbe?: SpecularProbe;
}

/**
 * Re-shoots a capture for lab/glare-truth.ts. The draws stay those of the seed; only what is listed changes.
 */
export interface SpecularProbe {
  /** Render the subject without the reflections of lights and room (render.ts `withoutSpecular`). */
  readonly withoutSpecular: boolean;
  /**
   * Light as the version-1 generator did (the chunks train-*, val-*, test-*): no fill light (lab version 5 added it,
   * drawn last from its own stream, so the key light is unchanged) and a full white balance (no awbAdaptation).
   */
  readonly version1Light: boolean;
  /** Develop with this metered luminance instead of metering the frame (the counterfactual keeps the real exposure). */
  readonly meteredMean?: number;
  /** Told the metered luminance the frame was developed with. */
  readonly onMetered?: (mean: number) => void;
}

export interface CaptureResult {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly quads: LabQuad[];
  readonly portraitQuad: LabQuad | null;
  readonly params: Record<string, unknown>;
}

const RESOLUTIONS: readonly (readonly [readonly [number, number], number])[] = [
  [[1920, 1080], 0.6],
  [[1280, 720], 0.16],
  [[1600, 1200], 0.06],
  [[2560, 1440], 0.05],
  [[2048, 1536], 0.05],
  [[3264, 2448], 0.03],
  [[4000, 3000], 0.04],
  [[4032, 3024], 0.01],
];

export function drawResolution(rng: Rng): [number, number] {
  const [w, h] = rng.weighted(RESOLUTIONS);
  // A third of the photos are taken with the phone upright.
  return rng.bool(0.3) ? [h, w] : [w, h];
}

const deg = Math.PI / 180;

export async function captureSubject(rng: Rng, subject: Subject, options: CaptureOptions = {}): Promise<CaptureResult> {
  const geoRng = rng.fork('geometry');
  const [W, H] = options.resolution ?? drawResolution(geoRng);
  const ctl = options.controlled;
  const hfov = geoRng.uniform(60, 78) * deg;
  const focalPx = Math.max(W, H) / 2 / Math.tan(hfov / 2);

  // --- where the subject is and how the phone looks at it.
  const closeUp = !ctl && options.closeUp !== undefined;
  const cropped = !ctl && (geoRng.bool(0.1) || closeUp);
  const areaFrac = ctl ? 0 : closeUp ? options.closeUp!.areaFrac : cropped ? geoRng.uniform(0.35, 1.1) : Math.exp(geoRng.uniform(Math.log(0.06), Math.log(0.85)));
  const tilt = ctl ? 0 : Math.min(40, Math.abs(geoRng.normal(0, 15))) * deg;
  const azimuth = geoRng.uniform(0, Math.PI * 2);
  const orientation = geoRng.weighted([[0, 0.72], [90, 0.1], [-90, 0.08], [180, 0.04], [-1, 0.06]] as const);
  const theta = ctl ? (ctl.rotation ?? 0) : subject.upright ? geoRng.normal(0, 3) * deg : orientation === -1 ? geoRng.uniform(-180, 180) * deg : (orientation + geoRng.normal(0, 5)) * deg;
  const handHeld = !ctl && subject.holdable && geoRng.bool(0.3);
  const z = handHeld ? geoRng.uniform(120, 400) : subject.thicknessMm;
  const dw = subject.documentWidthMm;
  const dh = subject.documentHeightMm;
  // Unless the shot is meant to crop the document, back off until its rotated outline fits in 95 % of the frame
  // (a landscape passport page in a portrait frame cannot fill the frame's area).
  const boxW = Math.abs(dw * Math.cos(theta)) + Math.abs(dh * Math.sin(theta));
  const boxH = Math.abs(dw * Math.sin(theta)) + Math.abs(dh * Math.cos(theta));
  const fitDistance = (focalPx * Math.max(boxW / (0.95 * W), boxH / (0.95 * H))) / Math.max(0.6, Math.cos(tilt));
  let distance = ctl
    ? (focalPx * dw) / (ctl.widthFill * W)
    : Math.max(focalPx * Math.sqrt((dw * dh) / (areaFrac * W * H)), cropped ? 0 : fitDistance);
  // Most people back off until the phone can focus (8.5-12 cm); some shoot anyway and get a blurred close-up.
  const comfortable = geoRng.uniform(85, 120);
  if (!ctl && !closeUp && distance < comfortable && geoRng.bool(0.85)) distance = comfortable;
  const frameWmm = (W * distance) / focalPx;
  const frameHmm = (H * distance) / focalPx;
  const slackX = Math.max(0, (frameWmm - dw * 1.1) / 2);
  const slackY = Math.max(0, (frameHmm - dh * 1.1) / 2);
  let ox = ctl ? 0 : geoRng.uniform(-0.8, 0.8) * slackX;
  let oy = ctl ? 0 : geoRng.uniform(-0.8, 0.8) * slackY;
  if (cropped && !closeUp) {
    const side = geoRng.int(0, 3);
    const push = geoRng.uniform(0.15, 0.45);
    if (side === 0) ox += dw * push + slackX;
    else if (side === 1) ox -= dw * push + slackX;
    else if (side === 2) oy += dh * push + slackY;
    else oy -= dh * push + slackY;
  }
  // The subject's centre is the world origin (x right, y up on the table); its plane is rotated by theta.
  const subjectPlane = tablePlane([0, 0, z], theta);
  const corner = planePoint(subjectPlane, -subject.widthMm / 2, -subject.heightMm / 2);
  const plane: Plane = { origin: corner, eu: subjectPlane.eu, ev: subjectPlane.ev };
  // The document may sit off-centre on its subject (a card on a phone screen): frame the document.
  const dc = centroid(subject.documentCorners);
  const docCenter = planePoint(plane, dc[0], dc[1]);
  const shift = closeUp ? options.closeUp!.shiftMm : undefined;
  const aim = shift ? planePoint(plane, dc[0] + shift[0], dc[1] + shift[1]) : docCenter;
  const target: Vec3 = [aim[0] + ox, aim[1] + oy, z];
  const camPos: Vec3 = [target[0] + distance * Math.sin(tilt) * Math.cos(azimuth), target[1] + distance * Math.sin(tilt) * Math.sin(azimuth), target[2] + distance * Math.cos(tilt)];
  const roll = ctl ? 0 : geoRng.normal(0, 3) * deg;
  const cam = lookAtCamera(W, H, focalPx, camPos, target, roll);

  // --- light.
  const lightRng = rng.fork('light');
  const drawnLight: DrawnLighting = drawLighting(lightRng, [0, 0, z], camPos);
  // The cast is forked from the lighting stream after the lighting was drawn: no other stream of the seed moves.
  const cast = options.roomCast && !ctl ? drawRoomCast(lightRng.fork('room-cast')) : null;
  const probe = options.specularProbe;
  const keyLit = probe?.version1Light ? withoutFillLight(drawnLight) : drawnLight;
  const lit: DrawnLighting = cast ? { ...keyLit, lighting: withLocalLamp(keyLit.lighting, cast, [0, 0, z]) } : keyLit;

  const sceneRng = rng.fork('scene');

  // --- lens (drawn here because the background's blur sets how finely the table is drawn; its stream is forked
  // from `rng` right after the scene's either way): focus on the document, with a focus error; close-up shots below
  // the minimum focus distance blur.
  const lensRng = rng.fork('lens');
  const apertureMm = lensRng.uniform(1.6, 2.8);
  const minFocus = lensRng.uniform(70, 110);
  const focusDist = Math.max(minFocus, distance * (1 + lensRng.normal(0, 0.04)));
  const cocPx = (d: number): number => apertureMm * focalPx * Math.abs(1 / focusDist - 1 / d);
  const psfCore = ctl ? 0.4 : lensRng.uniform(0.35, 0.75);
  const defocusSigma = ctl ? 0 : cocPx(distance) / 2.4;
  const bgDistance = distance + (handHeld ? z / Math.cos(tilt) : 0);
  const bgSigma = handHeld ? cocPx(bgDistance) / 2.4 : 0;
  const motion = !ctl && lensRng.bool(0.3) ? lensRng.uniform(0.6, 4) : 0;
  const motionAngle = lensRng.uniform(0, Math.PI);

  // --- what the camera sees of the table.
  // Upright screens have a wall (plain or dark) behind them rather than a table top.
  const tableKind = subject.upright ? sceneRng.pick(['laminate', 'dark-desk', 'paper'] as const) : sceneRng.pick(TABLE_KINDS);
  // A strongly defocused background is drawn, rendered and blurred on a coarser raster (lab/capture/defocus.ts).
  const bgBlur = bgSigma > 0.3 ? Math.min(bgSigma, 40) : 0;
  const bgK = backgroundReduction(bgBlur);
  const bgCam = bgK > 1 ? coarseCamera(cam, bgK) : cam;
  const region = visibleTableRegion(bgCam, 0);
  const docShadow: DropShadow = { cx: 0, cy: 0, width: subject.widthMm, height: subject.heightMm, theta, radius: subject.cornerRadiusMm };
  const shadows: DropShadow[] = handHeld ? [] : [docShadow];

  // A second document beside the first, on the table.
  let secondPlane: Plane | null = null;
  const second = ctl ? null : options.second ?? null;
  if (second) {
    const side = sceneRng.bool() ? 1 : -1;
    const gap = sceneRng.uniform(5, 30);
    const phi = theta + sceneRng.normal(0, 8) * deg;
    const cxs = side * (subject.widthMm / 2 + second.widthMm / 2 + gap);
    const cys = sceneRng.uniform(-10, 10);
    const centre2: Vec3 = [Math.cos(theta) * cxs - Math.sin(theta) * cys, Math.sin(theta) * cxs + Math.cos(theta) * cys, second.thicknessMm];
    const p2 = tablePlane([0, 0, second.thicknessMm], phi);
    const c2 = planePoint(p2, -second.widthMm / 2, -second.heightMm / 2);
    secondPlane = { origin: [c2[0] + centre2[0], c2[1] + centre2[1], c2[2]], eu: p2.eu, ev: p2.ev };
    shadows.push({ cx: centre2[0], cy: centre2[1], width: second.widthMm, height: second.heightMm, theta: phi, radius: second.cornerRadiusMm });
  }
  // The table is drawn below, only when no room photo takes its place; its stream is forked here, in draw order.
  const tableRng = sceneRng.fork('table');

  // --- image-space shadow map (hands, the photographer's phone) and hands.
  const quad = subject.documentCorners.map(([u, v]) => project(cam, planePoint(plane, u, v))).map((p) => [p[0], p[1]] as Point);
  const docPxPerMm = Math.sqrt(Math.abs(polygonArea(quad)) / (dw * dh));
  const handsWanted = !ctl && (handHeld ? sceneRng.bool(0.9) : sceneRng.bool(0.15));
  let hands: ReturnType<typeof drawHands> | null = null;
  let shadowMap: ShadowMap | null = null;
  if (handsWanted) {
    // The thumb floats ~12 mm above the document: its shadow moves away from the light by 12 mm / tan(elevation).
    const shiftMm = 12 / Math.tan(Math.max(0.2, lit.keyElevation));
    const a = project(cam, docCenter);
    const b = project(cam, [docCenter[0] - lit.keyDirection[0] * shiftMm, docCenter[1] - lit.keyDirection[1] * shiftMm, docCenter[2]]);
    hands = drawHands(sceneRng.fork('hands'), W, H, quad, docPxPerMm, [b[0] - a[0], b[1] - a[1]], sceneRng.uniform(0.25, 0.6));
    shadowMap = { width: hands.shadowWidth, height: hands.shadowHeight, step: hands.shadowStep, data: hands.shadow };
  }

  // --- render, back to front.
  const renderOpts = { psfPx: Math.hypot(psfCore, defocusSigma) * 0.5 };
  const tableMaterial = (tableKind === 'laminate' || tableKind === 'dark-desk') && sceneRng.bool(0.4) ? { ...MATTE, specular: 0.02, shininess: 60 } : MATTE;
  // Hand-held: half the time a room photo far behind the document instead of a table.
  const backdrop = handHeld && options.photoBackdrops !== false && sceneRng.bool(0.5) ? await loadBackdrop(sceneRng.fork('backdrop'), bgCam.width, bgCam.height) : null;
  const table = backdrop ? null : drawTable(tableRng, region, tableKind, shadows, lit.keyDirection, handHeld ? null : docShadow);
  // The frame is a reused per-worker buffer: from here to developFrame everything is synchronous (no await).
  const frame: MutableFrame = { width: W, height: H, data: scratchF32('scene.frame', W * H * 3).fill(0) };
  const bg: MutableFrame = bgK > 1 ? { width: bgCam.width, height: bgCam.height, data: scratchF32('scene.background', bgCam.width * bgCam.height * 3).fill(0) } : frame;
  if (backdrop) {
    const level = sceneRng.uniform(0.25, 1.1) * (lit.lighting.ambient[1] + irradiance([0, 0, 0], [0, 0, 1], lit.lighting)[1]);
    for (let i = 0; i < bg.data.length; i++) bg.data[i] = backdrop.data[i]! * level;
  } else if (table) {
    const tableSurface: SceneSurface = {
      plane: tablePlane([region.minX, region.maxY, 0], 0),
      widthMm: region.maxX - region.minX,
      heightMm: region.maxY - region.minY,
      cornerRadiusMm: 0,
      texture: table.texture,
      material: tableMaterial,
      samplesPerAxis: 1,
      shadow: handHeld ? null : shadowMap,
    };
    renderSurface(bg, bgCam, tableSurface, lit.lighting, renderOpts);
  }
  if (bgK > 1) {
    gaussianBlurDirect(bg.data, bg.width, bg.height, 3, reducedSigma(bgBlur, bgK));
    upsampleRgb(bg.data, bg.width, bg.height, bgK, frame.data, W, H);
  } else if (bgBlur > 0) {
    gaussianBlur(frame.data, W, H, 3, bgBlur);
  }
  const handLight = lightAt(lit, docCenter);
  if (hands?.behind) composite(frame, hands.behind, handLight);
  if (second && secondPlane) for (const s of second.build(secondPlane, shadowMap)) renderSurface(frame, cam, s, lit.lighting, renderOpts);
  const subjectOpts = probe?.withoutSpecular ? { ...renderOpts, withoutSpecular: true } : renderOpts;
  for (const s of subject.build(plane, shadowMap)) renderSurface(frame, cam, s, lit.lighting, subjectOpts);
  if (hands) composite(frame, hands.front, handLight);

  gaussianBlur(frame.data, W, H, 3, Math.hypot(psfCore, defocusSigma));
  motionBlur(frame.data, W, H, 3, motion, motionAngle);

  // --- sensor, ISP, encoding.
  const sensorRng = rng.fork('sensor');
  const sensorParams = drawSensorParams(sensorRng, ctl?.noNoise ? 50 : lit.level);
  // Forked from the sensor stream after its own draws: no other stream of the seed moves.
  const phoneDenoise = options.ispDenoise === 'phone' ? drawPhoneDenoise(sensorRng.fork('isp-denoise')) : null;
  // The AWB sees the mixture of lamp and ambient light falling on the subject, not the lamp alone.
  const direct = irradiance([0, 0, z], [0, 0, 1], lit.lighting);
  const mixed: [number, number, number] = [0, 1, 2].map((c) => lit.lighting.ambient[c]! + direct[c]!) as [number, number, number];
  const room: Rgb = luminance(mixed[0], mixed[1], mixed[2]) > 0 ? unitLuminance(mixed) : lit.illuminant;
  // Only an emitter moves the white patch off the room light; reflective scenes keep the room estimate as before.
  const whitePatchWeight = subject.emitsLight ? rng.fork('awb').uniform(0.6, 1) : 0;
  const emitterAwb = subject.emitsLight ? awbWithEmitter(room, whitePatchColour(frame), whitePatchWeight) : room;
  const screenShare = options.screenAwb && subject.emitterCorners ? quadShareOfFrame(subject.emitterCorners.map(([u, v]) => project(cam, planePoint(plane, u, v))), W, H) : null;
  // Saturates at half the frame: a screen that large supplies all the white-patch blocks and most of the grey world.
  const screenAwbWeight = screenShare === null ? null : Math.min(1, screenShare / SCREEN_AWB_FULL_SHARE) * options.screenAwb!.strength;
  // A screen filling the frame leaves the room light nothing to go by: the estimate comes from the frame, as a
  // camera's AWB statistics see it: mostly its brightest block averages (the screen's white; single samples would land
  // on green sub-pixels), a quarter its mean colour (grey world), in log space.
  const awb = screenAwbWeight === null ? emitterAwb : greyWorldPull(emitterAwb, frameAwbEstimate(frame), screenAwbWeight);
  // The AWB then removes only part of the estimated cast (controlled test captures get a full correction).
  const estimate = cast ? castEstimate(awb, frameMeanColour(frame), cast) : awb;
  if (cast) applyColourShading(frame, cast);
  const roomAdaptation = ctl || probe?.version1Light ? 1 : cast ? cast.adaptation : sensorParams.awbAdaptation;
  // The partial correction keeps a warm room's ambience; a screen that fills the frame is what the AWB adapts to,
  // so it removes (nearly) all of that estimate: the screen reads neutral, as in real close-ups of screens.
  const adaptation = screenAwbWeight === null ? roomAdaptation : roomAdaptation + (1 - roomAdaptation) * screenAwbWeight;
  let metered: number | undefined;
  if (probe) {
    metered = probe.meteredMean ?? meteredMean(frame);
    probe.onMetered?.(metered);
  }
  const developed = developFrame(frame, partialWhiteBalance(estimate, adaptation), sensorParams, rng.fork('noise'), metered, phoneDenoise);
  const encoding = options.encoding ?? drawEncoding(rng.fork('encode'), Math.max(W, H));
  const encoded = await encodeCapture(developed, encoding);
  const sx = encoded.width / W;
  const sy = encoded.height / H;

  const toQuad = (p: Plane, corners: readonly Point[]): LabQuad => {
    const pts = corners.map(([u, v]) => {
      const q = project(cam, planePoint(p, u, v));
      return [round2(q[0] * sx), round2(q[1] * sy)] as const;
    });
    return [pts[0]!, pts[1]!, pts[2]!, pts[3]!];
  };
  const quads: LabQuad[] = [toQuad(plane, subject.documentCorners)];
  if (second && secondPlane) quads.push(toQuad(secondPlane, second.documentCorners));
  let portraitQuad: LabQuad | null = subject.portraitCorners ? toQuad(plane, subject.portraitCorners) : null;
  if (portraitQuad && !portraitQuad.some(([x, y]) => x >= 0 && y >= 0 && x < encoded.width && y < encoded.height)) portraitQuad = null;

  return {
    bytes: encoded.bytes,
    width: encoded.width,
    height: encoded.height,
    quads,
    portraitQuad,
    params: {
      width: encoded.width,
      height: encoded.height,
      sensorWidth: W,
      sensorHeight: H,
      camera: {
        hfovDeg: +(hfov / deg).toFixed(2), focalPx: +focalPx.toFixed(1), distanceMm: +distance.toFixed(1), tiltDeg: +(tilt / deg).toFixed(2),
        azimuthDeg: +(azimuth / deg).toFixed(1), rollDeg: +(roll / deg).toFixed(2), documentRotationDeg: +(theta / deg).toFixed(1),
        cropped, closeUp, handHeld, heightAboveTableMm: +z.toFixed(1),
      },
      lens: { apertureMm: +apertureMm.toFixed(2), psfCorePx: +psfCore.toFixed(3), defocusSigmaPx: +defocusSigma.toFixed(3), backgroundBlurPx: +bgSigma.toFixed(2), motionBlurPx: +motion.toFixed(2), motionAngleDeg: +(motionAngle / deg).toFixed(1) },
      lighting: cast ? { ...lit.params, roomCast: { ...roundDeep(cast), localLamp: cast.localLamp ? roundDeep(cast.localLamp) : null, shading: roundDeep(cast.shading) } } : lit.params,
      scene: { table: backdrop ? null : tableKind, backdrop: backdrop?.file ?? null, objects: table ? table.objects : [], hands: hands?.params ?? null, secondDocument: second !== null },
      sensor: { ...roundDeep(sensorParams), ...(subject.emitsLight ? { awbWhitePatchWeight: +whitePatchWeight.toFixed(3), ...(screenAwbWeight !== null ? { screenAwb: { screenShare: +screenShare!.toFixed(3), greyWorldWeight: +screenAwbWeight.toFixed(3) } } : {}) } : {}), ...(phoneDenoise ? { phoneDenoise: roundDeep(phoneDenoise) } : {}) },
      encoding: { path: encoding.path, jpegQuality: encoding.quality, longSide: encoding.longSide, exif: encoding.path === 'phone' ? encoding.phoneModel.join(' ') : null },
    },
  };
}

/** The lighting without its fill light (the last one drawn, present when params.fill is set). */
function withoutFillLight(lit: DrawnLighting): DrawnLighting {
  if (lit.params['fill'] == null) return lit;
  return { ...lit, lighting: { ...lit.lighting, lights: lit.lighting.lights.slice(0, -1) } };
}

/** Share of the frame from which a screen owns the AWB estimate (`screenAwb`). */
const SCREEN_AWB_FULL_SHARE = 0.5;

/** The frame's own AWB estimate (`screenAwb`): 3/4 the block white patch, 1/4 grey world, in log space; null for a black frame. */
function frameAwbEstimate(frame: MutableFrame): Rgb | null {
  const mean = frameMeanColour(frame);
  const white = blockWhitePatchColour(frame);
  return white ? greyWorldPull(white, mean, 0.25) : mean;
}

/**
 * Share of a W x H frame inside a projected convex quad (points in pixels; points behind the camera make it 0), on a
 * 64 x 64 grid of sample points: close enough for an AWB weight.
 */
export function quadShareOfFrame(quad: readonly (readonly number[])[], W: number, H: number): number {
  if (quad.length !== 4 || quad.some((p) => !Number.isFinite(p[0]!) || !Number.isFinite(p[1]!) || (p[2] !== undefined && p[2] <= 0))) return 0;
  const N = 64;
  let inside = 0;
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      const x = ((i + 0.5) / N) * W;
      const y = ((j + 0.5) / N) * H;
      let sign = 0;
      let ok = true;
      for (let k = 0; k < 4 && ok; k++) {
        const a = quad[k]!;
        const b = quad[(k + 1) % 4]!;
        const cross = (b[0]! - a[0]!) * (y - a[1]!) - (b[1]! - a[1]!) * (x - a[0]!);
        if (cross === 0) continue;
        if (sign === 0) sign = Math.sign(cross);
        else if (Math.sign(cross) !== sign) ok = false;
      }
      if (ok) inside++;
    }
  }
  return inside / (N * N);
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function roundDeep(o: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'number' ? +v.toFixed(4) : Array.isArray(v) ? v.map((x: number) => +x.toFixed(4)) : v;
  return out;
}

function centroid(pts: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of pts) {
    x += p[0];
    y += p[1];
  }
  return [x / pts.length, y / pts.length];
}

function polygonArea(pts: readonly Point[]): number {
  let a = 0;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    const q = pts[(i + 1) % pts.length]!;
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
}

/** Irradiance (ambient + direct) at a point facing up: how bright the hands are lit. */
function lightAt(lit: DrawnLighting, p: Vec3): [number, number, number] {
  const out: [number, number, number] = [lit.lighting.ambient[0], lit.lighting.ambient[1], lit.lighting.ambient[2]];
  for (const l of lit.lighting.lights) {
    const d2 = (l.position[0] - p[0]) ** 2 + (l.position[1] - p[1]) ** 2 + (l.position[2] - p[2]) ** 2;
    const e = (0.7 * 1e6) / d2;
    out[0] += l.color[0] * e;
    out[1] += l.color[1] * e;
    out[2] += l.color[2] * e;
  }
  return out;
}

function composite(frame: MutableFrame, layer: Uint8ClampedArray, light: readonly [number, number, number]): void {
  const d = frame.data;
  const n = frame.width * frame.height;
  for (let i = 0; i < n; i++) {
    const a = layer[i * 4 + 3]!;
    if (a === 0) continue;
    const al = a / 255;
    const o = i * 3;
    d[o] = d[o]! * (1 - al) + SRGB_TO_LINEAR[layer[i * 4]!]! * light[0] * al;
    d[o + 1] = d[o + 1]! * (1 - al) + SRGB_TO_LINEAR[layer[i * 4 + 1]!]! * light[1] * al;
    d[o + 2] = d[o + 2]! * (1 - al) + SRGB_TO_LINEAR[layer[i * 4 + 2]!]! * light[2] * al;
  }
}

/**
 * The rectangle of the table plane (z = 0) seen by the camera, in world mm, with a texture resolution matching the
 * finest detail the camera resolves there (capped so the texture stays a few megapixels).
 */
function visibleTableRegion(cam: Camera, zTable: number): { minX: number; minY: number; maxX: number; maxY: number; pxPerMm: number } {
  const pts: [number, number][] = [];
  const r = cam.rotation;
  let finest = 0;
  const samples = 6;
  for (let j = 0; j <= samples; j++) {
    for (let i = 0; i <= samples; i++) {
      const x = (i / samples) * cam.width;
      const y = (j / samples) * cam.height;
      const dc: Vec3 = [(x - cam.cx) / cam.focalPx, (y - cam.cy) / cam.focalPx, 1];
      // camera -> world direction: R^T dc
      const dir: Vec3 = [r[0] * dc[0] + r[3] * dc[1] + r[6] * dc[2], r[1] * dc[0] + r[4] * dc[1] + r[7] * dc[2], r[2] * dc[0] + r[5] * dc[1] + r[8] * dc[2]];
      let t = dir[2] < -1e-3 ? (zTable - cam.position[2]) / dir[2] : Infinity;
      const maxT = 4000;
      if (!(t < maxT)) t = maxT;
      const p: [number, number] = [cam.position[0] + dir[0] * t, cam.position[1] + dir[1] * t];
      pts.push(p);
      // Pixels per mm on the table at this ray: focal / depth, foreshortened by the incidence angle.
      const depth = t * Math.hypot(...dir) * (dc[2] / Math.hypot(...dc));
      const cosInc = Math.abs(dir[2]) / Math.hypot(...dir);
      finest = Math.max(finest, (cam.focalPx / depth) * Math.sqrt(Math.max(0.05, cosInc)));
    }
  }
  const margin = 20;
  const minX = Math.min(...pts.map((p) => p[0])) - margin;
  const maxX = Math.max(...pts.map((p) => p[0])) + margin;
  const minY = Math.min(...pts.map((p) => p[1])) - margin;
  const maxY = Math.max(...pts.map((p) => p[1])) + margin;
  const extent = Math.max(maxX - minX, maxY - minY);
  const pxPerMm = Math.max(0.3, Math.min(finest, 2000 / extent, 16));
  return { minX, minY, maxX, maxY, pxPerMm };
}
