// WebAssembly text -> binary with wabt (dev dependency), SIMD enabled; shared by scripts/build-wasm.ts and the test
// that checks the committed bytes.
import wabtInit from 'wabt';

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
