import { assertCalendarDay } from '../domain/calendar-day.js';
import type { PipelineName } from '../pipelines/registry.js';
import type { LicensedPipeline } from './format.js';
import type { LicenseState } from './types.js';

/** No license file: every pipeline is open, without expiration date. */
export function openLicenseState(): LicenseState {
  return Object.freeze({
    covers: () => true,
    expirationDate: () => null,
    isExpired: (_pipeline: PipelineName, today: string) => {
      assertCalendarDay(today, 'today');
      return false;
    },
  });
}

/**
 * A verified license: only the listed pipelines are offered. A pipeline expires the day after its expiration date;
 * the expiration date itself is still a licensed day.
 */
export function licensedState(pipelines: readonly LicensedPipeline[]): LicenseState {
  const dates = new Map<PipelineName, string | null>(pipelines.map((entry) => [entry.pipeline, entry.expirationDate]));
  return Object.freeze({
    covers: (pipeline: PipelineName) => dates.has(pipeline),
    expirationDate: (pipeline: PipelineName) => dates.get(pipeline) ?? null,
    isExpired: (pipeline: PipelineName, today: string) => {
      assertCalendarDay(today, 'today');
      const date = dates.get(pipeline) ?? null;
      return date !== null && date < today; // yyyy-MM-dd strings compare in calendar order
    },
  });
}
