import type { LicenseState } from '../license/types.js';
import { PIPELINES, PIPELINE_NAMES, type PipelineName } from './registry.js';

// Which pipelines this server offers: those the engine implements, that IDLIVEDOC_SERVER_AVAILABLE_PIPELINES
// selects (unset = all) and that the license covers. Requests for any other pipeline get a message saying why.

export type NotOfferedReason = 'not-implemented' | 'not-enabled' | 'not-licensed';

export interface PipelineOffering {
  readonly offered: readonly PipelineName[];
  /** Why each known pipeline outside `offered` is not offered. */
  readonly reasons: Readonly<Partial<Record<PipelineName, NotOfferedReason>>>;
}

export function resolveOffering(
  implemented: readonly PipelineName[],
  available: readonly PipelineName[] | null,
  license: Pick<LicenseState, 'covers'>,
): PipelineOffering {
  const notImplemented = (available ?? []).filter((name) => !implemented.includes(name));
  if (notImplemented.length > 0) {
    throw new Error(
      `IDLIVEDOC_SERVER_AVAILABLE_PIPELINES names ${notImplemented.join(', ')}, which this build has no trained detector for. ` +
        `Pipelines implemented in this build: [${implemented.join(', ')}]` +
        (implemented.length === 0 ? ' (none yet: unset the variable to start without pipelines)' : '') +
        '.',
    );
  }
  const offered: PipelineName[] = [];
  const reasons: Partial<Record<PipelineName, NotOfferedReason>> = {};
  for (const name of PIPELINE_NAMES) {
    if (!implemented.includes(name)) reasons[name] = 'not-implemented';
    else if (available !== null && !available.includes(name)) reasons[name] = 'not-enabled';
    else if (!license.covers(name)) reasons[name] = 'not-licensed';
    else offered.push(name);
  }
  return Object.freeze({ offered: Object.freeze(offered), reasons: Object.freeze(reasons) });
}

/** Names and aliases that resolve to an offered pipeline, names first. */
export function offeredSpellings(offered: readonly PipelineName[]): string[] {
  const aliases = offered.map((name) => PIPELINES[name].alias).filter((alias): alias is string => alias !== null);
  return [...offered, ...aliases];
}
