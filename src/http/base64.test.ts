import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64Image } from './base64.js';
import { DocliveError } from '../errors.js';

const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
const b64 = Buffer.from(bytes).toString('base64');

function wrap(s: string, width: number, eol = '\n'): string {
  return (s.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(eol) + eol;
}

test('plain, wrapped (76 columns, LF or CRLF), spaced, data-URL and URL-safe forms decode to the same bytes', () => {
  for (const form of [
    b64,
    wrap(b64, 76),
    wrap(b64, 76, '\r\n'),
    b64.replace(/(.{10})/g, '$1 \t'),
    `data:image/png;base64,${b64}`,
    Buffer.from(bytes).toString('base64url'),
    b64.replace(/=+$/, ''),
  ]) {
    assert.deepEqual(decodeBase64Image(form), bytes);
  }
});

test('garbage, truncation, misplaced padding and empty input are INVALID_BASE64 with what is accepted', () => {
  for (const bad of ['', '   \n', `${b64.slice(0, 20)}*${b64.slice(20)}`, b64.slice(0, 21), `ab=c${b64}`, 'abc=d', 'ab+_', 'é'.repeat(8)]) {
    assert.throws(
      () => decodeBase64Image(bad),
      (error: unknown) => error instanceof DocliveError && error.code === 'INVALID_BASE64' && /Accepted: standard base64/.test(error.message),
      JSON.stringify(bad),
    );
  }
});
