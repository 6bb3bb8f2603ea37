// Colourlessness of the document: grey copies and greyscale images carry one hue at most (the light's), colour
// documents carry several. The light's cast is removed first (grey-world on the document's bright pixels), then
// the chroma left in the pixels is measured; warm, cold or dim light shifts every pixel alike and is removed.
import type { RgbImage } from '../image/types.js';

export interface ColourStats {
  /** 95th percentile of chroma after removing the cast, on a 0..~1 scale relative to brightness. */
  readonly chromaP95: number;
  /** Fraction of pixels with chroma above 0.12 after cast removal. */
  readonly colourfulFraction: number;
}

export function colourStats(doc: RgbImage): ColourStats {
  const { data } = doc;
  const n = doc.width * doc.height;
  // Cast from the brighter half of the pixels (paper / card white), which reflect the light's colour.
  let sr = 0, sg = 0, sb = 0, count = 0;
  for (let i = 0; i < n; i++) {
    const r = data[i * 3] as number, g = data[i * 3 + 1] as number, b = data[i * 3 + 2] as number;
    if (r + g + b < 3 * 96) continue;
    sr += r; sg += g; sb += b; count++;
  }
  if (count === 0) { for (let i = 0; i < n; i++) { sr += data[i * 3] as number; sg += data[i * 3 + 1] as number; sb += data[i * 3 + 2] as number; } count = n; }
  const mean = (sr + sg + sb) / (3 * count);
  const kr = mean / Math.max(1, sr / count), kg = mean / Math.max(1, sg / count), kb = mean / Math.max(1, sb / count);
  const chromas: number[] = [];
  let colourful = 0, used = 0;
  for (let i = 0; i < n; i += 2) {
    const r = (data[i * 3] as number) * kr, g = (data[i * 3 + 1] as number) * kg, b = (data[i * 3 + 2] as number) * kb;
    const brightness = (r + g + b) / 3;
    // Dark pixels: chroma is noise there.
    if (brightness < 40) continue;
    const max = Math.max(r, g, b), min = Math.min(r, g, b);
    const chroma = (max - min) / Math.max(brightness, 64);
    chromas.push(chroma);
    used++;
    if (chroma > 0.12) colourful++;
  }
  if (chromas.length === 0) return { chromaP95: 0, colourfulFraction: 0 };
  chromas.sort((a, b) => a - b);
  return { chromaP95: chromas[Math.floor(chromas.length * 0.95)] as number, colourfulFraction: colourful / used };
}
