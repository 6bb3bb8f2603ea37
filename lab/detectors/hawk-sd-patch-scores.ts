// Scores of hawk-sd's patch CNN over a document raster: a bounded number of 64x64 patches on the last encode's
// grid (patch-input.ts), run as one onnxruntime batch; the document's evidence is the strongest patch and the mean
// of the few strongest (an edited field covers one or two patches, not the document).
import type { Plane, Rect } from '../../src/features/planes.js';
import type { ModelSession } from '../../src/inference/session.js';
import { PATCH_CHANNELS, PATCH_SIDE, PATCH_VALUES, patchOrigins, writePatchCHW } from './hawk-sd-patch-input.js';

/** Patches scored per document (cost bound: ~0.1-0.2 ms each on one core). */
export const MAX_CNN_PATCHES = 48;
/** The strongest patches averaged for `top`. */
export const TOP_PATCHES = 3;

export interface PatchScores {
  /** P(inside an edit) per patch, in the order of `origins`. */
  readonly scores: Float32Array;
  /** Top-left corner of each patch in the raster's pixels. */
  readonly origins: ReadonlyArray<readonly [number, number]>;
}

/** The CNN's P(edit) for patches spread over `region` of `plane` on the grid at (phaseX, phaseY). */
export async function scorePatches(session: ModelSession, plane: Plane, region: Rect, phaseX: number, phaseY: number, maxPatches = MAX_CNN_PATCHES, minStride?: number): Promise<PatchScores> {
  const origins = patchOrigins(region, phaseX, phaseY, maxPatches, minStride);
  if (origins.length === 0) return { scores: new Float32Array(0), origins };
  const input = new Float32Array(origins.length * PATCH_VALUES);
  origins.forEach(([x, y], k) => writePatchCHW(plane, x, y, input, k * PATCH_VALUES));
  const out = await session.run({ [session.inputNames[0]!]: { dims: [origins.length, PATCH_CHANNELS, PATCH_SIDE, PATCH_SIDE], data: input } });
  const probabilities = out.probabilities;
  if (probabilities === undefined) throw new Error(`patch CNN has no 'probabilities' output (outputs: ${Object.keys(out).join(', ')})`);
  return { scores: Float32Array.from(probabilities.data), origins };
}

/** The strongest patch score and the mean of the TOP_PATCHES strongest (0 and 0 without patches). */
export function patchCnnCues(scores: Float32Array): { max: number; top: number } {
  if (scores.length === 0) return { max: 0, top: 0 };
  const sorted = Float32Array.from(scores).sort().reverse();
  const k = Math.min(TOP_PATCHES, sorted.length);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += sorted[i]!;
  return { max: sorted[0]!, top: sum / k };
}
