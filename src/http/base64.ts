import { DocliveError } from '../errors.js';

// Clients send base64 in many shapes: `base64 file` wraps lines at 76 characters, browsers build data URLs,
// some send URL-safe base64. Buffer.from(s, 'base64') silently skips anything outside the alphabet, so the
// alphabet and the length are checked here first: garbage is a 406, never a silently different image.

const DATA_URL_PREFIX = /^data:image\/[a-z0-9.+-]+;base64,/i;
const WHITESPACE = /[\s]+/g;
const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

const ACCEPTED =
  'Accepted: standard base64 (RFC 4648, padding optional), with line breaks or spaces anywhere, optionally URL-safe ' +
  "(- and _) and optionally prefixed with 'data:image/<type>;base64,'.";

/** Decodes the `image` field of POST /check_liveness; throws DocliveError INVALID_BASE64 with what is accepted. */
export function decodeBase64Image(field: string): Uint8Array {
  const compact = field.trim().replace(DATA_URL_PREFIX, '').replace(WHITESPACE, '');
  if (compact.length === 0) {
    throw new DocliveError('INVALID_BASE64', `The image field is empty. ${ACCEPTED}`);
  }
  const urlSafe = !STANDARD.test(compact);
  if (urlSafe && !URL_SAFE.test(compact)) {
    const bad = [...compact].find((c) => !/[A-Za-z0-9+/=_-]/.test(c)) ?? '=';
    const where = compact.indexOf(bad);
    const shown = bad.charCodeAt(0) < 32 || bad.charCodeAt(0) > 126 ? `U+${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : `'${bad}'`;
    throw new DocliveError(
      'INVALID_BASE64',
      `The image field is not valid base64: character ${shown} at position ${where} (ignoring whitespace) is not in the base64 alphabet, or '=' padding is not at the end. ${ACCEPTED}`,
    );
  }
  const unpadded = compact.replace(/=+$/, '');
  const padded = compact.length !== unpadded.length;
  if (unpadded.length % 4 === 1 || (padded && compact.length % 4 !== 0)) {
    throw new DocliveError(
      'INVALID_BASE64',
      `The image field is not valid base64: ${unpadded.length} characters cannot encode whole bytes (the data looks truncated). ${ACCEPTED}`,
    );
  }
  return new Uint8Array(Buffer.from(unpadded, urlSafe ? 'base64url' : 'base64'));
}
