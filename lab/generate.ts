// The generator: which class and seed each image gets, how one image is made, and how the output folder is
// written (images, DIR/<name>.json sidecars, DIR/manifest.jsonl in the ../shared/DESIGN.md format).
// Image i depends only on (seed, split, i), so the output is byte-for-byte the same for any number of workers.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from './rng.js';
import type { LabClass, LabDocumentType, LabSample, LabSplit } from './types.js';
import type { LabParts } from './parts.js';
import type { PrintCut, PrintProcess } from './capture/print.js';
import type { IspDenoiseMode } from './capture/isp-denoise.js';
import type { RoomLight } from './capture/room-cast.js';
import type { PortraitSubstitutionKind } from './attacks/portrait-substitution.js';
import { LAB_VERSION } from './version.js';

export const LAB_CLASSES: readonly LabClass[] = ['bona_fide', 'SCREEN_REPLAY', 'PRINTED_COPY', 'PORTRAIT_SUBSTITUTION', 'DIGITAL_MANIPULATIONS'];
export const LAB_SPLIT_NAMES: readonly LabSplit[] = ['train', 'val', 'test'];

/** Relative share of each class in the default mix: bona fide as many as two attack classes. */
export const CLASS_WEIGHTS: Readonly<Record<LabClass, number>> = {
  bona_fide: 2,
  SCREEN_REPLAY: 1,
  PRINTED_COPY: 1,
  PORTRAIT_SUBSTITUTION: 1,
  DIGITAL_MANIPULATIONS: 1,
};

export interface GenerateConfig {
  readonly out: string;
  readonly count: number;
  readonly seed: string;
  readonly classes: readonly LabClass[];
  readonly split: LabSplit;
  readonly workers: number;
  /** Fixed camera frame size (benchmarks); default: drawn from the phone mix per image. */
  readonly resolution?: readonly [number, number];
  /** Every printed copy by this process (e.g. more grey photocopies); default: drawn from the process mix. */
  readonly printProcess?: PrintProcess;
  /** Screen replays with an off-axis panel fall-off (ScreenReplayOptions.viewingFalloff); default off. */
  readonly screenFalloff?: boolean;
  /** Screen replays white-balanced by a camera that sees the screen fill the frame (ScreenReplayOptions.frameWhiteBalance); default off. */
  readonly screenAwb?: boolean;
  /** Room light of every capture: 'default', or 'cast' for real rooms' colour casts (capture/room-cast.ts). */
  readonly roomLight?: RoomLight;
  /** How printed copies that are not whole pages are cut out: 'default', or 'card' (along the card's outline). */
  readonly printCut?: PrintCut;
  /** The camera's noise reduction on every capture: 'default', or 'phone' (capture/isp-denoise.ts). */
  readonly ispDenoise?: IspDenoiseMode;
  /** Every portrait substitution of this kind (more physical ones to train on); default: drawn per image. */
  readonly portraitKind?: PortraitSubstitutionKind;
}

export interface ManifestEntry {
  readonly image: string;
  readonly label: 'bona_fide' | 'attack';
  readonly attack: Exclude<LabClass, 'bona_fide'> | null;
  readonly quad: LabSample['quads'][number] | null;
  readonly document_type: LabDocumentType;
  /** Every document in the image (main first) when there is more than one. */
  readonly quads?: LabSample['quads'];
}

export function imageName(index: number): string {
  return `lab-${String(index).padStart(6, '0')}`;
}

/**
 * Class of image `index`: the classes are dealt in blocks (each block holds every class as often as its weight,
 * shuffled by the seed), so any prefix of the output is close to the asked mix and small runs contain every class.
 */
export function classOf(index: number, seed: string, classes: readonly LabClass[]): LabClass {
  const deck: LabClass[] = [];
  for (const c of classes) for (let k = 0; k < CLASS_WEIGHTS[c]; k++) deck.push(c);
  const block = Math.floor(index / deck.length);
  const shuffled = new Rng(`doclive-lab:${seed}:deck:${block}`).shuffle(deck);
  return shuffled[index % deck.length]!;
}

export function rngFor(index: number, seed: string, split: LabSplit): Rng {
  return new Rng(`doclive-lab:${seed}:${split}:${index}`);
}

/** Makes image `index`. */
export async function makeSample(index: number, config: Pick<GenerateConfig, 'seed' | 'classes' | 'split'>, parts: LabParts): Promise<{ cls: LabClass; sample: LabSample; family: string }> {
  const cls = classOf(index, config.seed, config.classes);
  return makeSampleOfClass(cls, rngFor(index, config.seed, config.split), config.split, parts);
}

/** Renders a document of the split and turns it into an image of class `cls`. */
export async function makeSampleOfClass(cls: LabClass, rng: Rng, split: LabSplit, parts: LabParts): Promise<{ cls: LabClass; sample: LabSample; family: string }> {
  const docRng = rng.fork('document');
  let doc = await parts.renderDocument({ rng: docRng.fork('try-0'), split });
  // Portrait substitution needs a portrait: some specimen scans have none; draw another document.
  for (let attempt = 1; cls === 'PORTRAIT_SUBSTITUTION' && doc.portraitBox === null && attempt < 20; attempt++) {
    doc = await parts.renderDocument({ rng: docRng.fork(`try-${attempt}`), split });
  }
  const sample = cls === 'bona_fide'
    ? await parts.capture(doc, rng.fork('capture'))
    : await parts.attacks[cls]({ doc, rng: rng.fork('attack'), split, capture: parts.capture });
  return { cls, sample, family: doc.family };
}

/** Writes the image and its sidecar; returns the manifest line. */
export async function writeSample(out: string, index: number, made: { cls: LabClass; sample: LabSample; family: string }, config: Pick<GenerateConfig, 'seed' | 'split'>): Promise<ManifestEntry> {
  const { sample } = made;
  const name = imageName(index);
  const file = `${name}.${sample.extension}`;
  await writeFile(join(out, file), sample.bytes);
  const entry: ManifestEntry = {
    image: file,
    label: sample.label,
    attack: sample.attack,
    quad: sample.quads[0] ?? null,
    document_type: sample.documentType,
    ...(sample.quads.length > 1 ? { quads: sample.quads } : {}),
  };
  const sidecar = {
    ...entry,
    quads: sample.quads,
    portrait_quad: sample.portraitQuad,
    class: made.cls,
    index,
    seed: config.seed,
    split: config.split,
    family: made.family,
    // The generator version first, so a reader can tell which checkout reproduces this image (lab/version.ts).
    params: { labVersion: LAB_VERSION, ...sample.params },
  };
  await writeFile(join(out, `${name}.json`), `${JSON.stringify(sidecar, null, 1)}\n`);
  return entry;
}

export async function writeManifest(out: string, entries: readonly ManifestEntry[]): Promise<void> {
  await writeFile(join(out, 'manifest.jsonl'), entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''));
}

export async function prepareOut(out: string): Promise<void> {
  await mkdir(out, { recursive: true });
}
