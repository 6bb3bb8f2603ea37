// Entry point of document rendering: picks a layout family and a face of the requested split (never one of another
// split) and renders a procedural document or a specimen scan.
import { listFaces, loadFacePortrait } from '../faces.js';
import { sexOfFace } from '../faces-catalogue.js';
import type { Rng } from '../rng.js';
import { familiesFor, isLabSplit, splitOfFace, splitOfFamily } from '../split.js';
import type { DocumentRender, LabDocumentType, LabSplit } from '../types.js';
import { renderProcedural } from './render.js';
import { renderSpecimen } from './specimens.js';
import { PROCEDURAL_FAMILIES } from './family-ids.js';

export { td1, td3, checkDigit } from './mrz.js';

export interface RenderDocumentOptions {
  readonly rng: Rng;
  readonly split: LabSplit;
  readonly documentType?: LabDocumentType;
  /** A family of this split: "id-01".."id-10", "pass-01".."pass-06" or "specimen:<file>". */
  readonly family?: string;
  /** A face of this split (file name in shared/data/faces). */
  readonly faceId?: string;
}

/** Share of documents drawn from the specimen scans when no family is asked for. */
const SPECIMEN_SHARE = 0.15;

export async function renderDocument(opts: RenderDocumentOptions): Promise<DocumentRender> {
  if (!isLabSplit(opts.split)) throw new Error(`renderDocument: split "${String(opts.split)}" is not one of train, val, test`);
  if (opts.documentType !== undefined && opts.documentType !== 'ID_CARD' && opts.documentType !== 'PASSPORT') {
    throw new Error(`renderDocument: documentType "${String(opts.documentType)}" is not one of ID_CARD, PASSPORT`);
  }
  const rng = opts.rng.fork('document');
  const family = opts.family ?? pickFamily(rng, opts.split, opts.documentType);
  const familySplit = splitOfFamily(family);
  if (familySplit !== opts.split) {
    throw new Error(`family "${family}" belongs to the ${familySplit} split, not ${opts.split}: the split rule keeps designs apart`);
  }
  if (family.startsWith('specimen:')) {
    const doc = await renderSpecimen(family);
    if (opts.documentType && doc.documentType !== opts.documentType) {
      throw new Error(`family "${family}" is a ${doc.documentType}, but ${opts.documentType} was asked for`);
    }
    return doc;
  }
  const procedural = PROCEDURAL_FAMILIES.find((f) => f.id === family);
  if (procedural && opts.documentType && procedural.documentType !== opts.documentType) {
    throw new Error(`family "${family}" is a ${procedural.documentType}, but ${opts.documentType} was asked for`);
  }
  const faces = listFaces(opts.split);
  const faceId = opts.faceId ?? rng.pick(faces);
  const faceSplit = splitOfFace(faceId);
  if (faceSplit !== opts.split) {
    throw new Error(`face "${faceId}" belongs to the ${faceSplit} split, not ${opts.split}: the split rule keeps faces apart`);
  }
  const face = await loadFacePortrait(faceId);
  return renderProcedural({ rng: rng.fork('render'), family, faceId, face: face.image, faceGeometry: face.face, sex: sexOfFace(faceId) });
}

function pickFamily(rng: Rng, split: LabSplit, documentType?: LabDocumentType): string {
  const all = familiesFor(split, documentType);
  const specimens = all.filter((f) => f.startsWith('specimen:'));
  const procedural = all.filter((f) => !f.startsWith('specimen:'));
  if (procedural.length === 0 && specimens.length === 0) throw new Error(`no layout family for split ${split}${documentType ? ` and ${documentType}` : ''}`);
  if (specimens.length > 0 && (procedural.length === 0 || rng.bool(SPECIMEN_SHARE))) return rng.pick(specimens);
  return rng.pick(procedural);
}
