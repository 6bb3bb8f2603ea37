import type { AttackType } from '../domain/types.js';

// The frozen table of every pipeline doclive knows by name. Whether a pipeline is *offered* depends on
// whether the analysis engine has a trained, measured detector for it (see AnalysisEngine.implementedPipelines).

export const PIPELINE_NAMES = ['vulture-sr', 'woodpecker-pc', 'robin-pc', 'xenops-ps', 'hawk-sd'] as const;
export type PipelineName = (typeof PIPELINE_NAMES)[number];

export interface PipelineSpec {
  readonly name: PipelineName;
  readonly attackType: AttackType;
  /** Alias clients may send instead of the name (echoed back as sent). */
  readonly alias: string | null;
  /** Portrait substitution needs the portrait; it answers DOCUMENT_PHOTO_NOT_FOUND without one. */
  readonly needsPortrait: boolean;
}

export const PIPELINES: Readonly<Record<PipelineName, PipelineSpec>> = Object.freeze({
  'vulture-sr': Object.freeze({ name: 'vulture-sr', attackType: 'SCREEN_REPLAY', alias: 'default-sr', needsPortrait: false }),
  'woodpecker-pc': Object.freeze({ name: 'woodpecker-pc', attackType: 'PRINTED_COPY', alias: 'default-pc', needsPortrait: false }),
  'robin-pc': Object.freeze({ name: 'robin-pc', attackType: 'PRINTED_COPY', alias: null, needsPortrait: false }),
  'xenops-ps': Object.freeze({ name: 'xenops-ps', attackType: 'PORTRAIT_SUBSTITUTION', alias: 'default-ps', needsPortrait: true }),
  'hawk-sd': Object.freeze({ name: 'hawk-sd', attackType: 'DIGITAL_MANIPULATIONS', alias: 'default-sd', needsPortrait: false }),
} satisfies Record<PipelineName, PipelineSpec>);

/** alias -> pipeline name, e.g. {"default-sr": "vulture-sr"}. */
export const PIPELINE_ALIASES: Readonly<Record<string, PipelineName>> = Object.freeze(
  Object.fromEntries(
    Object.values(PIPELINES)
      .filter((spec) => spec.alias !== null)
      .map((spec) => [spec.alias as string, spec.name]),
  ),
);

/** Resolves a name or alias to the pipeline name, or null when it is neither. */
export function resolvePipelineName(nameOrAlias: string): PipelineName | null {
  if ((PIPELINE_NAMES as readonly string[]).includes(nameOrAlias)) return nameOrAlias as PipelineName;
  return PIPELINE_ALIASES[nameOrAlias] ?? null;
}

/** Every accepted spelling (names then aliases), for "must be one of [...]" messages. */
export function allPipelineSpellings(): string[] {
  return [...PIPELINE_NAMES, ...Object.keys(PIPELINE_ALIASES)];
}
