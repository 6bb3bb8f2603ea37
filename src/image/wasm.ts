// Instantiates the small WebAssembly modules of src/image (their bytes are committed as base64, built by
// scripts/build-wasm.ts), and grows their memory on demand.

/** The part of Node's WebAssembly global used here (the project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: object };
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE_BYTES = 65536;

/** The exports of the module whose bytes are `base64` (no imports), typed by the caller. */
export function instantiate<Exports extends { readonly memory: WasmMemory }>(base64: string): Exports {
  const { Module, Instance } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  return new Instance(new Module(Buffer.from(base64, 'base64'))).exports as Exports;
}

/** Grows `memory` to at least `bytes` bytes (views on the old buffer are detached when it grows). */
export function ensureBytes(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
}
