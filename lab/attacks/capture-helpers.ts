// Shared by the attacks that start from a capture: retry until the region the attack needs is in the frame, and
// relabel the bona fide sample as an attack with the attack's parameters in the sidecar.
import sharp from 'sharp';
import type { Rng } from '../rng.js';
import type { CaptureFn, DocumentRender, LabClass, LabQuad, LabSample } from '../types.js';
import { quadInside } from './homography.js';

export async function imageSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes).metadata();
  if (!meta.width || !meta.height) throw new Error('capture returned an image without dimensions');
  return { width: meta.width, height: meta.height };
}

/** A quad that must lie inside the frame (2 px margin). */
export function quadVisible(quad: LabQuad | null | undefined): (sample: LabSample, width: number, height: number) => boolean {
  return (_s, width, height) => quad !== null && quad !== undefined && quadInside(quad, width, height, 2);
}

/**
 * Captures `doc` until `ok(sample, width, height)` holds (what the attack needs is in the frame), at most `tries`
 * times; returns the last capture and whether the condition held. Retries only where the attack cannot be made
 * otherwise, so the attack classes keep the capture's own distribution of framing.
 */
export async function captureWith(
  capture: CaptureFn,
  doc: DocumentRender,
  rng: Rng,
  ok: (sample: LabSample, width: number, height: number) => boolean,
  tries = 4,
): Promise<{ sample: LabSample; visible: boolean; width: number; height: number; attempt: number }> {
  let last: { sample: LabSample; visible: boolean; width: number; height: number; attempt: number } | null = null;
  for (let attempt = 0; attempt < tries; attempt++) {
    const sample = await capture(doc, rng.fork(`capture-${attempt}`));
    const { width, height } = await imageSize(sample.bytes);
    const visible = ok(sample, width, height);
    last = { sample, visible, width, height, attempt };
    if (visible) break;
  }
  return last!;
}

export function asAttack(
  sample: LabSample,
  attack: Exclude<LabClass, 'bona_fide'>,
  subtype: string,
  attackParams: Record<string, unknown>,
  replace?: Partial<Pick<LabSample, 'bytes' | 'extension' | 'quads' | 'portraitQuad'>>,
): LabSample {
  return {
    ...sample,
    ...replace,
    label: 'attack',
    attack,
    params: { ...sample.params, attackSubtype: subtype, attackParams },
  };
}
