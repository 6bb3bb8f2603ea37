// The machine-readable zone of a passport data page (ICAO 9303 TD3: two lines of 44 OCR-B characters across the
// bottom of the 125 x 88 mm page). In grey copies the MRZ zone is often lighter than the rest of the page, so the
// strongest border the localiser sees runs along the top of the zone and the quad it returns stops above it: too
// wide for a passport, it passes for an ID-1 card. Extending such a quad to the ID-3 aspect and finding MRZ-shaped
// text in the added strip recovers the whole page, its type, and (the MRZ is at the bottom) its orientation.
import type { Point, Quad } from '../domain/types.js';
import { applyHomography, homographyFromPoints } from '../image/homography.js';
import type { RgbImage } from '../image/types.js';
import { FORMAT_BOUNDARY, ID3_ASPECT } from './aspect.js';
import { rectify, rotateQuad180 } from './rectify.js';
import { strokeMask } from './text-evidence.js';

/** Width of the rectified strip the MRZ is looked for in (about 5 px per mm of a passport page). */
const STRIP_WIDTH = 640;
/** A row crosses an MRZ line when it holds at least this many separate stroke runs (44 characters per line)... */
const MIN_RUNS_PER_ROW = 18;
/** ...spread over at least this fraction of the width (the MRZ spans the page but for its margins)... */
const MIN_ROW_SPAN = 0.6;
/** ...and is not one solid bar. */
const MAX_ROW_INK = 0.7;

/** Height of an OCR-B character line as a fraction of the page width (2.4-3.2 mm on 125 mm), with leeway. */
const MIN_LINE_HEIGHT = 0.008, MAX_LINE_HEIGHT = 0.05;
/** Characters of a line, seen as runs of inked columns across the line (44 characters, fillers '<' included). */
const MIN_CHARACTER_RUNS = 20;
/** Inter-character gaps: a line of characters leaves at least this share of its span blank (wood grain does not). */
const MIN_BLANK_SHARE = 0.15;

/**
 * The text lines of MRZ shape in `strip` (rectified, landscape): bands of rows with many separate strokes spanning
 * most of the width, whose height is that of a character line and whose column profile is a row of separate
 * characters. Returns the centre row of each line.
 */
export function mrzLines(strip: RgbImage): number[] {
  return mrzLineDetails(strip).map((line) => line.row);
}

/** An MRZ-shaped line: its centre row and its count of character runs (separate inked column runs). */
export interface MrzLine {
  readonly row: number;
  readonly characters: number;
}

/** mrzLines with each line's character count. */
export function mrzLineDetails(strip: RgbImage): MrzLine[] {
  const { width, height } = strip;
  const { mask } = strokeMask(strip);
  const lines: MrzLine[] = [];
  let start = -1;
  for (let y = 0; y <= height; y++) {
    if (y < height && isMrzRow(mask, width, y)) { if (start < 0) start = y; continue; }
    if (start >= 0 && hasBlankMargins(mask, width, height, start, y)) {
      const characters = characterRuns(mask, width, start, y);
      if (characters > 0) lines.push({ row: (start + y - 1) / 2, characters });
    }
    start = -1;
  }
  return lines;
}

/** Share of the width a row may ink and still count as blank (the MRZ zone is clear but for its two lines). */
const BLANK_ROW_INK = 0.05;

/**
 * The MRZ lines stand in a clear zone: blank rows of about a line height above and below each (TD3 lines are about
 * 6 mm apart for 2.5 mm characters), where the strip shows them. Textiles, wood grain and newspaper columns (line
 * gaps well under a line height) have no such margins.
 */
function hasBlankMargins(mask: Uint8Array, width: number, height: number, y0: number, y1: number): boolean {
  const isBlank = (y: number): boolean => {
    let inked = 0;
    for (let x = 0; x < width; x++) inked += mask[y * width + x]!;
    return inked < BLANK_ROW_INK * width;
  };
  // The line's own partial rows (the tops and bottoms of some glyphs) belong to it: up to half its core height.
  const core = y1 - y0, slack = Math.ceil(0.5 * core);
  let top = y0, bottom = y1;
  while (top > 0 && y0 - top < slack && !isBlank(top - 1)) top--;
  while (bottom < height && bottom - y1 < slack && !isBlank(bottom)) bottom++;
  const need = Math.max(2, Math.round(0.9 * core));
  const clear = (from: number, direction: 1 | -1): boolean => {
    for (let k = 0; k < need; k++) {
      const y = from + direction * k;
      // The strip ends first: what it showed was blank.
      if (y < 0 || y >= height) return true;
      if (!isBlank(y)) return false;
    }
    return true;
  };
  return clear(top - 1, -1) && clear(bottom, 1);
}

function isMrzRow(mask: Uint8Array, width: number, y: number): boolean {
  let runs = 0, inked = 0, first = -1, last = -1, inRun = false;
  for (let x = 0; x < width; x++) {
    if (mask[y * width + x] === 1) {
      inked++;
      if (first < 0) first = x;
      last = x;
      if (!inRun) { runs++; inRun = true; }
    } else inRun = false;
  }
  return runs >= MIN_RUNS_PER_ROW && last - first >= MIN_ROW_SPAN * width && inked < MAX_ROW_INK * width;
}

/**
 * When rows y0..y1-1 form a line of separate characters (plausible height, many column runs with blank gaps), the
 * number of column runs; otherwise 0.
 */
function characterRuns(mask: Uint8Array, width: number, y0: number, y1: number): number {
  const lineHeight = y1 - y0;
  if (lineHeight < Math.max(2, MIN_LINE_HEIGHT * width) || lineHeight > MAX_LINE_HEIGHT * width) return 0;
  let runs = 0, inked = 0, first = -1, last = -1, inRun = false;
  for (let x = 0; x < width; x++) {
    let any = false;
    for (let y = y0; y < y1 && !any; y++) if (mask[y * width + x] === 1) any = true;
    if (any) {
      inked++;
      if (first < 0) first = x;
      last = x;
      if (!inRun) { runs++; inRun = true; }
    } else inRun = false;
  }
  const span = last - first + 1;
  return runs >= MIN_CHARACTER_RUNS && span >= MIN_ROW_SPAN * width && inked <= (1 - MIN_BLANK_SHARE) * span ? runs : 0;
}

/** Where the MRZ was found relative to the quad handed in, and the page quad (upright: MRZ at the bottom). */
export interface MrzPage {
  /** Corners clockwise from the page's own top-left (MRZ along corners 3 -> 2). */
  readonly quad: Quad;
  /** 'outside': the quad was extended to take in the zone; 'inside': the quad already held it. */
  readonly found: 'outside' | 'inside';
  /**
   * ICAO 9303 format of the zone: 'TD3' (lines of 44 characters, passport page) or 'TD1' (lines of 30, ID-1 card).
   * A card's front with a TD1 zone is an ID card whatever its measured aspect.
   */
  readonly format: 'TD1' | 'TD3';
}

/**
 * Characters per line between TD1's 30 and TD3's 44: the zone's lines, counted as separate column runs, read 23-32
 * on lab TD1 cards and 44-45 on a DLC passport (docs/quality.md, type round). A count does not depend on the quad's
 * aspect, which a shortened quad gets wrong; a count of lines does not tell them apart (a passport's text above its
 * zone passed for a third line).
 */
const TD1_MAX_CHARACTERS = 37;

/**
 * `landscape` (image pixels, corner 0 -> 1 a long side) with true aspect `aspect`. When the aspect is too wide for a
 * passport page, each long side is extended to the ID-3 aspect and the added strip is searched for the MRZ. When
 * the quad already has a passport's aspect, or no zone is outside and the quad is at most a little too wide, its own
 * bottom and top bands are searched. Returns null when no MRZ is seen.
 * `ownRaster`, when given, returns the quad itself rectified (landscape, 640 px wide): the quad's own bands are then
 * cut from it instead of warped from the image (the front-end needs that raster anyway as the canonical one).
 */
export async function findMrzPage(image: RgbImage, landscape: Quad, aspect: number, ownRaster?: () => Promise<RgbImage>): Promise<MrzPage | null> {
  const w = 1000, h = w / aspect;
  const toImage = homographyFromPoints([[0, 0], [w, 0], [w, h], [0, h]], landscape);
  const at = (x: number, y: number): Point => applyHomography(toImage, x, y);
  const inFrame = (q: readonly Point[]): boolean => q.every(([x, y]) => x >= -2 && y >= -2 && x <= image.width + 2 && y <= image.height + 2);
  // MRZ lines between rows y0 and y1 of the quad's rectangle, in the rectangle's rows; null when out of frame.
  const linesIn = async (y0: number, y1: number): Promise<MrzLine[] | null> => {
    const strip: Quad = [at(0, y0), at(w, y0), at(w, y1), at(0, y1)];
    if (!inFrame(strip)) return null;
    const height = Math.max(12, Math.round((STRIP_WIDTH * (y1 - y0)) / w));
    const scale = (y1 - y0) / height;
    return mrzLineDetails(await rectify(image, strip, STRIP_WIDTH, height)).map((line) => ({ ...line, row: y0 + (line.row + 0.5) * scale }));
  };
  // The quad's own bands (0 <= y0 < y1 <= h): rows of its raster when there is one; null when out of frame.
  const ownLinesIn = ownRaster === undefined ? linesIn : async (y0: number, y1: number): Promise<MrzLine[] | null> =>
    inFrame([at(0, y0), at(w, y0), at(w, y1), at(0, y1)]) ? bandLines(await ownRaster(), y0 / h, y1 / h, h) : null;
  if (aspect >= FORMAT_BOUNDARY) {
    const extension = w / ID3_ASPECT - h;
    // Only a plausible missing zone: a few millimetres to about a third of the page.
    if (extension < 0.04 * h || extension > 0.5 * h) return null;
    // The quad may stop between the two MRZ lines: search from a little inside it, and ask for two lines of which
    // at least one lies outside (an ID card's own MRZ inside its border does not extend it).
    const inside = 0.15 * h;
    const below = await linesIn(h - inside, h + extension);
    const above = await linesIn(-extension, inside);
    const zoneBelow = below !== null && below.length >= 2 && below.some((line) => line.row > h);
    const zoneAbove = above !== null && above.length >= 2 && above.some((line) => line.row < 0);
    // Text-like lines on both sides is print around the document (a newspaper), not a zone: no decision.
    if (zoneBelow && zoneAbove) return null;
    if (zoneBelow) {
      return { quad: [at(0, 0), at(w, 0), at(w, h + extension), at(0, h + extension)], found: 'outside', format: 'TD3' };
    }
    if (zoneAbove) {
      // The zone is above corners 0 -> 1: the page is upside down in this order.
      return { quad: rotateQuad180([at(0, -extension), at(w, -extension), at(w, h), at(0, h)]), found: 'outside', format: 'TD3' };
    }
    // A whole page whose quad runs a few per cent long reads just past the boundary: its zone is inside. Only a
    // passport's zone counts here: a card at its own aspect keeps the portrait's orientation (a TD1 zone read on lab
    // val cards turned 8 of them the wrong way up).
    if (aspect > MAX_INSIDE_SEARCH_ASPECT) return null;
    const page = await zoneInside(ownLinesIn, landscape, h);
    return page?.format === 'TD3' ? page : null;
  }
  return zoneInside(ownLinesIn, landscape, h);
}

/**
 * MRZ lines in rows from .. to (fractions of the height) of `raster`, a rectified quad STRIP_WIDTH wide; rows are
 * returned in units where the quad is `h` high, as linesIn returns them.
 */
function bandLines(raster: RgbImage, from: number, to: number, h: number): MrzLine[] {
  if (raster.width !== STRIP_WIDTH) throw new Error(`the quad's own raster must be ${STRIP_WIDTH} px wide, got ${raster.width}`);
  const r0 = Math.max(0, Math.round(from * raster.height)), r1 = Math.min(raster.height, Math.max(r0 + 1, Math.round(to * raster.height)));
  const rowBytes = raster.width * 3;
  const strip: RgbImage = { width: raster.width, height: r1 - r0, data: raster.data.subarray(r0 * rowBytes, r1 * rowBytes) };
  const scale = h / raster.height;
  return mrzLineDetails(strip).map((line) => ({ ...line, row: (r0 + line.row + 0.5) * scale }));
}

/**
 * Widest quad whose own bands are searched for the zone: passport pages whose quad ran 7-10 % long measured
 * 1.52-1.62 on dlc2021-graycopy-dev tuning frames and lab val (docs/quality.md, type round).
 */
const MAX_INSIDE_SEARCH_ASPECT = 1.65;

/** The zone in the quad's own bottom or top band (`h`: the quad's height in the rows `linesIn` takes). */
async function zoneInside(linesIn: (y0: number, y1: number) => Promise<MrzLine[] | null>, landscape: Quad, h: number): Promise<MrzPage | null> {
  // The TD3 zone is the bottom 23 mm of the 88 mm page; its two lines sit in about the lower 20 %.
  const band = 0.22 * h;
  const formatOf = (lines: readonly MrzLine[]): 'TD1' | 'TD3' =>
    lines.reduce((sum, line) => sum + line.characters, 0) / lines.length <= TD1_MAX_CHARACTERS ? 'TD1' : 'TD3';
  const bottom = (await linesIn(h - band, h)) ?? [];
  if (bottom.length >= 2) return { quad: landscape, found: 'inside', format: formatOf(bottom) };
  const top = (await linesIn(0, band)) ?? [];
  if (top.length >= 2) return { quad: rotateQuad180(landscape), found: 'inside', format: formatOf(top) };
  return null;
}
