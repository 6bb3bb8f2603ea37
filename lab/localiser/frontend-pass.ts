// One image through the product's front-end plus the classical localisation of its working image, as the
// localisation lab tools (failures.ts, containers.ts) read them: the front-end's answer, the full-resolution and
// working images, the scale between them and the classical localiser's candidates and hypotheses.
import type { Point, Quad } from '../../src/domain/types.js';
import { runFrontEnd } from '../../src/analysis/frontend.js';
import type { RgbImage } from '../../src/image/types.js';
import { downscale } from '../../src/image/raster.js';
import { decodeImage } from '../../src/image/decode.js';
import { localise, WORKING_SIDE } from '../../src/localisation/localise.js';
import { LearnedLocaliser } from '../../src/localisation/learned.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../../src/portrait/tiny-face-detector.js';

/** The models the product's front-end runs (the shipped portrait face detector and learned localiser). */
export interface FrontEndModels {
  readonly faces: TinyFaceDetector;
  readonly localiser: LearnedLocaliser;
  dispose(): Promise<void>;
}

export async function loadFrontEndModels(): Promise<FrontEndModels> {
  const faces = await TinyFaceDetector.load(`models/${PORTRAIT_FACE_MODEL}`);
  const localiser = await LearnedLocaliser.load('models/localiser');
  return { faces, localiser, dispose: async () => { await faces.dispose(); await localiser.dispose(); } };
}

export interface FrontEndPass {
  readonly result: Awaited<ReturnType<typeof runFrontEnd>>;
  readonly full: RgbImage;
  readonly working: RgbImage;
  /** A working-image quad in full-resolution pixels. */
  readonly toFull: (q: Quad) => Quad;
  readonly loc: ReturnType<typeof localise>;
}

export async function frontEndPass(bytes: Buffer, models: FrontEndModels): Promise<FrontEndPass> {
  const result = await runFrontEnd(bytes, { faces: models.faces, localiser: models.localiser }, { maxImagePixels: 50_000_000 });
  const full = (await decodeImage(bytes, { maxImagePixels: 50_000_000 })).image;
  const working = await downscale(full, WORKING_SIDE);
  const s = full.width / working.width;
  const toFull = (q: Quad): Quad => q.map(([x, y]) => [x * s, y * s] as Point) as unknown as Quad;
  return { result, full, working, toFull, loc: localise(working) };
}
