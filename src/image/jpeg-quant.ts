// JPEG quantisation tables read straight from the file's DQT segments, and the IJG quality they correspond to.
// Reading the tables is more reliable than guessing from pixels: the encoder wrote them, whatever it was.

/** A quantisation table in natural (row-major 8x8) order. */
export interface QuantTable {
  readonly id: number;
  readonly values: readonly number[];
}

/** Zigzag position k -> natural index, as in ITU T.81 figure A.6. */
const ZIGZAG_TO_NATURAL = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55,
  62, 63,
];

/** IJG (libjpeg) standard tables at quality 50, natural order (ITU T.81 annex K). */
export const IJG_LUMINANCE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87,
  80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92,
  95, 98, 112, 100, 103, 99,
];
export const IJG_CHROMINANCE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99,
];

/** The table libjpeg writes for `quality` (1..100), baseline-clamped to 1..255. */
export function ijgTable(base: readonly number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return base.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

/**
 * Quantisation tables of a JPEG file, or null when the bytes are not a JPEG. Stops at the first scan (SOS): tables
 * after it (progressive files may redefine them) do not change the estimate materially.
 */
export function readQuantTables(bytes: Uint8Array): QuantTable[] | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const tables = new Map<number, QuantTable>();
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return tables.size > 0 ? [...tables.values()] : null;
    const marker = bytes[pos + 1] as number;
    if (marker === 0xff) { pos += 1; continue; } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { pos += 2; continue; }
    if (marker === 0xda || marker === 0xd9) break;
    const length = ((bytes[pos + 2] as number) << 8) | (bytes[pos + 3] as number);
    const end = pos + 2 + length;
    if (length < 2 || end > bytes.length) break;
    if (marker === 0xdb) {
      let p = pos + 4;
      while (p < end) {
        const precision = (bytes[p] as number) >> 4;
        const id = (bytes[p] as number) & 0x0f;
        const size = precision === 0 ? 1 : 2;
        if (p + 1 + 64 * size > end) break;
        const values = new Array<number>(64).fill(0);
        for (let k = 0; k < 64; k++) {
          const at = p + 1 + k * size;
          const v = size === 1 ? (bytes[at] as number) : (((bytes[at] as number) << 8) | (bytes[at + 1] as number));
          values[ZIGZAG_TO_NATURAL[k] as number] = v;
        }
        tables.set(id, { id, values });
        p += 1 + 64 * size;
      }
    }
    pos = end;
  }
  return tables.size > 0 ? [...tables.values()].sort((a, b) => a.id - b.id) : null;
}

/**
 * Estimated IJG quality (1..100) of the tables: the quality whose standard tables are closest (mean absolute
 * relative error over luminance, and chrominance when present). Encoders that use other tables (phones often do)
 * get the nearest IJG equivalent, which is what matters for "how coarse is the quantisation".
 */
export function estimateJpegQuality(tables: readonly QuantTable[]): number {
  const luma = tables.find((t) => t.id === 0) ?? tables[0];
  if (luma === undefined) throw new Error('estimateJpegQuality needs at least one quantisation table');
  const chroma = tables.find((t) => t.id === 1);
  let best = 50;
  let bestError = Infinity;
  for (let q = 1; q <= 100; q++) {
    let error = tableError(luma.values, ijgTable(IJG_LUMINANCE, q));
    if (chroma !== undefined) error = 0.7 * error + 0.3 * tableError(chroma.values, ijgTable(IJG_CHROMINANCE, q));
    if (error < bestError) { bestError = error; best = q; }
  }
  return best;
}

function tableError(actual: readonly number[], reference: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 64; i++) {
    const a = actual[i] ?? 1;
    const r = reference[i] ?? 1;
    sum += Math.abs(Math.log(a / r));
  }
  return sum / 64;
}
