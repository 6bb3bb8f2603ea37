import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { PIPELINE_NAMES, allPipelineSpellings, resolvePipelineName, type PipelineName } from '../pipelines/registry.js';
import type { Config } from './config.js';
import { DEFAULTS, ENV_PREFIX, LOG_LEVELS, type ConfigVariable, type LogLevel } from './variables.js';

/** Thrown when one or more variables are invalid; `problems` has one line per variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads every IDLIVEDOC_SERVER_* variable, checks all of them and throws one ConfigError listing every invalid
 * variable (so a user fixes them in one go), or returns the frozen Config.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = (name: ConfigVariable): string | undefined => env[ENV_PREFIX + name];
  const fail = (name: ConfigVariable, message: string): void => {
    problems.push(`${ENV_PREFIX}${name}=${JSON.stringify(read(name))}: ${message}`);
  };

  const integer = (name: ConfigVariable, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const trimmed = raw.trim();
    if (!/^\d+$/.test(trimmed) || Number(trimmed) < min || Number(trimmed) > max) {
      fail(name, `must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(trimmed);
  };

  const existingPath = (name: ConfigVariable, kind: 'file' | 'directory'): string | null => {
    const raw = read(name);
    if (raw === undefined) return null;
    const path = raw.trim();
    if (path === '') {
      fail(name, `must be the path of a ${kind} (unset it to do without)`);
      return null;
    }
    if (!existsSync(path)) {
      fail(name, `no such ${kind}`);
      return null;
    }
    const isDir = statSync(path).isDirectory();
    if (kind === 'directory' ? !isDir : isDir) {
      fail(name, `must be a ${kind}`);
      return null;
    }
    return path;
  };

  const availablePipelines = ((): PipelineName[] | null => {
    const raw = read('AVAILABLE_PIPELINES');
    if (raw === undefined) return null;
    const entries = splitList(raw);
    if (entries.length === 0) {
      fail('AVAILABLE_PIPELINES', `is set but empty; unset it to offer every pipeline, or list some of [${allPipelineSpellings().join(', ')}]`);
      return null;
    }
    const unknown = entries.filter((entry) => resolvePipelineName(entry) === null);
    if (unknown.length > 0) {
      fail('AVAILABLE_PIPELINES', `unknown pipeline ${unknown.map((u) => `'${u}'`).join(', ')}: must be one of [${allPipelineSpellings().join(', ')}]`);
      return null;
    }
    const names = new Set(entries.map((entry) => resolvePipelineName(entry) as PipelineName));
    return PIPELINE_NAMES.filter((name) => names.has(name));
  })();

  const host = ((): string => {
    const raw = read('HOST');
    if (raw === undefined) return DEFAULTS.HOST;
    if (raw.trim() === '') {
      fail('HOST', 'must be a host name or IP address to listen on, e.g. 0.0.0.0 or 127.0.0.1');
      return DEFAULTS.HOST;
    }
    return raw.trim();
  })();

  const dbUrl = ((): string => {
    const raw = read('DB_URL');
    if (raw === undefined) return DEFAULTS.DB_URL;
    const url = raw.trim();
    if (/^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url)) return url;
    fail('DB_URL', "must be 'sqlite:<file path>' (e.g. sqlite:./data/doclive.sqlite) or 'postgres://user:password@host:5432/database'");
    return DEFAULTS.DB_URL;
  })();

  const apiKeys = ((): string[] => {
    const raw = read('API_KEYS');
    if (raw === undefined) return [];
    const keys = splitList(raw);
    if (keys.length === 0) {
      fail('API_KEYS', 'is set but empty; unset it to run without API keys, or give a comma-separated list of keys');
      return [];
    }
    if (keys.some((key) => /\s/.test(key))) {
      fail('API_KEYS', 'keys must not contain whitespace (keys are separated by commas)');
      return [];
    }
    return [...new Set(keys)];
  })();

  const timezone = ((): string => {
    const raw = read('TIMEZONE');
    if (raw === undefined) return DEFAULTS.TIMEZONE;
    const zone = raw.trim();
    if (!isValidTimeZone(zone)) {
      fail('TIMEZONE', 'must be an IANA time zone name such as UTC, Europe/Berlin or America/New_York');
      return DEFAULTS.TIMEZONE;
    }
    return zone;
  })();

  const logLevel = ((): LogLevel => {
    const raw = read('LOG_LEVEL');
    if (raw === undefined) return DEFAULTS.LOG_LEVEL;
    const level = raw.trim().toLowerCase();
    if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
    fail('LOG_LEVEL', `must be one of [${LOG_LEVELS.join(', ')}]`);
    return DEFAULTS.LOG_LEVEL;
  })();

  const config: Config = {
    availablePipelines: availablePipelines === null ? null : Object.freeze(availablePipelines),
    port: integer('PORT', DEFAULTS.PORT, 0, 65535),
    host,
    workers: integer('WORKERS', availableParallelism(), 1, 1024),
    maxQueue: integer('MAX_QUEUE', DEFAULTS.MAX_QUEUE, 0, 1_000_000),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', DEFAULTS.REQUEST_TIMEOUT_MS, 1, 3_600_000),
    maxBodyBytes: integer('MAX_BODY_BYTES', DEFAULTS.MAX_BODY_BYTES, 1024, 2 ** 31 - 1),
    maxImagePixels: integer('MAX_IMAGE_PIXELS', DEFAULTS.MAX_IMAGE_PIXELS, 1, 1_000_000_000),
    dbUrl,
    licensePath: existingPath('LICENSE', 'file'),
    licensePublicKeyPath: existingPath('LICENSE_PUBLIC_KEY', 'file'),
    apiKeys: Object.freeze(apiKeys),
    calibrationDir: existingPath('CALIBRATION_DIR', 'directory'),
    timezone,
    logLevel,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Comma-separated list; blanks around entries and empty entries are dropped. */
export function splitList(raw: string): string[] {
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function isValidTimeZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
