import type { Logger } from 'pino';

type UmzugLogFn = (message: Record<string, unknown>) => void;

/** Adapts pino to the logger shape umzug expects; migration events are logged as structured objects. */
export function umzugLogger(logger: Logger): Record<'info' | 'warn' | 'error' | 'debug', UmzugLogFn> {
  const child = logger.child({ component: 'bi-store-migrations' });
  return {
    info: (message) => child.info(message, 'BI store migration'),
    warn: (message) => child.warn(message, 'BI store migration'),
    error: (message) => child.error(message, 'BI store migration'),
    debug: (message) => child.debug(message, 'BI store migration'),
  };
}
