import { DocliveError } from '../errors.js';

// Clients send base64 in many shapes: `base64 file` wraps lines at 76 characters, browsers build data URLs,
// some send URL-safe base64. Buffer.from(s, 'base64') silently skips anything outside the alphabet, so the
// alphabet and the length are checked here first: garbage is a 406, never a silently different image.

const DATA_URL_PREFIX = /^\s*data:image\/[a-z0-9.+-]+;base64,/i;

const ACCEPTED =
  'Accepted: standard base64 (RFC 4648, padding optional), with line breaks or spaces anywhere, optionally URL-safe ' +
  "(- and _) and optionally prefixed with 'data:image/<type>;base64,'.";

// Character classes, by char code: 1 = standard alphabet, 2 = URL-safe only (- _), 3 = whitespace, 4 = padding.
const CLASS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') CLASS[c.charCodeAt(0)] = 1;
CLASS['-'.charCodeAt(0)] = 2;
CLASS['_'.charCodeAt(0)] = 2;
for (const c of ' \t\n\r\f\v') CLASS[c.charCodeAt(0)] = 3;
CLASS['='.charCodeAt(0)] = 4;

const invalid = (detail: string): DocliveError => new DocliveError('INVALID_BASE64', `The image field is not valid base64: ${detail}. ${ACCEPTED}`);

/** Decodes the `image` field of POST /check_liveness; throws DocliveError INVALID_BASE64 with what is accepted. */
export function decodeBase64Image(field: string): Uint8Array {
  const prefix = DATA_URL_PREFIX.exec(field);
  const start = prefix === null ? 0 : prefix[0].length;
  // One pass over the characters: the alphabet, where padding sits, and how many data characters there are.
  let data = 0;
  let padding = 0;
  let standardOnly = false;
  let urlSafeOnly = false;
  for (let i = start; i < field.length; i++) {
    const code = field.charCodeAt(i);
    const kind = code < 128 ? (CLASS[code] as number) : 0;
    if (kind === 3) continue;
    if (kind === 4) {
      padding++;
      continue;
    }
    if (kind === 0 || padding > 0) {
      const shown = code < 32 || code > 126 ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${field[i] as string}'`;
      throw invalid(
        kind === 0
          ? `character ${shown} at position ${i} is not in the base64 alphabet`
          : `'=' padding at position ${i - 1} is followed by more data`,
      );
    }
    if (kind === 2) urlSafeOnly = true;
    else if (code === 0x2b || code === 0x2f) standardOnly = true;
    data++;
  }
  if (data === 0) throw new DocliveError('INVALID_BASE64', `The image field is empty. ${ACCEPTED}`);
  if (standardOnly && urlSafeOnly) throw invalid("it mixes the standard ('+', '/') and URL-safe ('-', '_') alphabets");
  if (padding > 2 || data % 4 === 1 || (padding > 0 && (data + padding) % 4 !== 0)) {
    throw invalid(`${data} characters cannot encode whole bytes (the data looks truncated)`);
  }
  // Node's decoder skips whitespace and reads both alphabets; everything else was checked above.
  return new Uint8Array(Buffer.from(start === 0 ? field : field.slice(start), urlSafeOnly ? 'base64url' : 'base64'));
}
