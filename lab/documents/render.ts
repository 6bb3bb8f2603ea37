// Renders one procedural document: the family's static layer (paper, guilloche, rosettes, emblem, header, labels,
// microtext, overlay pattern) is drawn once per family and cached; each document then adds the personal data:
// portrait, ghost portrait, values, signature and MRZ.
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { Rng } from '../rng.js';
import type { DocumentRender, PxBox, Rgba8 } from '../types.js';
import { designOf, type Design } from './families.js';
import { font, OCR_B, registerDocumentFonts } from './fonts.js';
import { formatDate, label, randomPerson, STATES, yymmdd, type FieldKey, type Language, type Person } from './identity.js';
import { layoutOf, type BoxMm, type Layout } from './layout.js';
import { td1, td3 } from './mrz.js';
import { renderGhost, renderPortrait, type Backdrop } from './portrait.js';
import { emblem, guillocheBand, hologramPattern, microtextLine, rosette, spirograph, waveField } from './security.js';

type Ctx = SKRSContext2D;

const TITLES: Readonly<Record<Language, { id: string; passport: string }>> = {
  en: { id: 'IDENTITY CARD', passport: 'PASSPORT' },
  fr: { id: "CARTE D'IDENTITÉ", passport: 'PASSEPORT' },
  es: { id: 'DOCUMENTO NACIONAL DE IDENTIDAD', passport: 'PASAPORTE' },
  de: { id: 'PERSONALAUSWEIS', passport: 'REISEPASS' },
  it: { id: "CARTA D'IDENTITÀ", passport: 'PASSAPORTO' },
  pt: { id: 'CARTÃO DE CIDADÃO', passport: 'PASSAPORTE' },
  nl: { id: 'IDENTITEITSKAART', passport: 'PASPOORT' },
  pl: { id: 'DOWÓD OSOBISTY', passport: 'PASZPORT' },
  sv: { id: 'IDENTITETSKORT', passport: 'PASS' },
};

interface StaticLayer {
  readonly canvas: Canvas;
  readonly overlay: Canvas;
  readonly layout: Layout;
  readonly hologramBoxes: PxBox[];
}

const staticCache = new Map<string, StaticLayer>();

function px(box: BoxMm, s: number): PxBox {
  return { x: Math.round(box.x * s), y: Math.round(box.y * s), width: Math.round(box.w * s), height: Math.round(box.h * s) };
}

function hexRgb(hex: string): [number, number, number] {
  // Colours of the design are #rrggbb.
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function roundedClip(g: Ctx, w: number, h: number, r: number): void {
  g.beginPath();
  if (r > 0) g.roundRect(0, 0, w, h, r);
  else g.rect(0, 0, w, h);
  g.clip();
}

/** Text fitted into a width: shrinks the font (never below 60 %) and then condenses horizontally. */
function fitText(g: Ctx, text: string, x: number, y: number, maxWidth: number, emPx: number, family: string, weight: 400 | 600 | 700 = 400): number {
  let size = emPx;
  g.font = font(size, family, weight);
  let width = g.measureText(text).width;
  if (width > maxWidth && maxWidth > 0) {
    size = Math.max(emPx * 0.6, (emPx * maxWidth) / width);
    g.font = font(size, family, weight);
    width = g.measureText(text).width;
  }
  if (width > maxWidth && maxWidth > 0) {
    g.save();
    g.translate(x, y);
    g.scale(maxWidth / width, 1);
    g.fillText(text, 0, 0);
    g.restore();
    return maxWidth;
  }
  g.fillText(text, x, y);
  return width;
}

function buildStatic(d: Design): StaticLayer {
  registerDocumentFonts();
  const L = layoutOf(d);
  const s = L.pxPerMm;
  const W = Math.round(L.widthMm * s);
  const H = Math.round(L.heightMm * s);
  const rng = new Rng(`static:${d.id}`);
  const state = STATES[d.state];
  if (!state) throw new Error(`family ${d.id}: no issuing state ${d.state}`);
  const canvas = createCanvas(W, H);
  const g = canvas.getContext('2d');
  roundedClip(g, W, H, L.cornerRadiusMm * s);
  g.fillStyle = d.paper;
  g.fillRect(0, 0, W, H);
  drawBackground(g, d, L, rng, W, H);

  // Large faint emblem watermark behind the data.
  g.save();
  g.globalAlpha = 0.11;
  const wmX = d.portraitSide === 'left' ? W * 0.68 : W * 0.36;
  emblem(g, s, d.emblem, wmX, H * 0.52, H * 0.55, d.accents[0] as string, rng.fork('watermark'), { text: state.names[0], family: d.fonts.header });
  g.restore();

  drawHeader(g, d, L, state.names, state.languages, state.code, rng);
  if (L.chip) drawChip(g, L.chip.x * s, L.chip.y * s, L.chip.w * s, L.chip.h * s, s);
  if (d.documentType === 'PASSPORT') securityFibres(g, rng.fork('fibres'), W, H, s);

  // Microtext rules: under the header and along the bottom edge.
  const micro = `${state.names[0].replace(/\s+/g, '')}${state.code}`;
  microtextLine(g, s, micro, L.titleBox.x * s, (L.headerBox.h + 0.9) * s, (L.widthMm - 2 * L.titleBox.x) * s, d.accents[0] as string, d.fonts.label);
  microtextLine(g, s, micro, 4 * s, (L.heightMm - 1.1) * s, (L.widthMm - 8) * s, d.accents[1] as string, d.fonts.label, 0.25);

  // Portrait frame, field labels, signature caption.
  g.fillStyle = d.labelColour;
  g.textBaseline = 'alphabetic';
  L.fields.forEach((slot, i) => {
    const bilingual = label(slot.key, state.languages);
    const text = d.labelStyle === 'upper' ? bilingual.toUpperCase() : d.labelStyle === 'numbered' ? `${i + 1}. ${bilingual}` : bilingual;
    fitText(g, text, slot.box.x * s, (slot.box.y + L.labelEmMm * 0.85) * s, slot.box.w * s, L.labelEmMm * s * (d.labelStyle === 'upper' ? 0.88 : 1), d.fonts.label);
  });
  if (L.signature.w > 0) {
    fitText(g, label('signature', state.languages), L.signature.x * s, (L.signature.y + L.labelEmMm * 0.85) * s, L.signature.w * s, L.labelEmMm * s * 0.9, d.fonts.label);
  }
  if (L.mrz) {
    // The MRZ clear zone: background print is knocked back so OCR can read the zone.
    g.save();
    g.globalAlpha = 0.55;
    g.fillStyle = d.paper;
    g.fillRect(0, (L.mrz.y - 1.2) * s, W, (L.heightMm - L.mrz.y + 1.2) * s);
    g.restore();
  }

  // Overlay (OVD) pattern, drawn above the portrait at render time.
  const overlay = createCanvas(W, H);
  const og = overlay.getContext('2d');
  const hologramBoxes = L.holograms.map((b) => px(b, s));
  for (const b of hologramBoxes) {
    if (d.hologram === 'disc') {
      og.save();
      og.beginPath();
      og.ellipse(b.x + b.width / 2, b.y + b.height / 2, b.width / 2, b.height / 2, 0, 0, 2 * Math.PI);
      og.clip();
      // A hot-stamped metallic foil (kinegram-like), opaque silver seen head-on; capture adds its colour play.
      const foil = og.createRadialGradient(b.x + b.width * 0.35, b.y + b.height * 0.3, 0, b.x + b.width / 2, b.y + b.height / 2, b.width * 0.6);
      foil.addColorStop(0, '#f4f5f7');
      foil.addColorStop(0.55, '#c9ccd2');
      foil.addColorStop(1, '#a7abb3');
      og.fillStyle = foil;
      og.fillRect(b.x, b.y, b.width, b.height);
      og.strokeStyle = 'rgba(90, 96, 110, 0.45)';
      og.lineWidth = 0.05 * s;
      for (let r = 0.3 * s; r < b.width / 2; r += 0.32 * s) {
        og.beginPath();
        og.arc(b.x + b.width / 2, b.y + b.height / 2, r, 0, 2 * Math.PI);
        og.stroke();
      }
      hologramPattern(og, s, b.x, b.y, b.width, b.height, rng.fork('ovd'), d.hologramMotif);
      og.restore();
    } else {
      hologramPattern(og, s, b.x, b.y, b.width, b.height, rng.fork('ovd'), d.hologramMotif);
    }
    og.save();
    og.globalAlpha = d.hologram === 'disc' ? 0.55 : 0.18;
    emblem(og, s, d.emblem, b.x + b.width / 2, b.y + b.height / 2, Math.min(b.width, b.height) * 0.7, '#8aa0c8', rng.fork('ovd-emblem'));
    og.restore();
  }
  return { canvas, overlay, layout: L, hologramBoxes };
}

/** ISO 7816 contact chip: gold pad with the eight contact areas separated by thin insulating gaps. */
function drawChip(g: Ctx, x: number, y: number, w: number, h: number, s: number): void {
  g.save();
  const gold = g.createLinearGradient(x, y, x + w, y + h);
  gold.addColorStop(0, '#e9d38f');
  gold.addColorStop(0.45, '#c9a64e');
  gold.addColorStop(1, '#a9862f');
  g.fillStyle = gold;
  g.beginPath();
  g.roundRect(x, y, w, h, 1.2 * s);
  g.fill();
  g.strokeStyle = 'rgba(90, 66, 20, 0.75)';
  g.lineWidth = 0.12 * s;
  g.stroke();
  g.beginPath();
  // Centre pad and the gaps that divide the rest into 2 x 4 contacts.
  g.rect(x + w * 0.36, y + h * 0.28, w * 0.28, h * 0.44);
  for (const fy of [0.28, 0.5, 0.72]) {
    g.moveTo(x, y + h * fy);
    g.lineTo(x + w * 0.36, y + h * fy);
    g.moveTo(x + w * 0.64, y + h * fy);
    g.lineTo(x + w, y + h * fy);
  }
  g.moveTo(x + w * 0.5, y);
  g.lineTo(x + w * 0.5, y + h * 0.28);
  g.moveTo(x + w * 0.5, y + h * 0.72);
  g.lineTo(x + w * 0.5, y + h);
  g.stroke();
  g.restore();
}

/** Security fibres in passport paper: short curved coloured threads, visible in daylight as fine hairs. */
function securityFibres(g: Ctx, rng: Rng, W: number, H: number, s: number): void {
  g.save();
  g.lineCap = 'round';
  for (let i = 0; i < 70; i++) {
    const x = rng.uniform(0, W);
    const y = rng.uniform(0, H);
    const len = rng.uniform(1.2, 3.2) * s;
    const a = rng.uniform(0, Math.PI);
    const bend = rng.uniform(-0.6, 0.6) * len;
    g.strokeStyle = rng.pick(['rgba(200, 40, 60, 0.45)', 'rgba(40, 80, 200, 0.45)', 'rgba(210, 170, 30, 0.4)']);
    g.lineWidth = rng.uniform(0.04, 0.07) * s;
    g.beginPath();
    g.moveTo(x, y);
    g.quadraticCurveTo(x + Math.cos(a) * len * 0.5 - Math.sin(a) * bend, y + Math.sin(a) * len * 0.5 + Math.cos(a) * bend, x + Math.cos(a) * len, y + Math.sin(a) * len);
    g.stroke();
  }
  g.restore();
}

function drawBackground(g: Ctx, d: Design, L: Layout, rng: Rng, W: number, H: number): void {
  const s = L.pxPerMm;
  const inks = d.inks;
  const wave = (angle: number, phaseStep: number, wavelength: number, spacing = 0.42): void =>
    waveField(g, s, W, H, { spacingMm: spacing, amplitudeMm: rng.uniform(1.2, 2.6), wavelengthMm: wavelength, phaseStep, lineWidthMm: 0.07, colours: inks, angle });
  switch (d.background) {
    case 'waves':
      wave(0, 0.09, rng.uniform(14, 22));
      wave(0, -0.11, rng.uniform(9, 13), 0.84);
      break;
    case 'mesh':
      wave(0.35, 0.05, rng.uniform(12, 18), 0.55);
      wave(-0.35, 0.05, rng.uniform(12, 18), 0.55);
      break;
    case 'diagonal':
      wave(-0.55, 0.12, rng.uniform(16, 24), 0.45);
      wave(-0.55, -0.07, rng.uniform(7, 10), 1.1);
      break;
    case 'radial':
    case 'concentric':
      wave(0, 0.03, rng.uniform(20, 30), 0.9);
      break;
    case 'rosettes':
      wave(0.12, 0.08, rng.uniform(10, 16), 0.7);
      break;
  }
  if (d.background === 'radial') {
    const cx = d.portraitSide === 'left' ? W * 0.7 : W * 0.35;
    rosette(g, s, cx, H * 0.55, { rInner: H * 0.12, rOuter: H * 0.62, petals: rng.int(14, 22), lines: 64, lineWidthMm: 0.05, colours: d.accents.map((c) => `${c}48`), harmonic: rng.int(3, 7) });
  } else if (d.background === 'concentric') {
    const cx = d.portraitSide === 'left' ? W * 1.02 : -W * 0.02;
    for (let k = 0; k < 7; k++) {
      const r = H * (0.35 + k * 0.22);
      rosette(g, s, cx, H * 0.95, { rInner: r, rOuter: r + H * 0.12, petals: 24 + k * 6, lines: 9, lineWidthMm: 0.055, colours: d.accents.map((c) => `${c}70`), harmonic: 5 });
    }
  } else if (d.background === 'rosettes') {
    for (let i = 0; i < 5; i++) {
      rosette(g, s, W * (0.15 + 0.19 * i), H * (i % 2 === 0 ? 0.35 : 0.72), { rInner: 3 * s, rOuter: 9 * s, petals: rng.int(9, 14), lines: 36, lineWidthMm: 0.05, colours: d.accents.map((c) => `${c}58`), harmonic: rng.int(2, 5) });
    }
  }
  // A corner rosette and a guilloche border band on every design (positions differ by layout).
  // The ghost portrait must stay readable: no strong ornament under it.
  const clearOfGhost = (cx: number, cy: number, r: number): boolean => {
    const gb = L.ghost;
    if (!gb) return true;
    return cx + r < gb.x * s || cx - r > (gb.x + gb.w) * s || cy + r < gb.y * s || cy - r > (gb.y + gb.h) * s;
  };
  const rx = d.portraitSide === 'left' ? W - 3 * s : 3 * s;
  const petals = rng.int(10, 18);
  const harmonic = rng.int(3, 6);
  if (clearOfGhost(rx, H * 0.42, 11 * s)) {
    rosette(g, s, rx, H * 0.42, { rInner: 3 * s, rOuter: 11 * s, petals, lines: 40, lineWidthMm: 0.05, colours: [...d.accents].reverse().map((c) => `${c}70`), harmonic });
  }
  const sx = d.portraitSide === 'left' ? W - 8 * s : 8 * s;
  if (clearOfGhost(sx, 15.5 * s, 5 * s)) spirograph(g, s, sx, 15.5 * s, 5 * s, 96, 36, 28, `${d.accents[1] as string}a0`, 0.06);
  guillocheBand(g, s, 0, W, H - 6.8 * s, H - 3.2 * s, d.accents.map((c) => `${c}70`), 7, rng.uniform(12, 20));
}

function drawHeader(g: Ctx, d: Design, L: Layout, names: readonly [string, string], langs: readonly [Language, Language], code: string, rng: Rng): void {
  const s = L.pxPerMm;
  const hb = L.headerBox;
  const titles = d.documentType === 'ID_CARD' ? [TITLES[langs[0]].id, TITLES[langs[1]].id] : [TITLES[langs[0]].passport, TITLES[langs[1]].passport];
  const filled = d.header === 'band' || d.header === 'gradient' || d.header === 'vbar' || d.header === 'footer';
  if (filled) {
    if (d.header === 'gradient') {
      const grad = g.createLinearGradient(hb.x * s, 0, (hb.x + hb.w) * s, 0);
      grad.addColorStop(0, d.headerColour);
      grad.addColorStop(0.65, d.accents[1] as string);
      grad.addColorStop(1, `${d.accents[1] as string}40`);
      g.fillStyle = grad;
    } else {
      g.fillStyle = d.headerColour;
    }
    g.fillRect(hb.x * s, hb.y * s, hb.w * s, hb.h * s);
    // Fine white guilloche inside the band, as printed in a second pass.
    g.save();
    g.beginPath();
    g.rect(hb.x * s, hb.y * s, hb.w * s, hb.h * s);
    g.clip();
    g.globalAlpha = 0.25;
    guillocheBand(g, s, hb.x * s, (hb.x + hb.w) * s, hb.y * s, (hb.y + hb.h) * s, ['#ffffff', '#ffffff'], 5, rng.uniform(8, 14));
    g.restore();
  } else {
    g.fillStyle = d.headerColour;
    g.fillRect(L.titleBox.x * s, (L.headerBox.h - 0.2) * s, L.titleBox.w * s, 0.22 * s);
  }
  const tb = L.titleBox;
  const textOnBand = d.header === 'band' || d.header === 'gradient';
  g.fillStyle = textOnBand ? d.headerText : d.headerColour;
  const emblemSize = tb.h * 0.95 * s;
  const withEmblem = d.header !== 'vbar';
  if (withEmblem) {
    emblem(g, s, d.emblem, (tb.x * s) + emblemSize / 2, (tb.y + tb.h / 2) * s, emblemSize, textOnBand ? d.headerText : d.headerColour, rng.fork('header-emblem'));
  }
  const tx = tb.x * s + (withEmblem ? emblemSize * 1.25 : 0);
  const tw = tb.w * s - (tx - tb.x * s);
  g.textBaseline = 'alphabetic';
  if (d.titleAlign === 'centre') {
    // State name on the first line, the document title in both languages on the second, centred.
    const cx = (tb.x + tb.w / 2) * s + (withEmblem ? emblemSize * 0.4 : 0);
    g.textAlign = 'center';
    fitText(g, `${names[0]}`, cx, (tb.y + tb.h * 0.44) * s, tw * 0.8, tb.h * 0.4 * s, d.fonts.header, 700);
    fitText(g, `${titles[0] as string}  ·  ${titles[1] as string}`, cx, (tb.y + tb.h * 0.88) * s, tw * 0.8, tb.h * 0.3 * s, d.fonts.header);
    g.textAlign = 'left';
  } else {
    fitText(g, names[0], tx, (tb.y + tb.h * 0.42) * s, tw * 0.62, tb.h * 0.36 * s, d.fonts.header, 700);
    fitText(g, names[1], tx, (tb.y + tb.h * 0.88) * s, tw * 0.62, tb.h * 0.3 * s, d.fonts.header);
    g.textAlign = 'right';
    fitText(g, titles[0] as string, (tb.x + tb.w) * s, (tb.y + tb.h * 0.42) * s, tw * 0.36, tb.h * 0.34 * s, d.fonts.header, 700);
    fitText(g, titles[1] as string, (tb.x + tb.w) * s, (tb.y + tb.h * 0.88) * s, tw * 0.36, tb.h * 0.28 * s, d.fonts.header);
    g.textAlign = 'left';
  }
  if (d.header === 'vbar') {
    // Vertical bar: state code and name run bottom-to-top.
    g.save();
    g.fillStyle = d.headerText;
    g.translate((hb.x + hb.w * 0.68) * s, (hb.y + hb.h - 4) * s);
    g.rotate(-Math.PI / 2);
    fitText(g, `${code}  ·  ${names[0]}`, 0, 0, (hb.h - 14) * s, hb.w * 0.48 * s, d.fonts.header, 700);
    g.restore();
    emblem(g, s, d.emblem, (hb.x + hb.w / 2) * s, 5 * s, 5.5 * s, d.headerText, rng.fork('vbar-emblem'));
  }
  if (d.header === 'footer') {
    g.fillStyle = d.headerText;
    g.textAlign = 'center';
    fitText(g, `${names[0]}  ·  ${code}`, (hb.x + hb.w / 2) * s, (hb.y + hb.h * 0.66) * s, hb.w * 0.8 * s, hb.h * 0.42 * s, d.fonts.header, 700);
    g.textAlign = 'left';
  }
}

/** 5 x 7 dot-matrix glyphs (rows top to bottom, 5 bits each, left = 0x10) of the perforation head. */
const DOT_GLYPHS: Readonly<Record<string, readonly number[]>> = {
  '0': [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e], '1': [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
  '2': [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f], '3': [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
  '4': [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02], '5': [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
  '6': [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e], '7': [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
  '8': [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e], '9': [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
  A: [0x0e, 0x11, 0x11, 0x11, 0x1f, 0x11, 0x11], B: [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e],
  C: [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e], D: [0x1c, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1c],
  E: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f], F: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10],
  G: [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f], H: [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
  J: [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c], K: [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
  L: [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f], M: [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11],
  N: [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11], P: [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10],
  R: [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11], S: [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e],
  T: [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04], U: [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e],
  V: [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04], W: [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a],
  X: [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11], Y: [0x11, 0x11, 0x11, 0x0a, 0x04, 0x04, 0x04],
  Z: [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f],
};

/**
 * Laser-perforated document number running down the page edge (passports), read top to bottom: 5 x 7 holes per
 * character at 0.55 mm pitch, 0.3 mm holes; seen flat, a hole shows the darker page beneath with a light rim.
 */
function perforate(g: Ctx, text: string, x: number, y: number, s: number): void {
  const pitch = 0.55 * s;
  const r = 0.15 * s;
  g.save();
  [...text].forEach((ch, i) => {
    const rows = DOT_GLYPHS[ch];
    if (!rows) return;
    rows.forEach((bits, row) => {
      for (let col = 0; col < 5; col++) {
        if (!(bits & (0x10 >> col))) continue;
        // Glyph rotated a quarter turn clockwise: glyph columns run down the page, rows run right to left.
        const hx = x + (3 - row) * pitch;
        const hy = y + (i * 6 + col) * pitch;
        g.fillStyle = 'rgba(70, 62, 58, 0.55)';
        g.beginPath();
        g.arc(hx, hy, r, 0, 2 * Math.PI);
        g.fill();
        g.fillStyle = 'rgba(255, 255, 255, 0.6)';
        g.beginPath();
        g.arc(hx - r * 0.35, hy - r * 0.35, r * 0.45, 0, 2 * Math.PI);
        g.fill();
      }
    });
  });
  g.restore();
}

export interface ProceduralOptions {
  readonly rng: Rng;
  readonly family: string;
  readonly faceId: string;
  readonly face: Rgba8;
  /** Face centre and height as fractions of the crop (for the studio backdrop). */
  readonly faceGeometry: Backdrop['face'];
  /** Sex of the person in the face image, so name and sex match the portrait. */
  readonly sex: 'M' | 'F';
}

function fieldText(key: FieldKey, p: Person, d: Design, langs: readonly [Language, Language], code: string, nationality: string, authority: string): string {
  const date = (c: Person['birth']): string => formatDate(c, d.dateStyle, langs);
  const up = (t: string): string => (d.upperCaseValues ? t.toUpperCase() : t);
  switch (key) {
    case 'surname': return up(p.surname);
    case 'givenNames': return up(p.givenNames);
    case 'nationality': return nationality;
    case 'birthDate': return date(p.birth);
    case 'sex': return p.sex === 'F' ? (langs[0] === 'de' ? 'F/W' : 'F') : 'M';
    case 'birthPlace': return up(p.birthPlace);
    case 'issueDate': return date(p.issue);
    case 'expiryDate': return date(p.expiry);
    case 'authority': return up(authority);
    case 'documentNumber': return p.documentNumber;
    case 'personalNumber': return p.personalNumber;
    case 'type': return d.documentType === 'PASSPORT' ? 'P' : 'ID';
    case 'code': return code;
    case 'height': return `${p.heightCm} cm`;
    case 'signature': return '';
  }
}

export function renderProcedural(o: ProceduralOptions): DocumentRender {
  const d = designOf(o.family);
  let layer = staticCache.get(d.id);
  if (!layer) {
    layer = buildStatic(d);
    staticCache.set(d.id, layer);
  }
  const L = layer.layout;
  const s = L.pxPerMm;
  const W = layer.canvas.width;
  const H = layer.canvas.height;
  const state = STATES[d.state];
  if (!state) throw new Error(`family ${d.id}: no issuing state ${d.state}`);
  const rng = o.rng;
  const person = randomPerson(rng.fork('person'), state, o.sex, d.numberPattern, d.validityYears);
  const authority = `${rng.pick(['Police', 'Prefecture', 'Ministry of Interior', 'Civil Registry'])} ${rng.pick(state.cities)}`;

  const canvas = createCanvas(W, H);
  const g = canvas.getContext('2d');
  roundedClip(g, W, H, L.cornerRadiusMm * s);
  g.drawImage(layer.canvas, 0, 0);

  // Everything personalised is printed in one pass after the card body: its registration against the pre-printed
  // background varies by a few tenths of a millimetre from card to card.
  const dx = Math.round(Math.max(-0.35, Math.min(0.35, rng.normal(0, 0.12))) * s);
  const dy = Math.round(Math.max(-0.35, Math.min(0.35, rng.normal(0, 0.12))) * s);
  const pxShift = (b: BoxMm): PxBox => {
    const p = px(b, s);
    return { ...p, x: p.x + dx, y: p.y + dy };
  };
  g.save();
  g.translate(dx, dy);

  // Portrait with a thin frame line for framed styles.
  const pBox = pxShift(L.portrait);
  const pLocal = px(L.portrait, s);
  // States ask for a plain light background; which tone is a rule of the issuer, so it is fixed per family.
  const backdropRng = new Rng(`backdrop:${d.id}`);
  const backdropTone = backdropRng.pick<[readonly [number, number, number], readonly [number, number, number]]>([
    [[226, 229, 234], [206, 211, 219]],
    [[214, 226, 240], [190, 206, 226]],
    [[236, 234, 228], [219, 216, 208]],
    [[222, 222, 222], [200, 200, 200]],
  ]);
  const backdrop: Backdrop = { face: o.faceGeometry, top: backdropTone[0], bottom: backdropTone[1] };
  const portrait = renderPortrait(o.face, pLocal.width, pLocal.height, d.portrait, s, backdrop);
  g.drawImage(portrait, pLocal.x, pLocal.y);
  if (d.portrait !== 'vignette') {
    g.strokeStyle = `${d.labelColour}90`;
    g.lineWidth = Math.max(1, 0.1 * s);
    g.strokeRect(pLocal.x, pLocal.y, pLocal.width, pLocal.height);
  }

  let ghostBox: PxBox | null = null;
  if (L.ghost && d.ghost) {
    const local = px(L.ghost, s);
    ghostBox = pxShift(L.ghost);
    const ghost = renderGhost(o.face, local.width, local.height, d.ghost, hexRgb(d.accents[0] as string), rng.uniform(0.55, 0.8), s);
    g.drawImage(ghost, local.x, local.y);
  }

  // Personalised values (printed in the same pass as the portrait: one ink, slight dot gain).
  const fields: Record<string, { box: PxBox; text: string }> = {};
  g.textBaseline = 'alphabetic';
  for (const slot of L.fields) {
    const text = fieldText(slot.key, person, d, state.languages, state.code, state.nationality[0], authority);
    g.fillStyle = slot.key === 'documentNumber' ? d.numberColour : d.valueColour;
    const x = slot.box.x * s;
    const baseline = (slot.box.y + L.labelEmMm + L.valueEmMm * 0.82) * s;
    const family = slot.key === 'documentNumber' && d.documentType === 'PASSPORT' ? OCR_B : d.fonts.value;
    const width = fitText(g, text, x, baseline, slot.box.w * s, L.valueEmMm * s, family, d.fonts.value === 'EB Garamond' ? 400 : 700);
    fields[slot.key] = { box: { x: Math.round(x) + dx, y: Math.round(baseline - L.valueEmMm * 0.8 * s) + dy, width: Math.ceil(width), height: Math.ceil(L.valueEmMm * s) }, text };
  }

  // Signature: a script font with a random slant and a flourish, in ballpoint blue-black.
  const sig = L.signature.w > 0 ? L.signature : { x: L.portrait.x, y: L.portrait.y + L.portrait.h - 6, w: L.portrait.w, h: 6 };
  const sigText = rng.bool(0.5) ? person.surname.split(' ')[0] ?? person.surname : `${person.givenNames[0] ?? ''}. ${person.surname.split(' ')[0] ?? ''}`;
  g.save();
  g.fillStyle = rng.pick(['#1b2a6b', '#15183a', '#202020']);
  g.strokeStyle = g.fillStyle;
  g.translate((sig.x + 1) * s, (sig.y + sig.h * 0.85) * s);
  g.rotate(rng.uniform(-0.12, 0.04));
  g.transform(1, 0, rng.uniform(-0.25, 0.1), 1, 0, 0);
  const sigWidth = fitText(g, sigText, 0, 0, (sig.w - 2) * s, Math.min(sig.h * 0.75, 4.6) * s, d.fonts.signature);
  g.lineWidth = 0.18 * s;
  g.beginPath();
  g.moveTo(sigWidth * 0.1, 0.8 * s);
  g.bezierCurveTo(sigWidth * 0.4, 2.0 * s, sigWidth * 0.7, -0.6 * s, sigWidth * rng.uniform(0.95, 1.1), 0.4 * s);
  g.stroke();
  g.restore();
  // The signature is handwriting, not a typed field: its box goes to params, so retyping edits leave it alone.
  const signatureBox = pxShift(sig);

  // MRZ in OCR-B at the ICAO pitch (2.54 mm per character).
  let mrz: string[] = [];
  if (L.mrz) {
    const person9303 = {
      documentCode: d.documentType === 'PASSPORT' ? 'P' : 'ID', issuer: state.code, surname: person.surname, givenNames: person.givenNames,
      documentNumber: person.documentNumber, nationality: state.code, birthDate: yymmdd(person.birth), sex: person.sex,
      expiryDate: yymmdd(person.expiry), optional: d.documentType === 'PASSPORT' ? person.personalNumber : '',
    };
    mrz = d.documentType === 'PASSPORT' ? td3(person9303) : td1(person9303);
    g.fillStyle = '#111111';
    g.font = font(10 * s, OCR_B);
    // ICAO 9303 prints OCR-B size 1: characters about 2.4 mm tall on a 2.54 mm pitch (each placed on its cell).
    const capHeight10 = g.measureText('H').actualBoundingBoxAscent;
    const em = (10 * s * 2.42 * s) / capHeight10;
    g.font = font(em, OCR_B);
    const pitch = L.mrz.h / L.mrzLines;
    mrz.forEach((line, i) => {
      const y = (L.mrz!.y + pitch * (i + 0.78)) * s;
      for (let c = 0; c < line.length; c++) g.fillText(line[c] as string, (L.mrz!.x + c * 2.54) * s, y);
    });
    fields['mrz'] = { box: pxShift(L.mrz), text: mrz.join('\n') };
  }
  g.restore();

  g.drawImage(layer.overlay, 0, 0);
  const perforated = d.documentType === 'PASSPORT' && new Rng(`perforation:${d.id}`).bool(0.6);
  if (perforated) perforate(g, person.documentNumber, (L.widthMm - 3.2) * s, 13 * s, s);

  const image = g.getImageData(0, 0, W, H);
  return {
    image: { width: W, height: H, data: new Uint8ClampedArray(image.data) },
    pxPerMm: s,
    widthMm: W / s,
    heightMm: H / s,
    documentType: d.documentType,
    family: d.id,
    portraitBox: pBox,
    ghostPortraitBox: ghostBox,
    faceId: o.faceId,
    cornerRadiusMm: L.cornerRadiusMm,
    hologramBoxes: layer.hologramBoxes,
    laminated: d.laminated,
    fields,
    mrz,
    params: {
      issuer: state.code, languages: state.languages, background: d.background, header: d.header, emblem: d.emblem,
      portraitStyle: d.portrait, ghostStyle: d.ghost, hologram: d.hologram, fonts: d.fonts, dateStyle: d.dateStyle,
      titleAlign: d.titleAlign, labelStyle: d.labelStyle, contactChip: L.chip !== null, perforatedNumber: perforated, portraitBackdrop: backdrop.top, personalisationShiftPx: [dx, dy], signatureText: sigText, signatureBox,
    },
  };
}
