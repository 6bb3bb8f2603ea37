// Fonts for documents, registered once per process with Skia: text faces from @fontsource packages (dev
// dependencies) and OCR-B for the MRZ from Debian's fonts-ocr-b (installed by scripts/ci/install-system-packages.sh),
// so every machine renders the same glyphs.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

const require = createRequire(import.meta.url);

/** Canvas family name -> fontsource package and weights. */
const FONTSOURCE: Readonly<Record<string, { pkg: string; weights: readonly number[] }>> = {
  'Noto Sans': { pkg: 'noto-sans', weights: [400, 700] },
  'Noto Serif': { pkg: 'noto-serif', weights: [400, 700] },
  'PT Sans': { pkg: 'pt-sans', weights: [400, 700] },
  'PT Serif': { pkg: 'pt-serif', weights: [400, 700] },
  'Roboto Condensed': { pkg: 'roboto-condensed', weights: [400, 700] },
  'Barlow Condensed': { pkg: 'barlow-condensed', weights: [400, 600] },
  'Source Sans 3': { pkg: 'source-sans-3', weights: [400, 700] },
  'Libre Franklin': { pkg: 'libre-franklin', weights: [400, 700] },
  'EB Garamond': { pkg: 'eb-garamond', weights: [400, 700] },
  Cinzel: { pkg: 'cinzel', weights: [400, 700] },
  'Homemade Apple': { pkg: 'homemade-apple', weights: [400] },
  'Great Vibes': { pkg: 'great-vibes', weights: [400] },
  'Alex Brush': { pkg: 'alex-brush', weights: [400] },
  'Reenie Beanie': { pkg: 'reenie-beanie', weights: [400] },
  Yellowtail: { pkg: 'yellowtail', weights: [400] },
};

export const OCR_B = 'OCR-B';
export const OCR_B_PATH = '/usr/share/fonts/opentype/ocr-b/OCRB.otf';

export const SANS_FONTS = ['Noto Sans', 'PT Sans', 'Roboto Condensed', 'Barlow Condensed', 'Source Sans 3', 'Libre Franklin'] as const;
export const SERIF_FONTS = ['Noto Serif', 'PT Serif', 'EB Garamond', 'Cinzel'] as const;
export const SIGNATURE_FONTS = ['Homemade Apple', 'Great Vibes', 'Alex Brush', 'Reenie Beanie', 'Yellowtail'] as const;

let registered = false;

export function registerDocumentFonts(): void {
  if (registered) return;
  if (!existsSync(OCR_B_PATH)) {
    throw new Error(`OCR-B font missing at ${OCR_B_PATH}: install the Debian package fonts-ocr-b (scripts/ci/install-system-packages.sh does)`);
  }
  GlobalFonts.registerFromPath(OCR_B_PATH, OCR_B);
  for (const [family, { pkg, weights }] of Object.entries(FONTSOURCE)) {
    const dir = join(dirname(require.resolve(`@fontsource/${pkg}/package.json`)), 'files');
    for (const weight of weights) {
      const file = join(dir, `${pkg}-latin-${weight}-normal.woff2`);
      if (!existsSync(file)) throw new Error(`font file missing: ${file} (run npm ci)`);
      GlobalFonts.registerFromPath(file, family);
    }
  }
  registered = true;
}

/** CSS font string for the canvas; the family is quoted because several names contain spaces or digits. */
export function font(sizePx: number, family: string, weight: 400 | 600 | 700 = 400): string {
  return `${weight === 400 ? '' : `${weight} `}${sizePx.toFixed(2)}px "${family}"`;
}
