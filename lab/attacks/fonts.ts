// UI and retyping fonts from npm (@fontsource/*: the same files on every machine). Registered with Skia once.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

export type UiFontFamily = 'roboto' | 'inter' | 'arimo';
const require = createRequire(import.meta.url);

/** Path of the Latin woff2 file of a family and weight. */
export function fontPath(family: UiFontFamily, weight: 400 | 500 | 600 | 700): string {
  const dir = dirname(require.resolve(`@fontsource/${family}`));
  return join(dir, 'files', `${family}-latin-${weight}-normal.woff2`);
}

const registered = new Set<string>();

/** Registers (once) and returns the CSS family name to use in ctx.font, e.g. "LabInter600". */
export function uiFont(family: UiFontFamily, weight: 400 | 500 | 600 | 700): string {
  const name = `Lab${family[0]!.toUpperCase()}${family.slice(1)}${weight}`;
  if (!registered.has(name)) {
    const key = GlobalFonts.registerFromPath(fontPath(family, weight), name);
    if (!key) throw new Error(`could not register font ${fontPath(family, weight)}`);
    registered.add(name);
  }
  return name;
}
