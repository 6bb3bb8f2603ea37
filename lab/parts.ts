// The pieces the generator assembles: document rendering (lab/documents), the capture path and the attacks.
// Each attack class maps to one function of the AttackContext.
import type { AttackContext, CaptureFn, DocumentRender, LabClass, LabDocumentType, LabSample, LabSplit } from './types.js';
import type { Rng } from './rng.js';
import { createCapture } from './capture/index.js';
import { renderDocument } from './documents/index.js';
import { portraitSubstitution, portraitSubstitutionOfKind, type PortraitSubstitutionKind } from './attacks/portrait-substitution.js';
import { digitalManipulation } from './attacks/digital-manipulation.js';
import { screenReplay } from './attacks/screen-replay.js';
import { printedCopy } from './attacks/printed-copy.js';
import type { PrintCut, PrintProcess } from './capture/print.js';

export type AttackFn = (ctx: AttackContext) => Promise<LabSample>;
export type RenderDocumentFn = (opts: { rng: Rng; split: LabSplit; documentType?: LabDocumentType; family?: string; faceId?: string }) => Promise<DocumentRender>;

export interface LabPartsOptions {
  /** Fixed frame size for every capture (benchmarks). */
  readonly resolution?: readonly [number, number];
  /** Room photos from ../shared/data behind hand-held documents (default on; off for committed sheets). */
  readonly photoBackdrops?: boolean;
  /** Every printed copy by this process (default: drawn from the mix). */
  readonly printProcess?: PrintProcess;
  /** Screen replays with an off-axis panel fall-off (default off: older chunks stay reproducible). */
  readonly screenFalloff?: boolean;
  /** Screen replays white-balanced by the frame they fill, close-ups with a bezel / keyboard band (default off). */
  readonly screenAwb?: boolean;
  /** Real rooms' colour casts on every capture, bona fide and attacks alike (capture/room-cast.ts; default off). */
  readonly roomCast?: boolean;
  /** How printed copies that are not whole pages are cut out (attacks/printed-copy.ts; default 'default'). */
  readonly printCut?: PrintCut;
  /** A phone ISP's spatial noise reduction on every capture, bona fide and attacks alike (capture/isp-denoise.ts; default off). */
  readonly ispDenoise?: 'phone';
  /** Every portrait substitution of this kind (default: drawn per image, so older chunks stay reproducible). */
  readonly portraitKind?: PortraitSubstitutionKind;
}

export interface LabParts {
  readonly renderDocument: RenderDocumentFn;
  readonly capture: CaptureFn;
  readonly attacks: Readonly<Record<Exclude<LabClass, 'bona_fide'>, AttackFn>>;
}

/** The real parts: rendered documents, the camera, and the four attacks. */
export async function loadLabParts(split: LabSplit, options: LabPartsOptions = {}): Promise<LabParts> {
  const captureOptions = options.resolution || options.photoBackdrops === false || options.roomCast || options.ispDenoise
    ? { ...(options.resolution ? { resolution: options.resolution } : {}), ...(options.photoBackdrops === false ? { photoBackdrops: false } : {}), ...(options.roomCast ? { roomCast: true } : {}), ...(options.ispDenoise === 'phone' ? { ispDenoise: 'phone' as const } : {}) }
    : null;
  const render: RenderDocumentFn = renderDocument;
  return {
    renderDocument: render,
    capture: createCapture({
      secondDocument: async (rng) => render({ rng, split }),
      ...(captureOptions ? { options: captureOptions } : {}),
    }),
    attacks: {
      SCREEN_REPLAY: (ctx) => screenReplay(ctx, { ...(captureOptions ? { capture: captureOptions } : {}), ...(options.screenFalloff ? { viewingFalloff: true } : {}), ...(options.screenAwb ? { frameWhiteBalance: true } : {}) }),
      PRINTED_COPY: (ctx) => printedCopy(ctx, { ...(captureOptions ? { capture: captureOptions } : {}), ...(options.printProcess ? { process: options.printProcess } : {}), ...(options.printCut === 'card' ? { cut: 'card' as const } : {}) }),
      PORTRAIT_SUBSTITUTION: options.portraitKind ? portraitSubstitutionOfKind(options.portraitKind) : portraitSubstitution,
      DIGITAL_MANIPULATIONS: digitalManipulation,
    },
  };
}
