import type { Logger } from 'pino';
import { dayIn } from '../domain/day.js';
import type { BiStore } from '../store/types.js';
import { biKeys } from './outcome-key.js';
import type { CheckOutcome } from './service.js';

// Counting an answered check in the BI store must never delay or fail the answer: the write runs in the
// background; a failure is logged (keys only, never image data) and counted.

export interface BiRecorder {
  record(outcome: CheckOutcome): void;
  /** Writes that failed since start. */
  failures(): number;
  /** Waits for the writes in flight (graceful shutdown, tests). */
  flush(): Promise<void>;
}

export function createBiRecorder(deps: { store: BiStore; timezone: string; clock: () => Date; logger: Logger }): BiRecorder {
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  return {
    record(outcome) {
      const day = dayIn(deps.clock(), deps.timezone);
      const keys = biKeys(outcome.documentType, outcome.response);
      let write: Promise<void>;
      try {
        write = Promise.resolve(deps.store.increment(day, keys));
      } catch (error) {
        write = Promise.reject(error);
      }
      const tracked = write.catch((error: unknown) => {
        failed++;
        deps.logger.error({ err: error, day, keys }, 'could not record the check in the BI store');
      });
      inFlight.add(tracked);
      void tracked.finally(() => inFlight.delete(tracked));
    },
    failures: () => failed,
    async flush() {
      await Promise.all([...inFlight]);
    },
  };
}
