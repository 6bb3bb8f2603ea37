/**
 * Takes ownership of the image bytes without copying them: the ArrayBuffer under `view` is moved (the caller's
 * view is detached, length 0) and returned. When the view covers only part of its buffer, the rest may belong to
 * other data (Node's shared Buffer pool for small Buffers), so those bytes are copied once instead.
 */
export function takeImageBytes(view: Uint8Array): ArrayBuffer {
  const { buffer } = view;
  const ownsWholeBuffer = buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength;
  // new Uint8Array(view) copies (a Buffer's slice() would not).
  if (!ownsWholeBuffer) return new Uint8Array(view).buffer;
  // structuredClone with a transfer list moves the backing store (Node 20 has no ArrayBuffer.prototype.transfer).
  return structuredClone(buffer, { transfer: [buffer] });
}
