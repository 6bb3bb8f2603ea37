import secureJson from 'secure-json-parse';

/**
 * JSON.parse that also accepts raw control characters (line breaks, tabs) inside strings, escaping them first.
 * The reference documentation's curl example builds the body as '{"image": "'"$(base64 file)"'", ...}', and
 * `base64` wraps its output every 76 characters, so real clients send raw newlines inside the image string.
 * Everything else follows strict JSON; __proto__ / constructor keys are rejected (secure-json-parse).
 */
export function parseLenientJson(text: string): unknown {
  const options = { protoAction: 'error', constructorAction: 'error' } as const;
  try {
    return secureJson.parse(text, null, options);
  } catch (strictError) {
    const escaped = escapeControlCharsInStrings(text);
    if (escaped === text) throw strictError;
    return secureJson.parse(escaped, null, options);
  }
}

const STRING_SPECIAL = /[\u0000-\u001f"\\]/g;

/**
 * Replaces raw U+0000..U+001F inside JSON string literals by \u00XX escapes; text outside strings is untouched.
 * Jumps between quotes and special characters with indexOf / a native regex scan, so a 30 MB body with a line
 * break every 77 characters costs tens of milliseconds, not a JavaScript loop over every character.
 */
export function escapeControlCharsInStrings(text: string): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let position = 0;
  for (;;) {
    const open = text.indexOf('"', position);
    if (open === -1) break;
    position = open + 1;
    // Inside a string: find its end, skipping escapes and escaping raw control characters.
    for (;;) {
      STRING_SPECIAL.lastIndex = position;
      const match = STRING_SPECIAL.exec(text);
      if (match === null) {
        position = text.length; // unterminated string: JSON.parse will report it
        break;
      }
      const at = match.index;
      const code = text.charCodeAt(at);
      if (code === 0x22) {
        position = at + 1;
        break;
      }
      if (code === 0x5c) {
        position = at + 2;
        continue;
      }
      parts.push(text.slice(copiedUpTo, at), `\\u${code.toString(16).padStart(4, '0')}`);
      copiedUpTo = at + 1;
      position = at + 1;
    }
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}
