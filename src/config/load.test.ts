import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load.js';
import { DEFAULTS } from './variables.js';

test('defaults when nothing is set', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.availablePipelines, null);
  assert.equal(config.maxBodyBytes, 32 * 1024 * 1024);
  assert.equal(config.maxImagePixels, 50_000_000);
  assert.equal(config.maxQueue, 64);
  assert.equal(config.requestTimeoutMs, 30_000);
  assert.equal(config.dbUrl, DEFAULTS.DB_URL);
  assert.deepEqual(config.apiKeys, []);
  assert.equal(config.timezone, 'UTC');
  assert.equal(config.logLevel, 'info');
  assert.ok(config.workers >= 1);
  assert.ok(Object.isFrozen(config));
});

test('every invalid variable is reported together', () => {
  const error = (() => {
    try {
      loadConfig({
        IDLIVEDOC_SERVER_PORT: '80a',
        IDLIVEDOC_SERVER_WORKERS: '0',
        IDLIVEDOC_SERVER_DB_URL: 'mysql://x',
        IDLIVEDOC_SERVER_TIMEZONE: 'Mars/Olympus',
        IDLIVEDOC_SERVER_LOG_LEVEL: 'loud',
        IDLIVEDOC_SERVER_AVAILABLE_PIPELINES: 'vulture-sr,condor-xx',
        IDLIVEDOC_SERVER_LICENSE: '/nonexistent/license.json',
        IDLIVEDOC_SERVER_API_KEYS: ' , ',
      });
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(error instanceof ConfigError);
  const text = error.problems.join('\n');
  for (const name of ['PORT', 'WORKERS', 'DB_URL', 'TIMEZONE', 'LOG_LEVEL', 'AVAILABLE_PIPELINES', 'LICENSE', 'API_KEYS']) {
    assert.match(text, new RegExp(`IDLIVEDOC_SERVER_${name}=`), name);
  }
  assert.equal(error.problems.length, 8);
  assert.match(text, /condor-xx.*must be one of \[vulture-sr/);
});

test('AVAILABLE_PIPELINES: aliases resolve, duplicates collapse, empty is an error', () => {
  const config = loadConfig({ IDLIVEDOC_SERVER_AVAILABLE_PIPELINES: ' default-sr , vulture-sr,robin-pc ' });
  assert.deepEqual(config.availablePipelines, ['vulture-sr', 'robin-pc']);
  assert.throws(() => loadConfig({ IDLIVEDOC_SERVER_AVAILABLE_PIPELINES: '' }), /set but empty/);
  assert.throws(() => loadConfig({ IDLIVEDOC_SERVER_AVAILABLE_PIPELINES: ' , ' }), /set but empty/);
});

test('DB_URL accepts sqlite: and postgres:// forms', () => {
  assert.equal(loadConfig({ IDLIVEDOC_SERVER_DB_URL: 'postgres://u:p@db:5432/doclive' }).dbUrl, 'postgres://u:p@db:5432/doclive');
  assert.equal(loadConfig({ IDLIVEDOC_SERVER_DB_URL: 'postgresql://db/doclive' }).dbUrl, 'postgresql://db/doclive');
  assert.equal(loadConfig({ IDLIVEDOC_SERVER_DB_URL: 'sqlite:/var/lib/doclive.sqlite' }).dbUrl, 'sqlite:/var/lib/doclive.sqlite');
  assert.throws(() => loadConfig({ IDLIVEDOC_SERVER_DB_URL: 'sqlite:' }), /DB_URL/);
});

test('paths must exist with the right kind; API keys are split and deduplicated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doclive-config-'));
  const file = join(dir, 'license.json');
  writeFileSync(file, '{}');
  const config = loadConfig({
    IDLIVEDOC_SERVER_LICENSE: file,
    IDLIVEDOC_SERVER_CALIBRATION_DIR: dir,
    IDLIVEDOC_SERVER_API_KEYS: 'k1, k2,k1',
    IDLIVEDOC_SERVER_TIMEZONE: 'Europe/Berlin',
  });
  assert.equal(config.licensePath, file);
  assert.equal(config.calibrationDir, dir);
  assert.deepEqual(config.apiKeys, ['k1', 'k2']);
  assert.equal(config.timezone, 'Europe/Berlin');
  assert.throws(() => loadConfig({ IDLIVEDOC_SERVER_CALIBRATION_DIR: file }), /must be a directory/);
  assert.throws(() => loadConfig({ IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY: dir }), /must be a file/);
});

test('numbers: range and syntax', () => {
  assert.equal(loadConfig({ IDLIVEDOC_SERVER_MAX_QUEUE: '0' }).maxQueue, 0);
  assert.throws(() => loadConfig({ IDLIVEDOC_SERVER_PORT: '70000' }), /PORT/);
  assert.throws(() => loadConfig({ IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS: '-5' }), /REQUEST_TIMEOUT_MS/);
  assert.throws(() => loadConfig({ IDLIVEDOC_SERVER_MAX_IMAGE_PIXELS: '1e6' }), /MAX_IMAGE_PIXELS/);
});
