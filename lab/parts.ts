// The pieces the generator assembles: document rendering (lab/documents), the capture path and the attacks.
// Each attack class maps to one function of the AttackContext.
import type { AttackContext, CaptureFn, DocumentRender, LabClass, LabDocumentType, LabSample, LabSplit } from './types.js';
import type { Rng } from './rng.js';
import { createCapture } from './capture/index.js';
import { renderDocument } from './documents/index.js';
import { screenReplay } from './attacks/screen-replay.js';
import { printedCopy } from './attacks/printed-copy.js';

export type AttackFn = (ctx: AttackContext) => Promise<LabSample>;
export type RenderDocumentFn = (opts: { rng: Rng; split: LabSplit; documentType?: LabDocumentType; family?: string; faceId?: string }) => Promise<DocumentRender>;

export interface LabPartsOptions {
  /** Fixed frame size for every capture (benchmarks). */
  readonly resolution?: readonly [number, number];
  /** Room photos from ../shared/data behind hand-held documents (default on; off for committed sheets). */
  readonly photoBackdrops?: boolean;
}

export interface LabParts {
  readonly renderDocument: RenderDocumentFn;
  readonly capture: CaptureFn;
  readonly attacks: Readonly<Record<Exclude<LabClass, 'bona_fide'>, AttackFn>>;
}

/**
 * The real parts. The portrait / digital attacks (branch lab-digital) are loaded by module path so this branch
 * builds before that merge; a missing part fails with a clear message only when an image needs it.
 */
export async function loadLabParts(split: LabSplit, options: LabPartsOptions = {}): Promise<LabParts> {
  const portrait = await optionalModule('./attacks/portrait-substitution.js');
  const digital = await optionalModule('./attacks/digital-manipulation.js');
  const missing = (what: string, branch: string) => async (): Promise<never> => {
    throw new Error(`${what} is not available: merge branch ${branch} (lab/attacks) first`);
  };
  const captureOptions = options.resolution || options.photoBackdrops === false
    ? { ...(options.resolution ? { resolution: options.resolution } : {}), ...(options.photoBackdrops === false ? { photoBackdrops: false } : {}) }
    : null;
  const render: RenderDocumentFn = renderDocument;
  return {
    renderDocument: render,
    capture: createCapture({
      secondDocument: async (rng) => render({ rng, split }),
      ...(captureOptions ? { options: captureOptions } : {}),
    }),
    attacks: {
      SCREEN_REPLAY: (ctx) => screenReplay(ctx, captureOptions ? { capture: captureOptions } : {}),
      PRINTED_COPY: (ctx) => printedCopy(ctx, captureOptions ? { capture: captureOptions } : {}),
      PORTRAIT_SUBSTITUTION: (portrait?.['portraitSubstitution'] as AttackFn | undefined) ?? missing('portraitSubstitution', 'lab-digital'),
      DIGITAL_MANIPULATIONS: (digital?.['digitalManipulation'] as AttackFn | undefined) ?? missing('digitalManipulation', 'lab-digital'),
    },
  };
}

async function optionalModule(path: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(path)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(path.replace('./', '').replace('.js', ''))) return null;
    throw err;
  }
}
