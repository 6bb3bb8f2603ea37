import { createAdmission, type Admission } from '../check/admission.js';
import type { PooledAnalysisEngine } from './pool.js';

/**
 * Admission for checks analysed by the worker pool: the pool itself bounds what runs and what waits (408
 * ENGINE_OVERLOADED) and drops waiting work whose signal aborts; this adds the per-check deadline (408
 * PROCESSING_TIMEOUT, the signal aborted) and reports the pool's queue for /health/ready.
 */
export function createPoolAdmission(pool: Pick<PooledAnalysisEngine, 'stats'>, timeoutMs: number): Admission {
  const deadlineOnly = createAdmission({ concurrency: Number.POSITIVE_INFINITY, maxQueue: 0, timeoutMs });
  return {
    run: (work) => deadlineOnly.run(work),
    stats: () => {
      const { running, queued } = pool.stats();
      return { running, queued };
    },
  };
}
