// Printed copy: the document (as scanned / photographed by the attacker) printed on office paper by a colour laser
// (rotated CMYK AM screens), an inkjet (error diffusion) or a grey photocopier, cut out with scissors (square
// corners, uneven margins), slightly curled, and photographed with the camera model like a real card.
import { createCanvas, ImageData } from '@napi-rs/canvas';
import type { AttackContext, DocumentRender, LabSample } from '../types.js';
import type { Rng } from '../rng.js';
import type { CaptureOptions, Subject } from '../capture/scene.js';
import { captureSubject } from '../capture/scene.js';
import type { Point } from '../capture/geometry.js';
import { blankSheet, drawPrintParams, featherEdges, printPage } from '../capture/print.js';
import { subPlane } from '../capture/geometry.js';
import type { PrintCut, PrintParams, PrintProcess } from '../capture/print.js';
import { MipTexture } from '../capture/texture.js';

export interface PrintedCopyOptions {
  readonly process?: PrintProcess;
  /** Replace drawn print parameters (tests use a known screen). */
  readonly print?: Partial<PrintParams>;
  /** No rotation of the print inside the cut sheet and no bend (tests). */
  readonly straight?: boolean;
  readonly capture?: CaptureOptions;
  /** How a copy that is not a whole page is cut out (default 'default': older chunks stay reproducible). */
  readonly cut?: PrintCut;
}

/** A copy cut along the card's outline: per-side margins (left, top, right, bottom) and the corner radius of the cut. */
interface CardCut {
  readonly marginsMm: number[];
  readonly cornerRadiusMm: number;
  readonly rounded: boolean;
}

/**
 * Draws the cut of --print-cut card (DLC-2021 grey copies, 10 cut-outs among 16 tuning frames looked at: cut on the
 * card's outline with under ~1 mm of margin, ID cards' rounded corners followed in 5 of 6, passports square with up
 * to ~2 mm). Flatter than a scissor rectangle: the copies lie on the table.
 */
function drawCardCut(rng: Rng, doc: DocumentRender): CardCut {
  const loose = rng.bool(0.15);
  const marginsMm = [0, 1, 2, 3].map(() => (loose ? rng.uniform(0.8, 2.5) : rng.uniform(0, 0.9)));
  const rounded = doc.cornerRadiusMm > 0.5 && rng.bool(0.8);
  const meanMargin = marginsMm.reduce((a, b) => a + b, 0) / 4;
  // Scissors following a rounded corner stay about the margin outside it; a square cut has no radius.
  const cornerRadiusMm = rounded ? doc.cornerRadiusMm + meanMargin * rng.uniform(0.5, 1) : 0;
  return { marginsMm, cornerRadiusMm, rounded };
}

export async function printedCopy(ctx: AttackContext, options: PrintedCopyOptions = {}): Promise<LabSample> {
  const rng = ctx.rng;
  const process = options.process ?? rng.fork('process').weighted([['color-laser', 0.5], ['inkjet', 0.25], ['gray-photocopy', 0.25]] as const);
  const print: PrintParams = { ...drawPrintParams(rng.fork('print'), process), ...options.print };
  // Often the copy is not cut out: the document sits on a whole A4 / Letter page (as in the DLC-2021 grey copies).
  const pageRng = rng.fork('page');
  const cardCutMode = options.cut === 'card';
  // Whole pages: 6 of the 16 DLC tuning frames looked at; the default mix keeps its older share.
  const fullPage = !options.straight && pageRng.bool(process === 'gray-photocopy' ? (cardCutMode ? 0.4 : 0.5) : 0.25);
  // Forked only in card mode and after the page's draws were taken, so the default streams do not move.
  const cardCut = cardCutMode && !fullPage ? drawCardCut(pageRng.fork('cut'), ctx.doc) : null;
  const sheet = layoutSheet(rng.fork('sheet'), ctx.doc, print, options.straight === true, fullPage, cardCut?.marginsMm);
  const raster = printPage(sheet.page, print, rng.fork('ink'));
  const dpmm = print.dpi / 25.4;
  const patchW = raster.width / dpmm;
  const patchH = raster.height / dpmm;
  const bendRng = rng.fork('bend');
  // A card-sized cut-out lying on the table curls less than a scissor rectangle picked up from the copier.
  const bend = options.straight || fullPage ? undefined : { curvature: bendRng.normal(0, 0.004) * (cardCut ? 0.5 : 1), alongU: bendRng.bool() };
  const material = { kind: 'diffuse' as const, specular: process === 'color-laser' ? 0.012 : 0.004, shininess: 25, mirror: 0, holograms: [], hologramStrength: 0 };
  let wMm = patchW;
  let hMm = patchH;
  let patchAt: Point = [0, 0];
  let page: MipTexture | null = null;
  if (fullPage) {
    const letter = pageRng.bool(0.2);
    wMm = letter ? 215.9 : 210;
    hMm = letter ? 279.4 : 297;
    patchAt = [pageRng.uniform(0.25, 0.75) * (wMm - patchW), pageRng.uniform(0.05, 0.45) * (hMm - patchH)];
    featherEdges(raster, 3 * dpmm);
    const blank = blankSheet(wMm, hMm, 4, print, rng.fork('blank'));
    page = MipTexture.fromLinear(blank.width, blank.height, blank.data, 4);
  }
  const texture = MipTexture.fromLinear(raster.width, raster.height, raster.data, dpmm);
  const toMm = (p: Point): Point => [patchAt[0] + p[0] / dpmm, patchAt[1] + p[1] / dpmm];
  const docMm = sheet.docCorners.map(toMm);
  const subject: Subject = {
    kind: 'paper',
    widthMm: wMm,
    heightMm: hMm,
    cornerRadiusMm: cardCut?.cornerRadiusMm ?? 0,
    thicknessMm: 0.1,
    documentCorners: docMm,
    portraitCorners: sheet.portraitCorners ? sheet.portraitCorners.map(toMm) : null,
    // The photographer frames the document, or the whole page when it is not cut out.
    documentWidthMm: fullPage ? wMm * 0.9 : ctx.doc.widthMm * sheet.scale,
    documentHeightMm: fullPage ? hMm * 0.9 : ctx.doc.heightMm * sheet.scale,
    holdable: true,
    build: (plane, shadow) => [
      ...(page ? [{ plane, widthMm: wMm, heightMm: hMm, cornerRadiusMm: 0, texture: page, shadow, samplesPerAxis: 1, material }] : []),
      {
        // Matte paper; laser toner adds a faint broad sheen.
        plane: subPlane(plane, patchAt[0], patchAt[1]), widthMm: patchW, heightMm: patchH, cornerRadiusMm: cardCut?.cornerRadiusMm ?? 0, texture, shadow, samplesPerAxis: 2, subsampleInterior: true, material,
        ...(bend ? { bend } : {}),
      },
    ],
  };
  const shot = await captureSubject(rng.fork('capture'), subject, options.capture ?? {});
  return {
    bytes: shot.bytes,
    extension: 'jpg',
    label: 'attack',
    attack: 'PRINTED_COPY',
    quads: shot.quads,
    documentType: ctx.doc.documentType,
    portraitQuad: shot.portraitQuad,
    params: {
      ...shot.params,
      attack: {
        kind: 'printed-copy',
        process,
        dpi: print.dpi,
        halftoneLpi: print.lpi === null ? null : +print.lpi.toFixed(1),
        screenAnglesDeg: print.angles,
        dotGain: +print.dotGain.toFixed(3),
        paperWhite: print.paperWhite.map((v) => +v.toFixed(3)),
        paperFibre: +print.fibre.toFixed(4),
        contrast: +print.contrast.toFixed(3),
        tonerSpeckle: print.speckle,
        ...(process === 'gray-photocopy' ? {
          copier: {
            toneOffset: +print.toneOffset.toFixed(3), tonerDensity: +print.tonerDensity.toFixed(3), mottle: +print.mottle.toFixed(3),
            mottleMm: +print.mottleMm.toFixed(2), fog: +print.fog.toFixed(4), streak: +print.streak.toFixed(4), dotSpreadMm: +print.dotSpreadMm.toFixed(3),
          },
        } : {}),
        printScale: +sheet.scale.toFixed(4),
        printRotationDeg: +sheet.rotationDeg.toFixed(2),
        marginsMm: sheet.marginsMm.map((v) => +v.toFixed(2)),
        fullPage,
        ...(cardCut ? { cut: { kind: 'card', rounded: cardCut.rounded, cornerRadiusMm: +cardCut.cornerRadiusMm.toFixed(2) } } : {}),
        bendRadPerMm: bend ? +bend.curvature.toFixed(5) : 0,
      },
      document: { family: ctx.doc.family, faceId: ctx.doc.faceId },
    },
  };
}

interface Sheet {
  readonly page: { width: number; height: number; data: Uint8ClampedArray };
  readonly docCorners: Point[];
  readonly portraitCorners: Point[] | null;
  readonly scale: number;
  readonly rotationDeg: number;
  readonly marginsMm: number[];
}

/** The page content at device resolution: the document placed (slightly scaled and rotated) on the cut sheet. */
function layoutSheet(rng: Rng, doc: DocumentRender, print: PrintParams, straight: boolean, fullPage: boolean, cutMarginsMm?: readonly number[]): Sheet {
  const dpmm = print.dpi / 25.4;
  const scale = straight ? 1 : rng.uniform(0.97, 1.03);
  const rot = straight ? 0 : rng.normal(0, 0.8);
  const wide = rng.bool(0.1);
  // Scissor cut: uneven margins of a few mm (a patch of a whole page gets 8 mm, feathered into the blank sheet).
  const drawn = [0, 1, 2, 3].map(() => (fullPage ? 8 : wide ? rng.uniform(6, 20) : rng.uniform(0.4, 5)));
  // A card cut replaces the scissor margins (drawn all the same, so the pad and outline draws stay where they were).
  const margins = cutMarginsMm ? [...cutMarginsMm] : drawn;
  const dw = doc.widthMm * scale;
  const dh = doc.heightMm * scale;
  const W = Math.round((dw + margins[0]! + margins[2]!) * dpmm);
  const H = Math.round((dh + margins[1]! + margins[3]!) * dpmm);
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  const cx = (margins[0]! + dw / 2) * dpmm;
  const cy = (margins[1]! + dh / 2) * dpmm;
  const th = (rot * Math.PI) / 180;
  const k = (scale * dpmm) / doc.pxPerMm;
  ctx.translate(cx, cy);
  ctx.rotate(th);
  if (print.process === 'gray-photocopy') {
    // The copier sees the card's thick edge as a dark outline and the lid (or what was under it) around it.
    const pad = rng.uniform(2, 8) * dpmm;
    ctx.fillStyle = `rgb(${Array(3).fill(Math.round(rng.uniform(205, 250))).join(',')})`;
    ctx.fillRect(-dw * dpmm / 2 - pad, -dh * dpmm / 2 - pad, dw * dpmm + 2 * pad, dh * dpmm + 2 * pad);
    ctx.filter = `blur(${(rng.uniform(0.1, 0.3) * dpmm).toFixed(1)}px)`;
    ctx.strokeStyle = `rgb(${Array(3).fill(Math.round(rng.uniform(40, 110))).join(',')})`;
    ctx.lineWidth = rng.uniform(0.25, 0.8) * dpmm;
    ctx.beginPath();
    ctx.roundRect(-dw * dpmm / 2, -dh * dpmm / 2, dw * dpmm, dh * dpmm, doc.cornerRadiusMm * scale * dpmm);
    ctx.stroke();
    ctx.filter = 'none';
  }
  const src = createCanvas(doc.image.width, doc.image.height);
  src.getContext('2d').putImageData(new ImageData(doc.image.data, doc.image.width, doc.image.height), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(src, -dw * dpmm / 2, -dh * dpmm / 2, dw * dpmm, dh * dpmm);
  const img = ctx.getImageData(0, 0, W, H);
  const map = (x: number, y: number): Point => {
    // doc image pixel -> page device pixel
    const lx = (x - doc.image.width / 2) * k;
    const ly = (y - doc.image.height / 2) * k;
    return [cx + lx * Math.cos(th) - ly * Math.sin(th), cy + lx * Math.sin(th) + ly * Math.cos(th)];
  };
  const iw = doc.image.width;
  const ih = doc.image.height;
  const pb = doc.portraitBox;
  return {
    page: { width: W, height: H, data: img.data as unknown as Uint8ClampedArray },
    docCorners: [map(0, 0), map(iw, 0), map(iw, ih), map(0, ih)],
    portraitCorners: pb ? [map(pb.x, pb.y), map(pb.x + pb.width, pb.y), map(pb.x + pb.width, pb.y + pb.height), map(pb.x, pb.y + pb.height)] : null,
    scale,
    rotationDeg: rot,
    marginsMm: margins,
  };
}
