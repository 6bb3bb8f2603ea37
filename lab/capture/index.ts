// The bona fide capture path: the flat document placed in a scene and photographed by the phone camera model.
import type { CaptureFn, DocumentRender, LabSample } from '../types.js';
import type { Rng } from '../rng.js';
import { cardSubject } from './card.js';
import { captureSubject } from './scene.js';
import type { CaptureOptions } from './scene.js';

export { captureSubject, drawResolution } from './scene.js';
export type { Subject, CaptureOptions, CaptureResult } from './scene.js';
export { cardSubject } from './card.js';

export interface CaptureSetup {
  /** Supplies another document for the occasional two-document photo (e.g. renderDocument with a forked rng). */
  readonly secondDocument?: (rng: Rng) => Promise<DocumentRender>;
  /** Probability of a second document when `secondDocument` is given. */
  readonly secondProbability?: number;
  readonly options?: CaptureOptions;
}

/** Builds a capture function; `captureDocument` below is the plain one (one document per photo). */
export function createCapture(setup: CaptureSetup = {}): CaptureFn {
  return async (doc: DocumentRender, rng: Rng): Promise<LabSample> => {
    const card = cardSubject(doc, rng.fork('card'));
    let second = null;
    let secondFamily: string | null = null;
    const pick = rng.fork('second');
    if (setup.secondDocument && pick.bool(setup.secondProbability ?? 0.08)) {
      const other = await setup.secondDocument(pick.fork('document'));
      second = cardSubject(other, pick.fork('card')).subject;
      secondFamily = other.family;
    }
    const shot = await captureSubject(rng.fork('capture'), card.subject, { ...setup.options, second });
    return {
      bytes: shot.bytes,
      extension: 'jpg',
      label: 'bona_fide',
      attack: null,
      quads: shot.quads,
      documentType: doc.documentType,
      portraitQuad: shot.portraitQuad,
      params: { ...shot.params, document: { family: doc.family, faceId: doc.faceId, ...card.params, secondFamily } },
    };
  };
}

export const captureDocument: CaptureFn = createCapture();
