// Every IDLIVEDOC_SERVER_* environment variable the server reads, with its default as documented in
// docs/configuration.md (a test checks that the code and the docs name the same variables).

export const ENV_PREFIX = 'IDLIVEDOC_SERVER_';

export const CONFIG_VARIABLES = [
  'AVAILABLE_PIPELINES',
  'PORT',
  'HOST',
  'WORKERS',
  'MAX_QUEUE',
  'REQUEST_TIMEOUT_MS',
  'MAX_BODY_BYTES',
  'MAX_IMAGE_PIXELS',
  'DB_URL',
  'LICENSE',
  'LICENSE_PUBLIC_KEY',
  'API_KEYS',
  'CALIBRATION_DIR',
  'TIMEZONE',
  'LOG_LEVEL',
] as const;
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

export const DEFAULTS = Object.freeze({
  PORT: 8080,
  HOST: '0.0.0.0',
  MAX_QUEUE: 64,
  REQUEST_TIMEOUT_MS: 30_000,
  /** 32 MB: a 24 MB photo still fits once base64 has grown it by a third. */
  MAX_BODY_BYTES: 32 * 1024 * 1024,
  /** 50 megapixels: above any phone camera in common use, far below a decompression bomb. */
  MAX_IMAGE_PIXELS: 50_000_000,
  DB_URL: 'sqlite:./data/doclive.sqlite',
  TIMEZONE: 'UTC',
  LOG_LEVEL: 'info',
});

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
