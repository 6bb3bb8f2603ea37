// Can a phone capture of a lab printed copy resolve the print's structure? For every printed copy of the given
// manifests: the capture's sampling of the document (pixels per mm: the quad's long side over the printed
// document's width), the halftone screen (colour laser: lpi / 25.4 lines per mm) and the device dots (dpi / 25.4)
// in cycles per capture pixel. Above 0.5 cycles/pixel (Nyquist) the renderer's mip-mapped texture sampling
// (lab/capture/texture.ts) averages the pattern away instead of aliasing it, so no spectral peak can survive in
// the file; below it the screen is resolved and woodpecker-pc's halftone group can see it.
// Usage: node --import tsx lab/measure-print-resolution.ts MANIFEST [...]
import { readJsonLines, readSidecar } from './manifest-files.js';

interface Row { readonly image: string; readonly label: string }
interface Sidecar {
  readonly quad: readonly (readonly [number, number])[];
  readonly document_type: string;
  readonly params: { readonly attack?: { readonly kind?: string; readonly process?: string; readonly halftoneLpi?: number | null; readonly dpi?: number; readonly printScale?: number } };
}

const manifests = process.argv.slice(2);
if (manifests.length === 0) {
  process.stderr.write('usage: measure-print-resolution.ts MANIFEST [...]  (lab manifests with absolute image paths)\n');
  process.exit(2);
}
const byProcess = new Map<string, { pxPerMm: number[]; screen: number[]; dots: number[] }>();
for (const manifest of manifests) {
  for (const row of readJsonLines<Row>(manifest)) {
    if (row.label !== 'attack') continue;
    const side = readSidecar<Sidecar>(row.image);
    const a = side.params.attack;
    if (a?.kind !== 'printed-copy' || a.process === undefined || a.dpi === undefined) continue;
    const [p0, p1, p2, p3] = side.quad as [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];
    const d = (p: readonly [number, number], q: readonly [number, number]): number => Math.hypot(p[0] - q[0], p[1] - q[1]);
    const longSidePx = Math.max((d(p0, p1) + d(p2, p3)) / 2, (d(p1, p2) + d(p3, p0)) / 2);
    const widthMm = (side.document_type === 'PASSPORT' ? 125 : 85.6) * (a.printScale ?? 1);
    const pxPerMm = longSidePx / widthMm;
    const entry = byProcess.get(a.process) ?? { pxPerMm: [], screen: [], dots: [] };
    entry.pxPerMm.push(pxPerMm);
    if (a.halftoneLpi) entry.screen.push(a.halftoneLpi / 25.4 / pxPerMm);
    entry.dots.push(a.dpi / 25.4 / pxPerMm);
    byProcess.set(a.process, entry);
  }
}
const q = (v: number[], p: number): number => [...v].sort((x, y) => x - y)[Math.min(v.length - 1, Math.floor(p * v.length))]!;
const spread = (v: number[]): string => `p10 ${q(v, 0.1).toFixed(2)} / median ${q(v, 0.5).toFixed(2)} / p90 ${q(v, 0.9).toFixed(2)}`;
for (const [process_, e] of byProcess) {
  const resolved = (v: number[]): string => `${v.filter((c) => c < 0.5).length} of ${v.length} below 0.5 cycles/px`;
  console.log(`${process_} (${e.pxPerMm.length}): document sampled at ${spread(e.pxPerMm)} px/mm`);
  if (e.screen.length > 0) console.log(`  halftone screen: ${spread(e.screen)} cycles/px; ${resolved(e.screen)}`);
  console.log(`  device dots: ${spread(e.dots)} cycles/px; ${resolved(e.dots)}`);
}
