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

/** Replaces raw U+0000..U+001F inside JSON string literals by \u00XX escapes; text outside strings is untouched. */
export function escapeControlCharsInStrings(text: string): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!inString) {
      if (code === 0x22) inString = true;
      continue;
    }
    if (code === 0x5c) i++; // backslash: skip the escaped character
    else if (code === 0x22) inString = false;
    else if (code < 0x20) {
      parts.push(text.slice(copiedUpTo, i), `\\u${code.toString(16).padStart(4, '0')}`);
      copiedUpTo = i + 1;
    }
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}
