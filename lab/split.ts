// The fixed split rule of the lab: layout families and faces are divided between train / val / test so that nothing
// seen in training (a design or a person) appears in the test split. Within each group (procedural ID cards,
// procedural passports, specimens, faces by person) names are ranked by a salted hash and the ranking is cut
// 70 / 15 / 15, with at least one member in val and test, so every split gets both document types.
import { hashString } from './rng.js';
import type { LabDocumentType, LabSplit } from './types.js';
import { FACE_IDS, identityOfFace } from './faces-catalogue.js';
import { PROCEDURAL_FAMILIES } from './documents/family-ids.js';
import { listSpecimenFamilies } from './documents/specimen-files.js';

const SALT = 'doclive-lab-split-v1';
export const LAB_SPLITS: readonly LabSplit[] = ['train', 'val', 'test'];

export function isLabSplit(value: string): value is LabSplit {
  return (LAB_SPLITS as readonly string[]).includes(value);
}

/** Splits one group of names: the hash ranking cut 70 / 15 / 15 (val and test get at least one when n >= 3). */
export function splitGroup(names: readonly string[]): Map<string, LabSplit> {
  const ranked = [...new Set(names)].sort((a, b) => hashString(`${SALT}:${a}`) - hashString(`${SALT}:${b}`) || (a < b ? -1 : 1));
  const n = ranked.length;
  const nTest = n >= 3 ? Math.max(1, Math.round(n * 0.15)) : 0;
  const nVal = n >= 3 ? Math.max(1, Math.round(n * 0.15)) : 0;
  const out = new Map<string, LabSplit>();
  ranked.forEach((name, i) => out.set(name, i < nTest ? 'test' : i < nTest + nVal ? 'val' : 'train'));
  return out;
}

/** Design of a specimen file: "100_pass-uto.jpg" and "25_pass-uto.jpg" -> "pass-uto"; "100_pass-cze2.jpg" -> "pass-cze". */
export function specimenDesign(file: string): string {
  return file.replace(/^\d+_/, '').replace(/\.[a-z]+$/i, '').replace(/\d+$/, '').replace(/\d+(-)/, '$1');
}

let familySplits: Map<string, LabSplit> | null = null;
let faceSplits: Map<string, LabSplit> | null = null;

function familyTable(): Map<string, LabSplit> {
  if (!familySplits) {
    const ids = PROCEDURAL_FAMILIES.filter((f) => f.documentType === 'ID_CARD').map((f) => f.id);
    const passports = PROCEDURAL_FAMILIES.filter((f) => f.documentType === 'PASSPORT').map((f) => f.id);
    const specimens = listSpecimenFamilies();
    // Scans of one design (the same specimen at two resolutions, or two versions of one state's page) share a split.
    const bySpecimenDesign = (type: LabDocumentType): [string, LabSplit][] => {
      const of = specimens.filter((s) => s.documentType === type);
      const designs = splitGroup(of.map((s) => specimenDesign(s.file)));
      return of.map((s) => [s.family, designs.get(specimenDesign(s.file)) as LabSplit]);
    };
    familySplits = new Map([...splitGroup(ids), ...splitGroup(passports), ...bySpecimenDesign('ID_CARD'), ...bySpecimenDesign('PASSPORT')]);
  }
  return familySplits;
}

/** Faces are split by person (identity), so two photos of one person never end up in different splits. */
function faceTable(): Map<string, LabSplit> {
  if (!faceSplits) {
    const byIdentity = splitGroup(FACE_IDS.map(identityOfFace));
    faceSplits = new Map(FACE_IDS.map((id) => [id, byIdentity.get(identityOfFace(id)) as LabSplit]));
  }
  return faceSplits;
}

export function splitOfFamily(family: string): LabSplit {
  const split = familyTable().get(family);
  if (!split) throw new Error(`unknown layout family "${family}"; known: ${[...familyTable().keys()].sort().join(', ')}`);
  return split;
}

export function splitOfFace(faceId: string): LabSplit {
  const split = faceTable().get(faceId);
  if (!split) throw new Error(`unknown face "${faceId}"; known: ${FACE_IDS.join(', ')}`);
  return split;
}

/** Families of a split (procedural first, then specimens), optionally of one document type. */
export function familiesFor(split: LabSplit, documentType?: LabDocumentType): string[] {
  const types = new Map<string, LabDocumentType>([
    ...PROCEDURAL_FAMILIES.map((f) => [f.id, f.documentType] as const),
    ...listSpecimenFamilies().map((s) => [s.family, s.documentType] as const),
  ]);
  return [...familyTable()]
    .filter(([family, s]) => s === split && (!documentType || types.get(family) === documentType))
    .map(([family]) => family);
}

export function facesFor(split: LabSplit): string[] {
  return FACE_IDS.filter((id) => faceTable().get(id) === split);
}
