// Where things go on a family's document, in millimetres: header, portrait, ghost, field rows, signature, MRZ,
// holographic overlays. ID-1 cards follow common national-ID arrangements; passports follow the ICAO 9303 TD3 zones
// (portrait zone V on the left, MRZ zone VII in the bottom 23 mm).
import type { Design } from './families.js';
import type { FieldKey } from './identity.js';

export interface BoxMm {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface FieldSlot {
  readonly key: FieldKey;
  readonly box: BoxMm;
}

export interface Layout {
  readonly widthMm: number;
  readonly heightMm: number;
  readonly cornerRadiusMm: number;
  readonly pxPerMm: number;
  readonly headerBox: BoxMm;
  readonly titleBox: BoxMm;
  readonly portrait: BoxMm;
  readonly ghost: BoxMm | null;
  readonly signature: BoxMm;
  readonly fields: readonly FieldSlot[];
  readonly mrz: BoxMm | null;
  readonly mrzLines: number;
  readonly holograms: readonly BoxMm[];
  readonly labelEmMm: number;
  readonly valueEmMm: number;
  /** Contact chip (11.4 x 8.6 mm), null when the design has none. */
  readonly chip: BoxMm | null;
}

const ID_ROWS: readonly (readonly FieldKey[])[] = [
  ['surname'], ['givenNames'], ['birthDate', 'sex', 'nationality'], ['documentNumber', 'expiryDate'], ['birthPlace', 'issueDate'],
];
const PASSPORT_ROWS: readonly (readonly FieldKey[])[] = [
  ['type', 'code', 'documentNumber'], ['surname'], ['givenNames'], ['nationality'], ['birthDate', 'personalNumber'],
  ['sex', 'birthPlace'], ['issueDate', 'authority'], ['expiryDate'],
];
/** Relative widths of the fields sharing a row. */
const WEIGHT: Partial<Record<FieldKey, number>> = { sex: 0.45, type: 0.45, code: 0.6, height: 0.5 };

function rows(keys: readonly (readonly FieldKey[])[], x0: number, x1: number, y0: number, rowH: number, maxRows: number): FieldSlot[] {
  const out: FieldSlot[] = [];
  keys.slice(0, maxRows).forEach((row, r) => {
    const total = row.reduce((sum, k) => sum + (WEIGHT[k] ?? 1), 0);
    let x = x0;
    for (const key of row) {
      const w = ((x1 - x0) * (WEIGHT[key] ?? 1)) / total;
      out.push({ key, box: { x, y: y0 + r * rowH, w: w - 1.5, h: rowH } });
      x += w;
    }
  });
  return out;
}

export function layoutOf(d: Design): Layout {
  return d.documentType === 'ID_CARD' ? idLayout(d) : passportLayout(d);
}

function idLayout(d: Design): Layout {
  const W = 85.6;
  const H = 53.98;
  const vbar = d.header === 'vbar';
  const x0 = vbar ? 10.5 : 3.8;
  const x1 = W - 3.8;
  const top = 11;
  const bottom = d.mrz ? 36.8 : d.header === 'footer' ? 45.5 : 51.2;
  const ph = d.mrz ? 24.8 : Math.min(31.5, bottom - top);
  const pw = ph * 0.78;
  const portrait = d.portraitSide === 'left' ? { x: x0, y: top, w: pw, h: ph } : { x: x1 - pw, y: top, w: pw, h: ph };
  const fx0 = d.portraitSide === 'left' ? portrait.x + pw + 3 : x0;
  const fx1 = d.portraitSide === 'left' ? x1 : portrait.x - 3;
  // With a TD1 MRZ on the front, rows are tighter so a signature strip still fits above the MRZ.
  const sigH = d.mrz ? 5.6 : 7.5;
  const rowH = d.mrz ? 4.9 : 5.4;
  const ghostW = d.mrz ? 9.5 : 11;
  const ghostH = ghostW * 1.28;
  const ghostInFields = !d.mrz;
  const ghost = d.ghost === null
    ? null
    : ghostInFields
      ? d.portraitSide === 'left'
        ? { x: fx1 - ghostW, y: bottom - ghostH, w: ghostW, h: ghostH }
        : { x: fx0, y: bottom - ghostH, w: ghostW, h: ghostH }
      : { x: d.portraitSide === 'left' ? x1 - ghostW : fx0, y: top, w: ghostW, h: ghostH };
  const sigX = ghostInFields && ghost && d.portraitSide === 'right' ? fx0 + ghostW + 2 : fx0;
  const signature = d.mrz
    ? { x: fx0, y: bottom - sigH, w: Math.min(30, fx1 - fx0), h: sigH }
    : { x: sigX, y: bottom - sigH, w: Math.min(32, fx1 - sigX - (ghost && d.portraitSide === 'left' ? ghostW + 2 : 0)), h: sigH };
  const maxRows = Math.floor((bottom - top - sigH - 0.5) / rowH);
  // With an MRZ the ghost sits beside the first rows, which therefore end before it.
  const fieldX1 = d.mrz && ghost && d.portraitSide === 'left' ? ghost.x - 1.5 : fx1;
  const fieldX0 = d.mrz && ghost && d.portraitSide === 'right' ? ghost.x + ghost.w + 1.5 : fx0;
  const fields = rows(ID_ROWS, fieldX0, fieldX1, top, rowH, maxRows);
  const holograms: BoxMm[] = [];
  if (d.hologram === 'stripe') holograms.push({ x: d.portraitSide === 'left' ? portrait.x + pw - 6 : portrait.x - 2, y: 0, w: 8, h: H });
  else if (d.hologram === 'portrait-corner') holograms.push({ x: d.portraitSide === 'left' ? portrait.x + pw - 9 : portrait.x - 4, y: portrait.y + ph - 10, w: 13, h: 13 });
  // A foil disc over the portrait's upper outer corner: it overlaps the photo, which makes a photo swap show.
  else if (d.hologram === 'disc') holograms.push({ x: d.portraitSide === 'left' ? portrait.x + pw - 8.5 : portrait.x - 2.5, y: portrait.y - 2.5, w: 11, h: 11 });
  else holograms.push({ x: 0, y: top + ph * 0.55, w: W, h: 6.5 });
  const headerBox = vbar ? { x: 0, y: 0, w: 8.2, h: d.mrz ? 36.8 : H } : d.header === 'footer' ? { x: 0, y: H - 6.5, w: W, h: 6.5 } : { x: 0, y: 0, w: W, h: 9.2 };
  const titleBox = vbar ? { x: x0, y: 1.2, w: x1 - x0, h: 8 } : { x: 3.8, y: 1.0, w: W - 7.6, h: 7.6 };
  return {
    widthMm: W, heightMm: H, cornerRadiusMm: 3.18, pxPerMm: 14, headerBox, titleBox, portrait, ghost, signature, fields,
    mrz: d.mrz ? { x: 4.7, y: 38.6, w: 76.2, h: 14 } : null, mrzLines: 3, holograms, labelEmMm: 1.45, valueEmMm: 2.75,
    // The chip sits in the free corner of the field column, beside the signature.
    chip: d.chip ? { x: fx1 - 12.4, y: bottom - 9.4, w: 11.4, h: 8.6 } : null,
  };
}

function passportLayout(d: Design): Layout {
  const W = 125;
  const H = 88;
  const top = 14;
  const portrait = { x: 6, y: top, w: 31.5, h: 40.5 };
  const fx0 = 42;
  const fx1 = d.ghost ? 100 : 121;
  const ghost = d.ghost ? { x: 103, y: 31, w: 17, h: 21.8 } : null;
  const fields = rows(PASSPORT_ROWS, fx0, fx1, top - 0.5, 6.35, 8);
  const holograms: BoxMm[] = [];
  if (d.hologram === 'stripe') holograms.push({ x: 30, y: 0, w: 12, h: 65 });
  else if (d.hologram === 'portrait-corner') holograms.push({ x: 25, y: 40, w: 20, h: 20 });
  else if (d.hologram === 'disc') holograms.push({ x: portrait.x + portrait.w - 10, y: portrait.y + portrait.h - 10, w: 14, h: 14 });
  else holograms.push({ x: 0, y: 35, w: W, h: 10 });
  return {
    widthMm: W, heightMm: H, cornerRadiusMm: 0, pxPerMm: 12, headerBox: { x: 0, y: 0, w: W, h: 10.5 },
    titleBox: { x: 6, y: 1.2, w: W - 12, h: 8.5 }, portrait, ghost,
    signature: { x: 6, y: 56, w: 31.5, h: 8.5 }, fields, mrz: d.mrz ? { x: 6.6, y: 70.6, w: 111.8, h: 14 } : null, mrzLines: 2,
    holograms, labelEmMm: 1.7, valueEmMm: 3.1, chip: null,
  };
}
