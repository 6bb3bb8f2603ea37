// Test-only lab parts: the real documents, camera and all four attacks, at a small frame size so tests stay quick.
import type { LabSplit } from '../../lab/types.js';
import type { LabParts, LabPartsOptions } from '../../lab/parts.js';
import { loadLabParts as realParts } from '../../lab/parts.js';

export async function loadLabParts(split: LabSplit, options: LabPartsOptions = {}): Promise<LabParts> {
  return realParts(split, { ...options, resolution: [480, 270] });
}
