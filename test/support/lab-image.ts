// One bona fide capture rendered by the lab (synthetic document, face and scene; never real data), for tests that
// need an image the real front-end localises, with its portrait. About 10-20 s on a loaded 2-core machine.
import { makeSampleOfClass } from '../../lab/generate.js';
import { loadLabParts } from '../../lab/parts.js';
import { Rng } from '../../lab/rng.js';
import type { LabSample } from '../../lab/types.js';

export async function labBonaFide(seed: string, resolution: readonly [number, number] = [1280, 720]): Promise<LabSample> {
  const parts = await loadLabParts('test', { resolution });
  return (await makeSampleOfClass('bona_fide', new Rng(seed), 'test', parts)).sample;
}
