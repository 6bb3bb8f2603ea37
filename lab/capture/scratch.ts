// Frame-sized scratch planes reused from one image to the next within a worker thread. A 1080p float plane is 8 MB
// and the ISP and the blurs need several per image; allocating them fresh for every image kept the garbage
// collector busy (6 % of the generator's CPU). Each name is one buffer: its contents are garbage on entry, so only
// use it inside one synchronous call, and never hand it out (the caller owns what it returns).
const pool = new Map<string, Float32Array>();

/** A Float32Array of exactly `length` elements, owned by `name` until the next request for the same name. */
export function scratchF32(name: string, length: number): Float32Array {
  let buf = pool.get(name);
  if (!buf || buf.length < length) {
    buf = new Float32Array(length);
    pool.set(name, buf);
  }
  return buf.length === length ? buf : buf.subarray(0, length);
}

const pool64 = new Map<string, Float64Array>();

/** As `scratchF32`, for float64 accumulators. */
export function scratchF64(name: string, length: number): Float64Array {
  let buf = pool64.get(name);
  if (!buf || buf.length < length) {
    buf = new Float64Array(length);
    pool64.set(name, buf);
  }
  return buf.length === length ? buf : buf.subarray(0, length);
}
