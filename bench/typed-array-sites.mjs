// Benchmark helper (not a test, not product code): a preload that records where large typed arrays are allocated.
// Every global typed-array constructor is replaced by a subclass that, for a fresh allocation of >= 64 KiB (not a
// view on an existing buffer, as subarray() makes), records the bytes against the first stack frame in src/ or lab/.
// At exit it prints the top sites by bytes, divided by DOCLIVE_ALLOC_CHECKS (the number of checks run) if set.
//   DOCLIVE_ALLOC_CHECKS=18 [DOCLIVE_ALLOC_DEPTH=2] node --import ./bench/typed-array-sites.mjs --import tsx bench/end-to-end.ts --rounds 3 DIR
// Subclass instances behave like the originals apart from `.constructor`; use it only to find sites, never to time.
const MIN_BYTES = 64 * 1024;
// DOCLIVE_ALLOC_DEPTH=2 names each site by its first two src/ frames (who called the allocating helper).
const DEPTH = Math.max(1, Number(process.env.DOCLIVE_ALLOC_DEPTH ?? '1') || 1);
const sites = new Map();
const names = ['Float64Array', 'Float32Array', 'Uint8Array', 'Uint8ClampedArray', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array'];
const srcFrame = /\((\/[^)]*\/(?:src|lab)\/[^)]*)\)|at (\/[^ ]*\/(?:src|lab)\/\S*)/;
function record(kind, bytes) {
  if (bytes < MIN_BYTES) return;
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = saved;
  const lines = stack.split('\n').slice(3);
  const frames = [];
  for (const line of lines) {
    const m = srcFrame.exec(line);
    if (m) frames.push((m[1] ?? m[2]).replace(/^.*\/(src|lab)\//, '$1/') + ' ' + line.trim().split(' ')[1]);
    if (frames.length === DEPTH) break;
  }
  const site = frames.length > 0 ? frames.join(' < ') : '(no src frame) ' + (lines[0] ?? '').trim();
  const key = `${kind} ${site}`;
  const entry = sites.get(key) ?? { bytes: 0, count: 0 };
  entry.bytes += bytes;
  entry.count += 1;
  sites.set(key, entry);
}
for (const name of names) {
  const Base = globalThis[name];
  const Traced = class extends Base {
    constructor(...args) {
      super(...args);
      const first = args[0];
      if (!(first instanceof ArrayBuffer) && !(typeof SharedArrayBuffer !== 'undefined' && first instanceof SharedArrayBuffer)) record(name, this.byteLength);
    }
  };
  Object.defineProperty(Traced, 'name', { value: name });
  // Arrays made by the engine (TextEncoder, Buffer) are instances of the original: instanceof must still say so.
  Object.defineProperty(Traced, Symbol.hasInstance, { value: (x) => x instanceof Base });
  globalThis[name] = Traced;
}
process.on('exit', () => {
  const checks = Number(process.env.DOCLIVE_ALLOC_CHECKS ?? '1') || 1;
  const rows = [...sites].sort((a, b) => b[1].bytes - a[1].bytes);
  const total = rows.reduce((n, [, e]) => n + e.bytes, 0);
  process.stdout.write(`\ntyped arrays >= 64 KiB: ${(total / checks / 1e6).toFixed(1)} MB per check (${checks} checks), top sites:\n| MB per check | arrays per check | site |\n|---|---|---|\n`);
  for (const [key, e] of rows.slice(0, 30)) process.stdout.write(`| ${(e.bytes / checks / 1e6).toFixed(2)} | ${(e.count / checks).toFixed(1)} | ${key} |\n`);
});
