// Ground truth for GLARE_ON_IMAGE on lab images: where does the lamp's reflection in the laminate clip the document?
// Each bona fide image is shot again from its own sidecar (seed, split, index) twice with the lab's own renderer:
// once as generated and once without the reflections of lights and room (lab/capture/render.ts `withoutSpecular`),
// developed with the first shot's exposure, so the two differ only by the specular light. The chunks
// train-*, val-*, test-* are lab version 1: the shots use version-1 lighting (no fill light, full white balance);
// the geometry, key light, panels and sensor draws are the seed's (the sidecar's params are checked against them).
// Both shots and the chunk's own image are rectified with the annotated quad and cut into the product's glare
// cells (src/quality/glare.ts): a cell is a glare cell of the lamp when it is specular in the image and not in the
// shot without the reflections. An image shows real glare when such cells of its own cover at least the threshold's
// share of the document (thresholds.ts glareCellFraction: the warning's own physical meaning).
//
//   node --import tsx lab/glare-truth.ts --manifest PATH[,PATH] --out /tmp/glare-truth-test.json [--step N]
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DocumentType, Point, Quad } from '../src/domain/types.js';
import { decodeImage } from '../src/image/decode.js';
import type { RgbImage } from '../src/image/types.js';
import { canonicalSize, landscapeOrder, rectify } from '../src/localisation/rectify.js';
import { createCapture } from './capture/index.js';
import type { SpecularProbe } from './capture/scene.js';
import { makeSampleOfClass, rngFor } from './generate.js';
import { manifestImagePath, readJsonLines, readSidecar } from './manifest-files.js';
import { loadLabParts } from './parts.js';
import { showsRealGlare, specularTruth } from './specular-truth.js';
import type { SpecularTruth } from './specular-truth.js';
import type { LabParts } from './parts.js';
import type { LabSample, LabSplit } from './types.js';

interface ManifestRow { image: string; quad: [number, number][]; document_type: DocumentType; label?: string; attack?: string | null }
interface Sidecar { index: number; seed: string; split: LabSplit; class: string; quad: [number, number][]; params: Record<string, unknown> }

export interface ImageTruth {
  readonly image: string;
  /** The chunk's own image, cells as the product sees them (with the regenerated no-reflection shot as reference). */
  readonly chunk: SpecularTruth;
  /** The version-1 re-shot with reflections against the one without. */
  readonly reshot: SpecularTruth;
  /**
   * The label: the chunk's own glare cells that are not there without the reflections cover the threshold's share.
   * (The re-shot's cells agree with the chunk's on all but a cell or two; `showsRealGlare(reshot)` is the label
   * from the generator alone.)
   */
  readonly realGlare: boolean;
  /** Whether the re-shot's geometry and key light are the sidecar's (same quad, lamp height and offset, camera). */
  readonly drawsMatchSidecar: boolean;
}

async function shoot(parts: LabParts, side: Sidecar, probe: SpecularProbe): Promise<LabSample> {
  const capture = createCapture({ secondDocument: async (rng) => parts.renderDocument({ rng, split: side.split }), options: { specularProbe: probe } });
  const made = await makeSampleOfClass('bona_fide', rngFor(side.index, side.seed, side.split), side.split, { ...parts, capture });
  return made.sample;
}

async function rectified(bytes: Uint8Array, quad: Quad, type: DocumentType): Promise<RgbImage> {
  const decoded = await decodeImage(bytes, { maxImagePixels: 5e7 });
  const size = canonicalSize(type, 1.5);
  return rectify(decoded.image, quad, size.width, size.height);
}

/** The draws a version-1 sidecar recorded that the re-shot must reproduce (fields added later are left out). */
function sameDraws(side: Sidecar, shot: LabSample): boolean {
  const pick = (p: Record<string, unknown>): unknown => {
    const cam = { ...(p['camera'] as Record<string, unknown>) }, light = { ...(p['lighting'] as Record<string, unknown>) };
    delete cam['closeUp'];
    delete light['fill'];
    return { cam, light, width: p['width'], height: p['height'], encoding: p['encoding'], lens: p['lens'] };
  };
  return JSON.stringify(pick(side.params)) === JSON.stringify(pick(shot.params)) && JSON.stringify(side.quad) === JSON.stringify(shot.quads[0]);
}

export async function imageTruth(path: string, row: ManifestRow, parts: LabParts): Promise<ImageTruth> {
  const side = readSidecar<Sidecar>(path);
  let metered: number | undefined;
  const real = await shoot(parts, side, { withoutSpecular: false, version1Light: true, onMetered: (m) => { metered = m; } });
  if (metered === undefined) throw new Error(`${path}: the capture did not report its metered exposure`);
  const bare = await shoot(parts, side, { withoutSpecular: true, version1Light: true, meteredMean: metered });
  const quad = landscapeOrder(row.quad.map(([x, y]) => [x, y] as Point) as unknown as Quad);
  const [chunkDoc, realDoc, bareDoc] = await Promise.all([
    rectified(readFileSync(path), quad, row.document_type),
    rectified(real.bytes, quad, row.document_type),
    rectified(bare.bytes, quad, row.document_type),
  ]);
  const chunk = specularTruth(chunkDoc, bareDoc);
  return { image: path, chunk, reshot: specularTruth(realDoc, bareDoc), realGlare: showsRealGlare(chunk), drawsMatchSidecar: sameDraws(side, real) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { manifest: { type: 'string' }, out: { type: 'string' }, step: { type: 'string', default: '1' } } });
  if (values.manifest === undefined || values.out === undefined) {
    throw new Error('usage: node --import tsx lab/glare-truth.ts --manifest PATH[,PATH] --out FILE.json [--step N] (lab chunk manifests; bona fide images only)');
  }
  const step = Number(values.step);
  if (!Number.isInteger(step) || step < 1) throw new Error(`--step takes a whole number >= 1, got "${values.step}"`);
  const rows = values.manifest.split(',').flatMap((m) => readJsonLines<ManifestRow>(m).map((r) => ({ ...r, image: manifestImagePath(m, r.image) })))
    .filter((r) => (r.attack ?? r.label) === 'bona_fide' || r.label === 'bona_fide')
    .filter((_, i) => i % step === 0);
  const partsBySplit = new Map<string, LabParts>();
  const out: ImageTruth[] = [];
  for (const row of rows) {
    const split = readSidecar<Sidecar>(row.image).split;
    let parts = partsBySplit.get(split);
    if (!parts) partsBySplit.set(split, parts = await loadLabParts(split));
    const t = await imageTruth(row.image, row, parts);
    out.push(t);
    process.stderr.write(`${row.image}: reshot glare ${t.reshot.glareFraction.toFixed(4)} lamp ${t.reshot.specularFraction.toFixed(4)}, chunk glare ${t.chunk.glareFraction.toFixed(4)}${t.drawsMatchSidecar ? '' : ' (draws differ from the sidecar)'}\n`);
  }
  writeFileSync(values.out, JSON.stringify(out, null, 1));
  console.log(JSON.stringify({ images: out.length, realGlare: out.filter((t) => t.realGlare).length, realGlareReshot: out.filter((t) => showsRealGlare(t.reshot)).length, drawsMatchSidecar: out.filter((t) => t.drawsMatchSidecar).length, out: values.out }, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: Error) => { process.stderr.write(`${err.message}\n`); process.exitCode = 2; });
}
