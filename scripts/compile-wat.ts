// WebAssembly text -> binary with wabt (dev dependency), SIMD enabled; shared by scripts/build-wasm.ts and the test
// that checks the committed bytes.
import wabtInit from 'wabt';

/** The modules of src/image: <name>.wat compiles to <name>-wasm.ts, which exports the base64 as `constant`. */
export const WASM_MODULES = [
  { name: 'closing7', constant: 'CLOSING7_WASM_BASE64' },
] as const;

export async function compileWat(text: string, name: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(name, text, { simd: true });
  try {
    module.validate();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}
