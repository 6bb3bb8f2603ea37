import { DocliveError } from '../errors.js';

// Bounded in-process admission for checks: at most `concurrency` run at once, at most `maxQueue` wait; one more
// is refused at once with 408 ENGINE_OVERLOADED (as the reference answers an overloaded engine). Each admitted
// check gets a deadline; when it passes, the caller gets 408 PROCESSING_TIMEOUT and the work is told to stop via
// its AbortSignal. The slot is released only when the work really ends, so abandoned work still counts against
// the concurrency. A worker pool can replace this module behind the same `run`.

export interface AdmissionOptions {
  readonly concurrency: number;
  readonly maxQueue: number;
  readonly timeoutMs: number;
}

export interface Admission {
  run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Checks running and waiting, for health / metrics. */
  stats(): { running: number; queued: number };
}

export function createAdmission(options: AdmissionOptions): Admission {
  let running = 0;
  const queue: Array<() => void> = [];

  const release = (): void => {
    running--;
    const next = queue.shift();
    if (next !== undefined) next();
  };

  return {
    stats: () => ({ running, queued: queue.length }),
    run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
      if (running >= options.concurrency && queue.length >= options.maxQueue) {
        return Promise.reject(
          new DocliveError(
            'ENGINE_OVERLOADED',
            `The server is busy: ${running} checks are running and ${queue.length} are waiting (IDLIVEDOC_SERVER_MAX_QUEUE). Retry later.`,
          ),
        );
      }
      return new Promise<T>((resolve, reject) => {
        const controller = new AbortController();
        let settled = false;
        let waiting: (() => void) | null = null;
        const timer = setTimeout(() => {
          if (waiting !== null) {
            const index = queue.indexOf(waiting);
            if (index !== -1) queue.splice(index, 1);
          }
          settled = true;
          controller.abort();
          reject(
            new DocliveError(
              'PROCESSING_TIMEOUT',
              `The check did not finish within ${options.timeoutMs} ms (IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS). Retry later or with a smaller image.`,
            ),
          );
        }, options.timeoutMs);

        const start = (): void => {
          waiting = null;
          running++;
          let result: Promise<T>;
          try {
            result = work(controller.signal);
          } catch (error) {
            result = Promise.reject(error);
          }
          result.then(
            (value) => {
              release();
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              resolve(value);
            },
            (error: unknown) => {
              release();
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              reject(error);
            },
          );
        };

        if (running < options.concurrency) start();
        else {
          waiting = start;
          queue.push(start);
        }
      });
    },
  };
}
