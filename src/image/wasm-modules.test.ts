import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileWat, WASM_MODULES } from '../../scripts/compile-wat.js';

test('each committed WebAssembly module is the compile of its committed text (scripts/build-wasm.ts)', async () => {
  for (const { name, constant } of WASM_MODULES) {
    const committed = ((await import(`./${name}-wasm.js`)) as Record<string, string>)[constant];
    const wat = readFileSync(new URL(`./${name}.wat`, import.meta.url), 'utf8');
    assert.equal(Buffer.from(await compileWat(wat, `${name}.wat`)).toString('base64'), committed, `${name}: run node --import tsx scripts/build-wasm.ts`);
  }
});
