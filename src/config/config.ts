import type { PipelineName } from '../pipelines/registry.js';
import type { LogLevel } from './variables.js';

/** The server's configuration, read once from the environment at start-up and frozen. */
export interface Config {
  /** Pipelines named in IDLIVEDOC_SERVER_AVAILABLE_PIPELINES (aliases resolved, no duplicates); null = unset = all. */
  readonly availablePipelines: readonly PipelineName[] | null;
  readonly port: number;
  readonly host: string;
  /** Checks analysed at the same time. */
  readonly workers: number;
  /** Checks that may wait for a worker; one more is answered 408 ENGINE_OVERLOADED. */
  readonly maxQueue: number;
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxImagePixels: number;
  /** `sqlite:<path>` or `postgres://...` / `postgresql://...`. */
  readonly dbUrl: string;
  readonly licensePath: string | null;
  readonly licensePublicKeyPath: string | null;
  /** Empty = no API key needed. */
  readonly apiKeys: readonly string[];
  readonly calibrationDir: string | null;
  /** IANA time zone used to put each answered check on its day in the BI report. */
  readonly timezone: string;
  readonly logLevel: LogLevel;
}
