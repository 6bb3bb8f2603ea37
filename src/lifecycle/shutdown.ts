import type { Logger } from 'pino';

/** What a server process closes on SIGTERM, in this order. */
export interface ShutdownSteps {
  /** Stops accepting connections, lets in-flight requests answer, waits for their BI writes (app onClose). */
  readonly app?: { close(): Promise<unknown> };
  /** Lets the remaining analyses end, then stops the worker threads. */
  readonly engine?: { close(): Promise<void> };
  /** Closes the BI store's connections once nothing writes any more. */
  readonly store?: { close(): Promise<void> };
}

/**
 * Graceful shutdown: app, then engine, then store; a failing step is logged and the next one still runs.
 * Resolves 'clean' when every step finished within `timeoutMs`, else 'timed out' (the caller exits non-zero
 * rather than hang until the orchestrator kills it).
 */
export async function shutDown(steps: ShutdownSteps, options: { timeoutMs: number; logger: Logger }): Promise<'clean' | 'timed out'> {
  const { logger } = options;
  const run = async (): Promise<'clean'> => {
    const ordered: [string, { close(): Promise<unknown> } | undefined][] = [
      ['HTTP server', steps.app],
      ['analysis engine', steps.engine],
      ['BI store', steps.store],
    ];
    for (const [name, step] of ordered) {
      if (step === undefined) continue;
      try {
        await step.close();
        logger.info(`${name} closed`);
      } catch (error) {
        logger.error({ err: error }, `closing the ${name} failed`);
      }
    }
    return 'clean';
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), options.timeoutMs);
  });
  try {
    return await Promise.race([run(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
