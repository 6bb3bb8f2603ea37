// The procedural layout families: ids and document types only, so the split rule can list them without loading
// the renderer. Each id has a design in families.ts.
import type { LabDocumentType } from '../types.js';

export interface FamilyId {
  readonly id: string;
  readonly documentType: LabDocumentType;
}

export const PROCEDURAL_FAMILIES: readonly FamilyId[] = [
  ...Array.from({ length: 10 }, (_, i) => ({ id: `id-${String(i + 1).padStart(2, '0')}`, documentType: 'ID_CARD' as const })),
  ...Array.from({ length: 6 }, (_, i) => ({ id: `pass-${String(i + 1).padStart(2, '0')}`, documentType: 'PASSPORT' as const })),
];
